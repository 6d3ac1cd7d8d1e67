package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;

/**
 * {@code IdentityReady} holds: the principal that will reach the key exists and the target carries it (or the key
 * write will attach it, for a disk encryption set).
 *
 * @param target   the target as read by this step; null when the step did not read it because the previous status
 *                 vouches for the identity and the next steps need no read (a write in flight to poll, a rebind whose
 *                 write says all)
 * @param identity the user-assigned identity, or null for Databricks (the AzureDatabricks application and the
 *                 workspace's managed disk identity reach the key instead)
 */
record IdentityReady(KeyReady key, TargetState target, UserAssignedIdentity identity) {
}
