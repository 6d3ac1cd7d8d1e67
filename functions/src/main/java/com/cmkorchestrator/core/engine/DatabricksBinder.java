package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetState;

/**
 * Databricks: both entities take versioned keys. Managed services cannot follow new versions, so it always moves
 * to the latest; managed disk follows them itself under {@code auto} (its rotation flag on) and is moved under
 * {@code pinned}.
 */
final class DatabricksBinder implements Binder {

    @Override
    public TargetKind kind() {
        return TargetKind.DATABRICKS_WORKSPACE;
    }

    @Override
    public TargetBinding desired(Pass pass, AccessGranted access, TargetState current) {
        boolean auto = pass.binding().versionPolicy() == VersionPolicy.AUTO;
        var disk = auto ? Binder.followed(pass, access.key(),
                ((TargetState.DatabricksWorkspaceState) current).managedDiskKey()) : access.key().latest();
        return new TargetBinding.DatabricksEncryption(pass.binding().target(), access.key().latest(), disk, auto);
    }

    @Override
    public boolean matches(TargetState current, TargetBinding desired) {
        var workspace = (TargetState.DatabricksWorkspaceState) current;
        var wanted = (TargetBinding.DatabricksEncryption) desired;
        return KeyRef.sameReference(workspace.managedServicesKey(), wanted.managedServicesKey())
                && KeyRef.sameReference(workspace.managedDiskKey(), wanted.managedDiskKey())
                && workspace.managedDiskAutoRotation() == wanted.managedDiskAutoRotation();
    }
}
