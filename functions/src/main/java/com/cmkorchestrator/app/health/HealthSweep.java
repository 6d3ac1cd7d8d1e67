package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.BindingCatalog;
import com.cmkorchestrator.app.BindingPass;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.app.StoredBinding;
import com.cmkorchestrator.app.retirement.RetirementSweep;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.TargetPort;
import com.cmkorchestrator.core.rotation.FanOut;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.sweep.ListedDrift;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.FindingStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The hourly health sweep, costing pages rather than resources: every kind of resource the bindings use is listed
 * once per allow-list scope ({@link SweepListing}), every key read once ({@link SweptKeys}), and a reconcile pass
 * runs only for the bindings whose resource differs from what they want, is missing from the listing, or whose
 * re-check is due ({@link ListedDrift}); those passes repair drift as before, a few at a time, each under its
 * binding's gate as the queue worker's passes are. Then the findings of each binding are replaced by what the sweep
 * knows (the fresh status where a pass ran, the stored one elsewhere, and its key's horizon), written only where there
 * is something to record or to clear; findings of bindings that are gone are cleared. Last, the retirement of the old key versions that bindings ask for.
 */
public final class HealthSweep {

    private static final Logger LOG = Logger.getLogger(HealthSweep.class.getName());
    private static final String CAUSE = "health sweep: ";

    private final BindingCatalog catalog;
    private final BindingPass passes;
    private final FanOut fanOut;
    private final FindingStore findings;
    private final TargetPort targets;
    private final HsmPort hsms;
    private final KeyPort keys;
    private final ScopeAllowList allowList;
    private final Clock clock;
    private final Duration defaultNotifyWindow;
    private final RetirementSweep retirement;

    /**
     * @param concurrency how many bindings are re-checked at once; the ARM pipeline paces their requests
     * @param retirement  retires the old key versions bindings ask it to, once the passes are done
     */
    public HealthSweep(BindingCatalog catalog, BindingPass passes, int concurrency, FindingStore findings,
                       TargetPort targets, HsmPort hsms, KeyPort keys, ScopeAllowList allowList, Clock clock,
                       Duration defaultNotifyWindow, RetirementSweep retirement) {
        this.catalog = catalog;
        this.passes = passes;
        this.fanOut = new FanOut(concurrency);
        this.findings = findings;
        this.targets = targets;
        this.hsms = hsms;
        this.keys = keys;
        this.allowList = allowList;
        this.clock = clock;
        this.defaultNotifyWindow = defaultNotifyWindow;
        this.retirement = retirement;
    }

    /**
     * @param verified   bindings whose every condition holds
     * @param rechecked  bindings a reconcile pass ran for
     * @param unlisted   bindings left to the next sweep because the listing of their scope failed
     * @param listings   listings read (a kind in a scope; one ARM read per page each)
     * @param bySeverity the findings recorded
     * @param retirement what retirement did with the versions that were due
     */
    public record SweepReport(int bindings, int verified, int rechecked, int unlisted, int listings,
                              Map<FindingSeverity, Long> bySeverity, RetirementSweep.Report retirement) {
        @Override
        public String toString() {
            return "swept " + bindings + " binding(s) from " + listings + " listing(s): " + verified + " verified, "
                    + rechecked + " re-checked" + (unlisted == 0 ? "" : ", " + unlisted + " left for the next sweep")
                    + "; findings " + bySeverity + "; retirement: " + retirement.disabled() + " version(s) disabled, "
                    + retirement.kept() + " kept";
        }
    }

    /** One binding the sweep runs a pass for, and why. */
    private record Recheck(StoredBinding stored, String why) {
    }

    public SweepReport run() {
        Instant now = clock.instant();
        List<StoredBinding> all = catalog.all();
        SweepListing listing = SweepListing.of(targets, allowList, all.stream().map(StoredBinding::binding).toList());
        SweptKeys swept = new SweptKeys(hsms, keys, allowList, clock, defaultNotifyWindow);
        List<Recheck> due = new ArrayList<>();
        int unlisted = 0;
        for (StoredBinding stored : all) {
            SweptKeys.Look key = swept.of(stored.binding());
            if (listing.failure(stored.binding().target()).isPresent()) {
                unlisted++;
                continue;
            }
            ListedDrift.reasonToReconcile(stored.binding(), stored.status(), listing.find(stored.binding().target()),
                    key.key(), now).ifPresent(why -> due.add(new Recheck(stored, why)));
        }
        Map<String, BindingStatus> statuses = new HashMap<>();
        all.forEach(stored -> stored.lastStatus().ifPresent(status -> statuses.put(stored.name(), status)));
        Set<String> gone = new HashSet<>();
        List<BindingPass.Result> results = fanOut.run(due, recheck -> passes.run(recheck.stored().name(),
                CAUSE + recheck.why(), stored -> Optional.empty()));
        for (int i = 0; i < due.size(); i++) {
            StoredBinding stored = due.get(i).stored();
            swept.forget(stored.binding());
            if (results.get(i) instanceof BindingPass.Done done) {
                statuses.put(stored.name(), done.outcome().status());
            } else if (results.get(i) instanceof BindingPass.Gone) {
                gone.add(stored.name()); // stopped being managed while the sweep ran
            }
        }
        Instant findingsAt = clock.instant();
        // read once: a binding with nothing to report and nothing recorded costs no write (10,000 of them took
        // five minutes of one-by-one table deletes of nothing)
        Set<String> recorded = findings.all().stream().map(Finding::binding).collect(Collectors.toSet());
        int verified = 0;
        Map<FindingSeverity, Long> bySeverity = new EnumMap<>(FindingSeverity.class);
        List<String> names = new ArrayList<>();
        for (StoredBinding stored : all) {
            BindingStatus status = statuses.get(stored.name());
            if (status == null || gone.contains(stored.name())) {
                continue;
            }
            names.add(stored.name());
            List<Finding> found = FindingRules.of(stored.name(), status, swept.of(stored.binding()).horizon(),
                    findingsAt);
            if (!found.isEmpty() || recorded.contains(stored.name())) {
                findings.replaceFor(stored.name(), found);
            }
            found.forEach(finding -> bySeverity.merge(finding.severity(), 1L, Long::sum));
            verified += status.isReady() ? 1 : 0;
        }
        clearFindingsOfGoneBindings(recorded, names);
        SweepReport report = new SweepReport(names.size(), verified, due.size(), unlisted, listing.listings(),
                bySeverity, retirement.run());
        LOG.info(report::toString);
        return report;
    }

    private void clearFindingsOfGoneBindings(Set<String> recorded, List<String> swept) {
        Set<String> names = Set.copyOf(swept);
        recorded.stream().filter(RejectedEvents::isBindingName).filter(name -> !names.contains(name))
                .forEach(name -> findings.replaceFor(name, List.of()));
    }
}
