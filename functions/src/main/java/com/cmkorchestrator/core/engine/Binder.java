package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.time.Instant;

/** The per-kind rules of binding a key: what the resource should say, and whether it already does. */
interface Binder {

    TargetKind kind();

    /**
     * The key settings the resource should carry now, given what it carries and the key.
     *
     * @param current the resource as read in this pass; null only when {@link #writesWithoutRead} said yes
     */
    TargetBinding desired(Pass pass, AccessGranted access, TargetState current);

    /** True when {@code current} already says what {@code desired} says: then nothing is written. */
    boolean matches(TargetState current, TargetBinding desired);

    /**
     * Whether this pass's write is known to be needed and says all without reading the resource first: a pinned
     * binding that the previous pass left bound on a version that is no longer the latest (a rotation's rebind),
     * whose write moves the key reference only, or one whose such write was not sent (paced out). The previous status vouches for the identity ({@code EnsureIdentity}).
     * Storage's PATCH answers with the account; a disk encryption set's key-only PATCH is read back once its
     * operation has ended; a Databricks workspace is read by its adapter right before its whole-document PUT anyway
     * (and compared after it).
     */
    default boolean writesWithoutRead(Pass pass, KeyReady key) {
        if (pass.binding().versionPolicy() != VersionPolicy.PINNED || pass.previous() == null) {
            return false;
        }
        Condition bound = pass.previous().condition(ConditionType.BOUND);
        // PACED: the last pass's unread rebind was not sent, and its status kept the version the resource is on
        return (bound.isTrue() || bound.reason() == Reason.PACED) && bound.keyVersion() != null
                && !bound.keyVersion().equalsIgnoreCase(key.key().latest().version());
    }

    /** Whether the key write attaches the user-assigned identity too, so that no separate write does it. */
    default boolean attachesIdentityWithKey() {
        return false;
    }

    /**
     * For a versioned reference that the service rotates itself: keep what it uses while that version is usable and
     * the service is still inside its pickup window for the latest one; otherwise move it to the latest now.
     */
    static KeyRef followed(Pass pass, KeyReady ready, KeyRef current) {
        KeyRef latest = ready.latest();
        if (current == null || !current.sameKey(latest) || current.version() == null) {
            return latest;
        }
        KeyState key = ready.key();
        KeyVersion newest = key.latest();
        boolean usable = key.version(current.version()).map(v -> v.isUsableAt(pass.now())).orElse(false);
        Instant pickupEnds = newest.createdOn().plus(pass.binding().kind().pickupWindow());
        return usable && pass.now().isBefore(pickupEnds) ? current : latest;
    }
}
