package com.cmkorchestrator.app;

import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.state.KeyEventId;
import com.cmkorchestrator.state.WorkItem;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns events into work, and only for what the app manages, identified in full (docs/concurrency.md section 1): a
 * name alone is what anyone can put in an event, and a vault or HSM of the same name may live in any resource group
 * or subscription.
 * <ul>
 *   <li>A key event queues one look at the key ({@link WorkScheduler#lookAtKey}), when the key's vault is a Managed
 *       HSM the app knows: its topic is that HSM's ARM ID, or its key identifier ({@code data.Id}) names the address
 *       ARM reports for that HSM ({@code hsmUri}). Identical events while that look waits queue nothing more, so a
 *       burst costs what one event costs.</li>
 *   <li>A {@code ResourceWriteSuccess} for a Managed HSM whose full ARM ID a binding or HSM request names queues
 *       the HSM (its provisioning and the chains waiting on it).</li>
 *   <li>A {@code ResourceWriteSuccess} for a resource a binding binds (its full ARM ID) queues that binding's
 *       re-check at once, carrying who wrote, so that a pass finding drift can name them; the app's own writes
 *       need none.</li>
 * </ul>
 * Events carry no orders: the work items only say "look at X". An Azure failure propagates, so Event Grid delivers
 * the event again; an event about something the app does not manage is acknowledged.
 */
public final class KeyEventHandler {

    private final BindingCatalog catalog;
    private final HsmPort hsms;
    private final WorkScheduler work;
    private final Supplier<String> appPrincipal;

    /**
     * @param hsms         the HSMs' ARM state, for the data-plane address each reports
     * @param appPrincipal the app's own object ID: its own writes to bound resources need no re-check
     */
    public KeyEventHandler(BindingCatalog catalog, HsmPort hsms, WorkScheduler work, Supplier<String> appPrincipal) {
        this.catalog = catalog;
        this.hsms = hsms;
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
        String about = event.kind().shortName() + " event " + event.id() + " from " + source(event) + ": "
                + event.vault() + "/" + event.key() + (event.version() == null ? "" : "/" + event.version());
        Optional<ArmId> hsm = managedHsmOf(event);
        if (hsm.isEmpty()) {
            return "acknowledged without action: " + about + " names no Managed HSM the app manages"
                    + (event.vaultUri() == null ? " (it carries no key identifier, and a name alone is not trusted)"
                    : " at " + event.vaultUri());
        }
        boolean queued = work.lookAtKey(hsm.get().resourceName(), event.key(), about);
        return queued ? "queued a look at key " + event.key() + " of " + hsm.get() + " for " + about
                : "coalesced: a look at key " + event.key() + " of " + hsm.get() + " is already waiting (" + about + ")";
    }

    /**
     * The managed HSM the event is about: the one whose full ARM ID is the event's topic, or the one whose address,
     * as ARM reports it, is the key identifier's. The vault name only narrows down which HSM's ARM state to read (so
     * an event costs at most one read, usually cached); it never decides.
     */
    private Optional<ArmId> managedHsmOf(GridEvent.KeyEvent event) {
        List<ArmId> known = catalog.knownHsms();
        if (event.source() != null && known.contains(event.source())) {
            return Optional.of(event.source());
        }
        if (event.vaultUri() == null) {
            return Optional.empty();
        }
        return known.stream().filter(id -> id.resourceName().equalsIgnoreCase(event.vault()))
                .filter(id -> hsms.get(id).map(HsmState::hsmUri).filter(uri -> sameAddress(uri, event.vaultUri()))
                        .isPresent())
                .findFirst();
    }

    private boolean isTheAppItself(WorkItem.Caller caller) {
        if (caller == null || caller.objectId() == null) {
            return false;
        }
        try {
            return caller.objectId().equalsIgnoreCase(appPrincipal.get());
        } catch (RuntimeException unknown) {
            return false; // not knowing who the app is, every write is someone else's: a re-check too many at worst
        }
    }

    private static boolean sameAddress(URI reported, URI named) {
        return KeyRef.of(reported, "k").sameKey(KeyRef.of(named, "k"));
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
        String about = "ResourceWriteSuccess event " + event.id() + " from ARM: " + event.operationName();
        if (event.isHsmWrite()) {
            if (!catalog.knownHsms().contains(event.resource())) {
                return "acknowledged without action: no binding or HSM request names Managed HSM " + event.resource();
            }
            work.lookAtHsm(event.resource().resourceName(), about);
            return "queued Managed HSM " + event.resource() + " and the bindings waiting on it";
        }
        if (isTheAppItself(event.caller())) {
            // first: a fan-out's every rebind comes back as such an event, and each read of the bindings is the table
            return "acknowledged without action: the app's own write to " + event.resource();
        }
        List<StoredBinding> bound = catalog.all().stream()
                .filter(stored -> stored.binding().target().equals(event.resource())).toList();
        if (bound.isEmpty()) {
            return "acknowledged without action: " + event.resource() + " is no resource a binding binds";
        }
        String by = event.caller() == null ? "" : " by " + event.caller();
        // the item carries the caller; its pass's cause names them ("... (changed by <caller>)")
        bound.forEach(stored -> work.lookAtChangedBy(stored.name(), about, event.caller()));
        return "queued a re-check of " + bound.stream().map(StoredBinding::name).toList() + ": " + event.resource()
                + " was written" + by;
    }
}
