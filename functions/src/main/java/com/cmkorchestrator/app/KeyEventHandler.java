package com.cmkorchestrator.app;

import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.KeyEventResponse;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.rotation.RotationPlan;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.state.KeyEventId;
import com.cmkorchestrator.state.KeyEventKind;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns events into work. A key event asks the core what the key's bindings need (rotate first when nothing else
 * will in time) and queues those bindings; an HSM write queues the HSM, whose pass continues the chains waiting on
 * it. The same event twice queues the same work twice, and the second pass finds nothing to change.
 *
 * <p>An Azure failure propagates, so Event Grid delivers the event again (a bounded number of times); an event
 * about something that no longer exists or that the app does not manage is acknowledged.
 */
public final class KeyEventHandler {

    private final BindingCatalog catalog;
    private final BindingReconciler reconciler;
    private final WorkScheduler work;
    private final Supplier<Optional<String>> appPrincipal;

    /**
     * @param appPrincipal the object ID the app acts as, when it can be told: its own writes raise events too, and
     *                     those need no look
     */
    public KeyEventHandler(BindingCatalog catalog, BindingReconciler reconciler, WorkScheduler work,
                           Supplier<Optional<String>> appPrincipal) {
        this.catalog = catalog;
        this.reconciler = reconciler;
        this.work = work;
        this.appPrincipal = appPrincipal;
    }

    /** @return what was done, for the function log */
    public String handle(GridEvent event) {
        if (event instanceof GridEvent.KeyEvent key) {
            return onKeyEvent(key);
        }
        if (event instanceof GridEvent.ResourceWritten written) {
            return onResourceWritten(written);
        }
        return "acknowledged without action: event type " + event.eventType() + " is not one this app handles";
    }

    private String onKeyEvent(GridEvent.KeyEvent event) {
        Optional<ArmId> hsm = catalog.hsmNamed(event.vault());
        if (hsm.isEmpty()) {
            return "acknowledged without action: no binding uses vault or HSM '" + event.vault() + "'";
        }
        List<Binding> bindings = catalog.specs();
        String reason = event.kind().shortName() + " event " + event.id() + " from " + source(event) + ": "
                + event.vault() + "/" + event.key() + (event.version() == null ? "" : "/" + event.version());
        try {
            RotationPlan plan;
            String rotated = "";
            if (event.kind() == KeyEventKind.KEY_NEW_VERSION_CREATED) {
                plan = reconciler.onNewKeyVersion(hsm.get(), event.key(), event.version(), bindings);
            } else {
                KeyEventResponse response = event.kind() == KeyEventKind.KEY_EXPIRED
                        ? reconciler.onExpired(hsm.get(), event.key(), bindings)
                        : reconciler.onNearExpiry(hsm.get(), event.key(), bindings);
                plan = response.plan();
                rotated = response.rotation().map(v -> ", rotated to " + v.version()).orElse("");
            }
            work.schedule(plan, reason);
            return reason + rotated + ": queued " + plan.reconcileNow().size() + " rebind(s) now, "
                    + plan.checkLater().size() + " check(s) after the pickup window";
        } catch (NoSuchElementException | IllegalStateException | OutOfScopeException e) {
            // the HSM or key is gone, not active, or not ours to touch: a redelivery would find the same
            return "acknowledged without action: " + reason + ": " + e.getMessage();
        }
    }

    /**
     * Who published a key event: the app's own HSM event bridge publishes each under an ID derived from the event
     * (kind, HSM, key, version), which no other publisher's event carries.
     */
    private static String source(GridEvent.KeyEvent event) {
        try {
            boolean bridged = event.version() != null && new KeyEventId(event.vault(), event.key(), event.version(),
                    event.kind()).eventGridId().equalsIgnoreCase(event.id());
            return bridged ? "the HSM event bridge" : "Key Vault";
        } catch (IllegalArgumentException notAName) {
            return "Key Vault";
        }
    }

    private String onResourceWritten(GridEvent.ResourceWritten event) {
        if (!event.isHsmWrite()) {
            return onBoundResourceWritten(event);
        }
        String name = event.resource().resourceName();
        if (catalog.hsmNamed(name).isEmpty()) {
            return "acknowledged without action: no binding or HSM request uses Managed HSM '" + name + "'";
        }
        work.lookAtHsm(name, "ResourceWriteSuccess event " + event.id() + " from ARM: " + event.operationName());
        return "queued Managed HSM " + name + " and the bindings waiting on it";
    }

    /**
     * A write to a bound resource: its binding is looked at now, the caller travelling with the work item so that a
     * key changed outside the app is a finding naming them. Only a subject equal to a binding's target counts.
     */
    private String onBoundResourceWritten(GridEvent.ResourceWritten event) {
        List<String> bound = catalog.all().stream().filter(stored -> stored.binding().target().equals(event.resource()))
                .map(StoredBinding::name).toList();
        if (bound.isEmpty()) {
            return "acknowledged without action: no binding targets " + event.resource();
        }
        String reason = "ResourceWriteSuccess event " + event.id() + " from ARM: " + event.operationName();
        if (event.caller() != null && appPrincipal.get().filter(event.caller()::equalsIgnoreCase).isPresent()) {
            return "acknowledged without action: " + reason + " is the app's own write to " + bound;
        }
        bound.forEach(name -> work.lookAt(name, reason, event.caller()));
        return "queued binding(s) " + bound + " for " + reason + (event.caller() == null ? "" : " by " + event.caller());
    }
}
