package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.BindingCatalog;
import com.cmkorchestrator.app.BindingPass;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.app.StoredBinding;
import com.cmkorchestrator.app.retirement.RetirementSweep;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.rotation.FanOut;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.FindingStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hourly health sweep: one reconcile pass over every binding (repairing drift as it goes, a few bindings at a
 * time, each under its binding's gate as the queue worker's passes are, the ARM pipeline pacing their requests), then
 * the findings of each binding replaced by what this sweep saw, including each key's expiry horizon and version count,
 * and last the retirement of old key versions that bindings ask for. Findings of bindings that are gone are cleared.
 */
public final class HealthSweep {

    private final BindingCatalog catalog;
    private final BindingPass passes;
    private final FanOut fanOut;
    private final FindingStore findings;
    private final HsmPort hsms;
    private final KeyPort keys;
    private final Clock clock;
    private final Duration defaultNotifyWindow;
    private final RetirementSweep retirement;

    /**
     * @param concurrency how many bindings are re-checked at once; the ARM pipeline paces their requests
     * @param retirement  retires the old key versions bindings ask it to, once the passes are done
     */
    public HealthSweep(BindingCatalog catalog, BindingPass passes, int concurrency, FindingStore findings, HsmPort hsms,
                       KeyPort keys, Clock clock, Duration defaultNotifyWindow, RetirementSweep retirement) {
        this.catalog = catalog;
        this.passes = passes;
        this.fanOut = new FanOut(concurrency);
        this.findings = findings;
        this.hsms = hsms;
        this.keys = keys;
        this.clock = clock;
        this.defaultNotifyWindow = defaultNotifyWindow;
        this.retirement = retirement;
    }

    /**
     * @param verified   bindings whose every condition holds; {@code bySeverity} counts the findings recorded
     * @param retirement what retirement did with the versions that were due
     */
    public record SweepReport(int bindings, int verified, Map<FindingSeverity, Long> bySeverity,
                              RetirementSweep.Report retirement) {
        @Override
        public String toString() {
            return "swept " + bindings + " binding(s): " + verified + " verified; findings " + bySeverity
                    + "; retirement: " + retirement.disabled() + " version(s) disabled, " + retirement.kept() + " kept";
        }
    }

    public SweepReport run() {
        List<String> names = catalog.all().stream().map(StoredBinding::name).toList();
        List<BindingPass.Result> results = fanOut.run(names,
                name -> passes.run(name, "health sweep", stored -> Optional.empty()));
        Map<String, KeyHorizon> horizons = new HashMap<>();
        Instant now = clock.instant();
        int swept = 0;
        int verified = 0;
        Map<FindingSeverity, Long> bySeverity = new EnumMap<>(FindingSeverity.class);
        for (BindingPass.Result result : results) {
            if (!(result instanceof BindingPass.Done done)) {
                continue; // stopped being managed while the sweep ran
            }
            Binding binding = done.before().binding();
            KeyHorizon horizon = horizons.computeIfAbsent(keyOf(binding), k -> horizon(binding));
            List<Finding> found = FindingRules.of(binding.name(), done.outcome().status(), horizon, now);
            findings.replaceFor(binding.name(), found);
            found.forEach(finding -> bySeverity.merge(finding.severity(), 1L, Long::sum));
            swept++;
            verified += done.outcome().status().isReady() ? 1 : 0;
        }
        clearFindingsOfGoneBindings(names);
        return new SweepReport(swept, verified, bySeverity, retirement.run());
    }

    private KeyHorizon horizon(Binding binding) {
        try {
            Optional<HsmState> hsm = hsms.get(binding.hsm());
            if (hsm.isEmpty() || !hsm.get().isActive()) {
                return KeyHorizon.unreadable("managed HSM " + binding.hsm().resourceName() + " is not active");
            }
            Optional<KeyState> key = keys.getKey(hsm.get().hsmUri(), binding.key().name());
            if (key.isEmpty()) {
                return KeyHorizon.unreadable("key " + binding.key().name() + " does not exist (yet)");
            }
            return KeyHorizon.of(key.get(), key.get().latest().expiresOn() == null ? Optional.empty()
                    : keys.getRotationPolicy(hsm.get().hsmUri(), binding.key().name()), defaultNotifyWindow);
        } catch (AzureCallException e) {
            return KeyHorizon.unreadable(e.getMessage());
        }
    }

    private void clearFindingsOfGoneBindings(List<String> swept) {
        Set<String> names = Set.copyOf(swept);
        findings.all().stream().map(Finding::binding).distinct()
                .filter(RejectedEvents::isBindingName).filter(name -> !names.contains(name))
                .forEach(name -> findings.replaceFor(name, List.of()));
    }

    private static String keyOf(Binding binding) {
        ArmId hsm = binding.hsm();
        return (hsm + "/" + binding.key().name()).toLowerCase(Locale.ROOT);
    }
}
