package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.util.Optional;

/**
 * {@code HsmReady} for a binding: the HSM is provisioned and activated. A binding never creates or activates an
 * HSM (that is the HSM request's job, see {@link HsmProvisioner}); it waits, showing the activation command
 * when activation is manual.
 */
final class EnsureHsm implements Step<Binding, HsmReady> {

    private final HsmPort hsms;

    EnsureHsm(HsmPort hsms) {
        this.hsms = hsms;
    }

    @Override
    public ConditionType type() {
        return ConditionType.HSM_READY;
    }

    @Override
    public Link<HsmReady> ensure(Pass pass, Binding binding) {
        Optional<HsmState> observed = hsms.get(binding.hsm());
        StepResult result = HsmReadiness.evaluate(binding.hsm(), observed, pass.now(), pass.settings())
                .orElseGet(() -> HsmReadiness.awaitingManualActivation(binding.hsm(),
                        pass.previous(ConditionType.HSM_READY), pass.now(), pass.settings()));
        if (!result.condition().isTrue()) {
            return Link.stops(result);
        }
        HsmState hsm = observed.orElseThrow();
        if (binding.kind() == TargetKind.DATABRICKS_WORKSPACE && !hsm.purgeProtectionEnabled()) {
            // Databricks managed disk encryption refuses keys from an HSM without purge protection (azure-facts 7)
            return Link.stops(StepResult.of(Condition.isFalse(ConditionType.HSM_READY, Reason.PURGE_PROTECTION_REQUIRED,
                    "Databricks needs purge protection on the HSM; enable enablePurgeProtection (it cannot be undone)",
                    pass.now()), pass.settings().failedRecheck()));
        }
        return Link.holds(result, new HsmReady(hsm));
    }
}
