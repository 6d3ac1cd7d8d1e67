package com.cmkorchestrator.app;

import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.KeyEventResponse;
import com.cmkorchestrator.core.engine.KeyRotation;
import com.cmkorchestrator.core.engine.Write;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.safety.KeyNotOwnedException;
import com.cmkorchestrator.core.safety.OutOfScopeException;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

/** Rotation on request: a new key version now, then the rebinds that version calls for. */
public final class RotationService {

    private final BindingCatalog catalog;
    private final BindingReconciler reconciler;
    private final WorkScheduler work;

    public RotationService(BindingCatalog catalog, BindingReconciler reconciler, WorkScheduler work) {
        this.catalog = catalog;
        this.reconciler = reconciler;
        this.work = work;
    }

    /**
     * What a rotation did and set in motion.
     *
     * @param version          the new version
     * @param rebinding        bindings queued for a rebind now (pinned references)
     * @param verifyingLater   bindings whose service moves itself, and when they will be verified
     * @param writes           the changes made in Azure
     */
    public record Rotation(String hsm, String key, String version, List<String> rebinding, List<Check> verifyingLater,
                           List<Write> writes) {
    }

    public record Check(String binding, Instant at) {
    }

    /**
     * Rotates key {@code key} of the HSM called {@code hsmName} (which a binding or HSM request must name).
     *
     * @throws Refusal NOT_FOUND (no such HSM, or no binding uses the key: both before any Azure call), KEY_NOT_OWNED
     *                (the app neither created nor adopted the key, before any Azure call), NOT_READY (HSM not
     *                active), OUT_OF_SCOPE, KEY_NOT_ROTATABLE (no rotation policy, or 100 versions)
     * @throws com.cmkorchestrator.core.errors.AzureCallException when the HSM refuses or fails the rotation
     */
    public Rotation rotateNow(String hsmName, String key) {
        // one read of the bindings for all three questions: at fleet size each read is the whole table
        List<Binding> bindings = catalog.specs();
        ArmId hsm = bindings.stream().map(Binding::hsm).filter(id -> id.resourceName().equalsIgnoreCase(hsmName))
                .findFirst().or(() -> catalog.hsmNamed(hsmName)).orElseThrow(() -> new Refusal(Refusal.Kind.NOT_FOUND,
                        "hsm", "no binding or HSM request uses a Managed HSM named '" + hsmName + "'"));
        if (bindings.stream().noneMatch(binding -> binding.hsm().equals(hsm)
                && binding.key().name().equalsIgnoreCase(key))) {
            // the app rotates only what it manages for a binding: any other key is not its business, owned or not
            throw new Refusal(Refusal.Kind.NOT_FOUND, "key", "no binding uses key '" + key + "' of Managed HSM '"
                    + hsmName + "'; nothing was changed");
        }
        KeyEventResponse response;
        try {
            response = reconciler.rotateNow(hsm, key, bindings);
        } catch (KeyNotOwnedException e) {
            throw new Refusal(Refusal.Kind.KEY_NOT_OWNED, "key", e.getMessage());
        } catch (NoSuchElementException e) {
            throw new Refusal(Refusal.Kind.NOT_FOUND, e.getMessage().startsWith("key") ? "key" : "hsm", e.getMessage());
        } catch (IllegalStateException e) {
            throw new Refusal(Refusal.Kind.NOT_READY, "hsm", e.getMessage());
        } catch (OutOfScopeException e) {
            throw new Refusal(Refusal.Kind.OUT_OF_SCOPE, "hsm", e.getMessage());
        } catch (KeyRotation.NoRotationPolicyException | KeyRotation.VersionCapReachedException e) {
            // the user's to fix, not a fault of Azure or the app: a 4xx naming the fix, no stack trace
            throw new Refusal(Refusal.Kind.KEY_NOT_ROTATABLE, "key", e.getMessage());
        }
        String version = response.rotatedTo().version();
        work.schedule(response.plan(), "rotated " + hsmName + "/" + key + " to " + version + " on request");
        return new Rotation(hsmName, key, version,
                response.plan().reconcileNow().stream().map(Binding::name).toList(),
                response.plan().checkLater().stream().map(c -> new Check(c.binding().name(), c.at())).toList(),
                response.writes());
    }
}
