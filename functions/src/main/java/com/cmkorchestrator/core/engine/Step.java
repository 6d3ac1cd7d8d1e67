package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.status.ConditionType;

/**
 * One link of the chain: given what the previous links established, read the actual state, compare it with the
 * desired state, make at most one change, and report a condition with what it established in turn. Running it again
 * once the link holds changes nothing. The input type is the previous link's output, so the chain's order is the
 * types': {@code Binding -> HsmReady -> KeyReady -> IdentityReady -> AccessGranted -> Bound -> Verified}.
 *
 * @param <I> what the previous link established
 * @param <O> what this link establishes
 */
interface Step<I, O> {

    ConditionType type();

    /** Throws {@link com.cmkorchestrator.core.errors.AzureCallException} for Azure errors: the chain classifies them. */
    Link<O> ensure(Pass pass, I established);
}
