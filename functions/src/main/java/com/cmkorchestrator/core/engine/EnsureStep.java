package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.status.ConditionType;

/**
 * One link of the chain: read the actual state, compare it with the desired state, make at most one change, and
 * report a condition. Running it again once the link holds changes nothing.
 */
interface EnsureStep {

    ConditionType type();

    /** Throws {@link com.cmkorchestrator.core.errors.AzureCallException} for Azure errors; the reconciler classifies them. */
    StepResult ensure(Pass pass);
}
