package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.BindingCatalog;
import com.cmkorchestrator.app.PassRecorder;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.app.StoredBinding;
import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyState;
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
import java.util.stream.Collectors;

/**
 * The hourly health sweep: one reconcile pass over every binding (repairing drift as it goes, with the fan-out's
 * bounded concurrency and the shared ARM write budget), then the findings of each binding replaced by what this
 * sweep saw, including each key's expiry horizon and version count. Findings of bindings that are gone are cleared.
 */
public final class HealthSweep {

    private final BindingCatalog catalog;
    private final BindingReconciler reconciler;
    private final PassRecorder recorder;
    private final FindingStore findings;
    private final HsmPort hsms;
    private final KeyPort keys;
    private final Clock clock;
    private final Duration defaultNotifyWindow;

    public HealthSweep(BindingCatalog catalog, BindingReconciler reconciler, PassRecorder recorder,
                       FindingStore findings, HsmPort hsms, KeyPort keys, Clock clock, Duration defaultNotifyWindow) {
        this.catalog = catalog;
        this.reconciler = reconciler;
        this.recorder = recorder;
        this.findings = findings;
        this.hsms = hsms;
        this.keys = keys;
        this.clock = clock;
        this.defaultNotifyWindow = defaultNotifyWindow;
    }

    /** @param verified bindings whose every condition holds; {@code bySeverity} counts the findings recorded */
    public record SweepReport(int bindings, int verified, Map<FindingSeverity, Long> bySeverity) {
        @Override
        public String toString() {
            return "swept " + bindings + " binding(s): " + verified + " verified; findings " + bySeverity;
        }
    }

    public SweepReport run() {
        List<StoredBinding> stored = catalog.all();
        List<ReconcileOutcome> outcomes = reconciler.reconcileAll(stored.stream().map(StoredBinding::tracked).toList());
        Map<String, KeyHorizon> horizons = new HashMap<>();
        Instant now = clock.instant();
        int verified = 0;
        Map<FindingSeverity, Long> bySeverity = new EnumMap<>(FindingSeverity.class);
        for (int i = 0; i < stored.size(); i++) {
            StoredBinding binding = stored.get(i);
            ReconcileOutcome outcome = outcomes.get(i);
            recorder.record(binding.record(), outcome);
            KeyHorizon horizon = horizons.computeIfAbsent(keyOf(binding.binding()), k -> horizon(binding.binding()));
            List<Finding> found = FindingRules.of(binding.name(), outcome.status(), horizon, now);
            findings.replaceFor(binding.name(), found);
            found.forEach(finding -> bySeverity.merge(finding.severity(), 1L, Long::sum));
            verified += outcome.status().isReady() ? 1 : 0;
        }
        clearFindingsOfGoneBindings(stored);
        return new SweepReport(stored.size(), verified, bySeverity);
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

    private void clearFindingsOfGoneBindings(List<StoredBinding> stored) {
        Set<String> names = stored.stream().map(StoredBinding::name).collect(Collectors.toSet());
        findings.all().stream().map(Finding::binding).distinct()
                .filter(RejectedEvents::isBindingName).filter(name -> !names.contains(name))
                .forEach(name -> findings.replaceFor(name, List.of()));
    }

    private static String keyOf(Binding binding) {
        ArmId hsm = binding.hsm();
        return (hsm + "/" + binding.key().name()).toLowerCase(Locale.ROOT);
    }
}
