package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;

/**
 * {@code IdentityReady} holds: the principal that will reach the key exists and the target carries it.
 *
 * @param target   the target as read by this step
 * @param identity the user-assigned identity, or null for Databricks (the AzureDatabricks application and the
 *                 workspace's managed disk identity reach the key instead)
 */
record IdentityReady(KeyReady key, TargetState target, UserAssignedIdentity identity) {
}
