package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;

import java.time.Instant;

/**
 * One reconcile pass over one binding, as every step sees it: the desired state, what the previous pass reported,
 * one clock reading, and the two logs the pass keeps (the writes it made, what it saw for the status). What one step
 * established for the next is not here: each step returns it ({@link Link}) and the next takes it as an argument.
 *
 * @param sameSpec whether {@code previous} was computed for this very spec: only then does a target that differs
 *                 from it tell of a change made outside the app (after a spec change it is the app's own next write)
 */
record Pass(Binding binding, BindingStatus previous, Instant now, Writes writes, Observations seen,
            EngineSettings settings, boolean sameSpec) {

    Condition previous(ConditionType type) {
        return previous == null ? null : previous.condition(type);
    }
}
