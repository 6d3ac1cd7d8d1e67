package com.cmkorchestrator.core.rotation;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.ports.KeyVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * Sorts the bindings of a key that just got a new version: pinned references (Databricks managed services, anything
 * {@code pinned}) are rebound now; references the service moves itself are verified after its pickup window.
 * Bindings of other keys are left out, so a caller may pass every binding it has.
 */
public final class NewVersionPlanner {

    private NewVersionPlanner() {
    }

    public static RotationPlan plan(ArmId hsm, String keyName, KeyVersion newVersion, List<Binding> bindings) {
        List<Binding> now = new ArrayList<>();
        List<ScheduledCheck> later = new ArrayList<>();
        for (Binding binding : bindings) {
            if (!usesKey(binding, hsm, keyName)) {
                continue;
            }
            boolean pinned = binding.kind().slots().stream().anyMatch(binding::isPinned);
            if (pinned) {
                now.add(binding);
            } else {
                later.add(new ScheduledCheck(binding, newVersion.createdOn().plus(binding.kind().pickupWindow())));
            }
        }
        return new RotationPlan(now, later);
    }

    public static boolean usesKey(Binding binding, ArmId hsm, String keyName) {
        return binding.hsm().equals(hsm) && binding.key().name().equalsIgnoreCase(keyName);
    }
}
