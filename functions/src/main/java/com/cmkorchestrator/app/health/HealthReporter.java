package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.BindingCatalog;
import com.cmkorchestrator.app.BindingView;
import com.cmkorchestrator.app.HsmStatus;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.app.StoredBinding;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.StateStores;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Assembles the {@link HealthReport} from the stored state alone: reading it never calls Azure. */
public final class HealthReporter {

    private final BindingCatalog catalog;
    private final StateStores stores;
    private final RejectedEvents rejected;
    private final ReconcileQueue queue;
    private final Clock clock;

    public HealthReporter(BindingCatalog catalog, StateStores stores, RejectedEvents rejected, ReconcileQueue queue,
                          Clock clock) {
        this.catalog = catalog;
        this.stores = stores;
        this.rejected = rejected;
        this.queue = queue;
        this.clock = clock;
    }

    public HealthReport report() {
        Map<String, List<Finding>> findings = stores.findings().all().stream()
                .collect(Collectors.groupingBy(Finding::binding));
        List<HealthReport.BindingHealth> items = new ArrayList<>();
        for (StoredBinding stored : catalog.all()) {
            items.add(health(stored, findings.getOrDefault(stored.name(), List.of())));
        }
        List<HealthReport.HsmHealth> hsms = new ArrayList<>();
        for (SpecRecord record : stores.hsmRequests().list()) {
            hsms.add(hsmHealth(record));
        }
        List<Finding> rejectedDeliveries = rejected.recent();
        int poisoned = queue.peekPoison(ReconcileQueue.MAX_RECEIVE).size();
        return new HealthReport(overall(items, hsms, poisoned), clock.instant(), counts(items), items, hsms,
                rejectedDeliveries, poisoned);
    }

    private static HealthReport.BindingHealth health(StoredBinding stored, List<Finding> findings) {
        BindingStatus status = stored.status();
        String phase = BindingView.phaseOf(status);
        var binding = stored.binding();
        return new HealthReport.BindingHealth(stored.name(), phase, binding.kind().json(), binding.target().toString(),
                binding.hsm().resourceName(), binding.key().name(), binding.versionPolicy().json(),
                status != null && status.critical(), status == null ? null : status.firstUnmet().orElse(null),
                status == null ? List.of() : status.conditions(), status == null ? List.of() : status.versions(),
                findings);
    }

    /** A record the report cannot read is shown as such rather than failing the whole report. */
    private static HealthReport.HsmHealth hsmHealth(SpecRecord record) {
        try {
            String hsm = BindingJson.read(record.specJson(), HsmRequest.class).hsm().toString();
            return new HealthReport.HsmHealth(record.name(), hsm, HsmStatus.of(record).orElse(null));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new HealthReport.HsmHealth(record.name(), "unreadable: " + e.getMessage(), null);
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
                                  int poisoned) {
        boolean critical = items.stream().anyMatch(item -> item.critical()
                || item.findings().stream().anyMatch(f -> f.severity() == FindingSeverity.CRITICAL));
        if (critical) {
            return "Critical";
        }
        // a requested HSM that failed (name taken, rejected by ARM, activation failed) needs a person, as a binding does
        boolean hsmFailed = hsms.stream().anyMatch(hsm -> hsm.status() == null ? hsm.hsm().startsWith("unreadable")
                : hsm.status().condition().status() == ConditionStatus.FALSE);
        boolean degraded = poisoned > 0 || hsmFailed || items.stream().anyMatch(item -> !item.phase().equals("Verified")
                || !item.findings().isEmpty());
        return degraded ? "Degraded" : "Healthy";
    }
}
