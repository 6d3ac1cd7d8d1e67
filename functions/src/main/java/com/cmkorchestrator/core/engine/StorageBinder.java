package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetState;

/**
 * Storage: {@code auto} writes a versionless reference (Storage then picks new versions up within a day);
 * {@code pinned} writes the latest version and is rebound on each rotation. The user-assigned identity is the
 * account's encryption identity. Storage's PATCH is synchronous and answers with the account, so a pinned rebind to a
 * new version needs no read before it (the account is read back from the answer).
 */
final class StorageBinder implements Binder {

    @Override
    public TargetKind kind() {
        return TargetKind.STORAGE_ACCOUNT;
    }

    @Override
    public TargetBinding desired(Pass pass, AccessGranted access, TargetState current) {
        var key = pass.binding().versionPolicy() == VersionPolicy.AUTO ? access.key().ref() : access.key().latest();
        return new TargetBinding.StorageEncryption(pass.binding().target(), key, access.identity().identity().id());
    }

    @Override
    public boolean matches(TargetState current, TargetBinding desired) {
        var storage = (TargetState.StorageAccountState) current;
        var wanted = (TargetBinding.StorageEncryption) desired;
        return KeyRef.sameReference(storage.key(), wanted.key())
                && wanted.identity().equals(storage.encryptionIdentity());
    }
}
