package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.BindingCatalog;
import com.cmkorchestrator.app.BindingView;
import com.cmkorchestrator.app.HsmStatus;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.app.SlotOwnership;
import com.cmkorchestrator.app.StoredBinding;
import com.cmkorchestrator.app.retirement.RetirementLog;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.StateStores;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Assembles the {@link HealthReport} from the stored state alone: reading it never calls Azure. */
public final class HealthReporter {

    private final BindingCatalog catalog;
    private final StateStores stores;
    private final RejectedEvents rejected;
    private final RetirementLog retired;
    private final SlotOwnership slots;
    private final ReconcileQueue queue;
    private final Clock clock;

    public HealthReporter(BindingCatalog catalog, StateStores stores, RejectedEvents rejected, RetirementLog retired,
                          SlotOwnership slots, ReconcileQueue queue, Clock clock) {
        this.catalog = catalog;
        this.stores = stores;
        this.rejected = rejected;
        this.retired = retired;
        this.slots = slots;
        this.queue = queue;
        this.clock = clock;
    }

    public HealthReport report() {
        Map<String, List<Finding>> findings = stores.findings().all().stream()
                .collect(Collectors.groupingBy(Finding::binding));
        List<StoredBinding> bindings = catalog.all();
        List<HealthReport.BindingHealth> items = new ArrayList<>();
        for (StoredBinding stored : bindings) {
            items.add(health(stored, findings.getOrDefault(stored.name(), List.of())));
        }
        List<HealthReport.HsmHealth> hsms = hsms(bindings, items);
        List<Finding> rejectedDeliveries = rejected.recent();
        int poisoned = queue.peekPoison(ReconcileQueue.MAX_RECEIVE).size()
                + (queue.polls() == queue ? 0 : queue.polls().peekPoison(ReconcileQueue.MAX_RECEIVE).size());
        List<HealthReport.SlotConflict> conflicts = slots.conflicts().stream()
                .map(conflict -> new HealthReport.SlotConflict(conflict.slot().target().toString(),
                        conflict.slot().slot().json(), conflict.bindings())).toList();
        return new HealthReport(overall(items, hsms, poisoned, !conflicts.isEmpty()), clock.instant(), counts(items),
                items, hsms, conflicts, retired.recent(), rejectedDeliveries, poisoned);
    }

    private static HealthReport.BindingHealth health(StoredBinding stored, List<Finding> findings) {
        BindingStatus status = stored.status();
        String phase = BindingView.phaseOf(status);
        var binding = stored.binding();
        return new HealthReport.BindingHealth(stored.name(), phase, binding.kind().json(), binding.target().toString(),
                binding.hsm().resourceName(), binding.key().name(), binding.versionPolicy().json(),
                status != null && status.critical(), status == null ? null : status.firstUnmet().orElse(null),
                status == null ? List.of() : status.conditions(), status == null ? List.of() : status.versions(),
                findings, status == null ? null : status.cause(), status == null ? null : status.observedAt());
    }

    /**
     * Every HSM requested here, then every other HSM a binding uses: a binding's HSM that nobody requested through
     * the app (the usual case, an HSM the platform team deployed) is as much a part of the app's health.
     */
    private List<HealthReport.HsmHealth> hsms(List<StoredBinding> bindings, List<HealthReport.BindingHealth> items) {
        Map<String, HealthReport.HsmHealth> byName = new LinkedHashMap<>();
        for (SpecRecord record : stores.hsmRequests().list()) {
            HealthReport.HsmHealth requested = requestedHsm(record, bindingsOf(items, record.name()));
            byName.put(requested.name().toLowerCase(Locale.ROOT), requested);
        }
        for (StoredBinding stored : bindings) {
            String name = stored.binding().hsm().resourceName();
            byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new HealthReport.HsmHealth(name,
                    stored.binding().hsm().toString(), false, latestReadiness(bindings, name), null,
                    bindingsOf(items, name)));
        }
        return List.copyOf(byName.values());
    }

    private static List<String> bindingsOf(List<HealthReport.BindingHealth> items, String hsm) {
        return items.stream().filter(item -> item.hsm().equalsIgnoreCase(hsm)).map(HealthReport.BindingHealth::name)
                .toList();
    }

    /** The {@code HsmReady} condition the most recent pass over one of the HSM's bindings saw. */
    private static Condition latestReadiness(List<StoredBinding> bindings, String hsm) {
        return bindings.stream().filter(stored -> stored.binding().hsm().resourceName().equalsIgnoreCase(hsm))
                .map(StoredBinding::status).filter(Objects::nonNull)
                .max(Comparator.comparing(BindingStatus::observedAt))
                .map(status -> status.condition(ConditionType.HSM_READY)).orElse(null);
    }

    /** A record the report cannot read is shown as such rather than failing the whole report. */
    private static HealthReport.HsmHealth requestedHsm(SpecRecord record, List<String> bindings) {
        try {
            String hsm = BindingJson.read(record.specJson(), HsmRequest.class).hsm().toString();
            Optional<HsmStatus> status = HsmStatus.of(record);
            return new HealthReport.HsmHealth(record.name(), hsm, true, status.map(HsmStatus::condition).orElse(null),
                    status.orElse(null), bindings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new HealthReport.HsmHealth(record.name(), "unreadable: " + e.getMessage(), true, null, null,
                    bindings);
        }
    }

    private static HealthReport.Counts counts(List<HealthReport.BindingHealth> items) {
        Map<String, Long> byPhase = items.stream().collect(Collectors.groupingBy(HealthReport.BindingHealth::phase,
                Collectors.counting()));
        return new HealthReport.Counts(items.size(), byPhase.getOrDefault("Verified", 0L).intValue(),
                byPhase.getOrDefault("Converging", 0L).intValue(), byPhase.getOrDefault("Failed", 0L).intValue(),
                byPhase.getOrDefault("Pending", 0L).intValue());
    }

    private static String overall(List<HealthReport.BindingHealth> items, List<HealthReport.HsmHealth> hsms,
                                  int poisoned, boolean slotConflicts) {
        boolean critical = items.stream().anyMatch(item -> item.critical()
                || item.findings().stream().anyMatch(f -> f.severity() == FindingSeverity.CRITICAL));
        if (critical) {
            return "Critical";
        }
        // a requested HSM that failed (name taken, rejected by ARM, activation failed) needs a person, as a binding does
        boolean hsmFailed = hsms.stream().anyMatch(hsm -> hsm.ready() == null ? hsm.hsm().startsWith("unreadable")
                : hsm.ready().status() == ConditionStatus.FALSE);
        boolean degraded = poisoned > 0 || hsmFailed || slotConflicts || items.stream().anyMatch(item -> !item.phase().equals("Verified")
                || !item.findings().isEmpty());
        return degraded ? "Degraded" : "Healthy";
    }
}
