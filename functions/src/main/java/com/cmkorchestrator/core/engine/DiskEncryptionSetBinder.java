package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetState;

/**
 * DES: the key URL is always versioned. {@code auto} turns {@code rotationToLatestKeyVersionEnabled} on and leaves
 * the version to Azure for its hour; {@code pinned} turns it off and moves the URL to each new version. A set the
 * identity is not attached to gets it in the same PATCH: one long-running operation rather than two.
 */
final class DiskEncryptionSetBinder implements Binder {

    @Override
    public TargetKind kind() {
        return TargetKind.DISK_ENCRYPTION_SET;
    }

    @Override
    public TargetBinding desired(Pass pass, AccessGranted access, TargetState current) {
        var identity = access.identity().identity().id();
        if (current == null) {
            // a pinned rebind written unread: the previous pass saw the identity attached
            return new TargetBinding.DiskEncryptionSetKey(pass.binding().target(), access.key().latest(), false,
                    identity, false);
        }
        var des = (TargetState.DiskEncryptionSetState) current;
        boolean auto = pass.binding().versionPolicy() == VersionPolicy.AUTO;
        var key = auto ? Binder.followed(pass, access.key(), des.activeKey()) : access.key().latest();
        return new TargetBinding.DiskEncryptionSetKey(pass.binding().target(), key, auto, identity,
                !des.userAssignedIdentities().contains(identity));
    }

    @Override
    public boolean attachesIdentityWithKey() {
        return true;
    }

    @Override
    public boolean matches(TargetState current, TargetBinding desired) {
        var des = (TargetState.DiskEncryptionSetState) current;
        var wanted = (TargetBinding.DiskEncryptionSetKey) desired;
        return KeyRef.sameReference(des.activeKey(), wanted.key())
                && des.rotationToLatestKeyVersionEnabled() == wanted.rotationToLatestKeyVersionEnabled()
                && !wanted.attachIdentity();
    }
}
