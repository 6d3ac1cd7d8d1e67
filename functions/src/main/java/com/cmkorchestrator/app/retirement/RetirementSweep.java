package com.cmkorchestrator.app.retirement;

import com.cmkorchestrator.app.BindingCatalog;
import com.cmkorchestrator.app.StoredBinding;
import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.TrackedBinding;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.Periods;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.retirement.RetirementDecision;
import com.cmkorchestrator.core.safety.KeyNotOwnedException;
import com.cmkorchestrator.core.safety.OutOfScopeException;

import java.time.Period;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.logging.Logger;

/**
 * Retires old key versions on request, as part of the health sweep: only keys a binding asks it for
 * ({@code key.retireAfter}; when bindings of one key disagree, the longest wait wins), with every resource of the
 * allow-list listed through ARM once per sweep as the evidence. Each version disabled is logged with its evidence and
 * recorded for the dashboard; each one kept is logged with the reason. A key whose evidence cannot be read is left for
 * the next sweep.
 *
 * <p>Only keys the app owns ({@code <prefix>keys}: created, or adopted by a binding) are ever touched, as for every
 * key write; a key it does not own is logged and left alone, before any Azure call.
 */
public final class RetirementSweep {

    private static final Logger LOG = Logger.getLogger(RetirementSweep.class.getName());

    private final BindingCatalog catalog;
    private final BindingReconciler reconciler;
    private final RetirementLog log;

    public RetirementSweep(BindingCatalog catalog, BindingReconciler reconciler, RetirementLog log) {
        this.catalog = catalog;
        this.reconciler = reconciler;
        this.log = log;
    }

    /** @param keys keys that asked for retirement; {@code disabled}, {@code kept}: versions that were due */
    public record Report(int keys, int disabled, int kept) {
    }

    private record RequestedKey(ArmId hsm, String key, Period retireAfter) {
    }

    public Report run() {
        List<StoredBinding> stored = catalog.all();
        List<RequestedKey> requested = requested(stored);
        if (requested.isEmpty()) {
            return new Report(0, 0, 0);
        }
        List<TargetState> resources;
        try {
            resources = reconciler.resourcesInScope();
        } catch (AzureCallException e) {
            LOG.warning("retirement skipped this sweep: the resources in the allow-list could not be listed: " + e);
            return new Report(requested.size(), 0, 0);
        }
        List<TrackedBinding> tracked = stored.stream().map(StoredBinding::tracked).toList();
        int disabled = 0;
        int kept = 0;
        for (RequestedKey key : requested) {
            try {
                for (RetirementDecision decision : reconciler.retireDueVersions(key.hsm(), key.key(), key.retireAfter(),
                        tracked, resources).decisions()) {
                    LOG.info(key.hsm().resourceName() + ": " + decision.describe());
                    if (decision.retire()) {
                        log.record(key.hsm(), decision);
                        disabled++;
                    } else {
                        kept++;
                    }
                }
            } catch (KeyNotOwnedException e) {
                LOG.warning("retirement of " + key.hsm().resourceName() + "/" + key.key() + " not done: "
                        + e.getMessage());
            } catch (AzureCallException | NoSuchElementException | IllegalStateException | OutOfScopeException e) {
                LOG.warning("retirement of " + key.hsm().resourceName() + "/" + key.key() + " left for the next sweep: "
                        + e.getMessage());
            }
        }
        return new Report(requested.size(), disabled, kept);
    }

    /** The keys bindings ask to retire, each with the longest {@code retireAfter} any of its bindings declares. */
    private static List<RequestedKey> requested(List<StoredBinding> stored) {
        Map<String, RequestedKey> byKey = new LinkedHashMap<>();
        for (StoredBinding each : stored) {
            Binding binding = each.binding();
            Period retireAfter = binding.key().retireAfter();
            if (retireAfter == null) {
                continue;
            }
            String id = (binding.hsm() + "/" + binding.key().name()).toLowerCase(Locale.ROOT);
            RequestedKey candidate = new RequestedKey(binding.hsm(), binding.key().name(), retireAfter);
            byKey.merge(id, candidate, (a, b) -> List.of(a, b).stream()
                    .max(Comparator.comparingDouble(k -> Periods.typicalDays(k.retireAfter()))).orElseThrow());
        }
        return List.copyOf(byKey.values());
    }
}
