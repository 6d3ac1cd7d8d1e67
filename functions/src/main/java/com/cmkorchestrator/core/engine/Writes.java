package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.safety.ScopeAllowList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The single door every Azure write goes through: it checks the scope allow-list before the call (a refused
 * resource gets no call at all) and records the write once it succeeded. One instance per pass. It does not pace:
 * ARM's limits are shared by every instance of the app, so the ARM pipeline paces every request, reads included,
 * from what ARM reports ({@code adapters/pacing}, docs/concurrency.md section 3).
 */
public final class Writes {

    private final ScopeAllowList allowList;
    private final List<Write> performed = new ArrayList<>();

    public Writes(ScopeAllowList allowList) {
        this.allowList = allowList;
    }

    /**
     * Performs {@code change} on {@code resource} if the allow-list permits it.
     *
     * @throws com.cmkorchestrator.core.safety.OutOfScopeException before any call when it does not
     */
    public <T> T perform(Write.Kind kind, ArmId resource, String detail, Supplier<T> change) {
        allowList.require(roleOf(kind), resource);
        T result = change.get();
        performed.add(new Write(kind, resource.toString(), detail));
        return result;
    }

    public void perform(Write.Kind kind, ArmId resource, String detail, Runnable change) {
        perform(kind, resource, detail, () -> {
            change.run();
            return null;
        });
    }

    public List<Write> performed() {
        return List.copyOf(performed);
    }

    public boolean any() {
        return !performed.isEmpty();
    }

    private static String roleOf(Write.Kind kind) {
        return switch (kind) {
            case CREATE_HSM, DOWNLOAD_SECURITY_DOMAIN, CREATE_KEY, RECOVER_KEY, SET_ROTATION_POLICY, ROTATE_KEY,
                 DISABLE_KEY_VERSION, CREATE_ROLE_ASSIGNMENT, DEFINE_ROLE -> "HSM";
            case CREATE_IDENTITY -> "identity";
            case ATTACH_IDENTITY, BIND -> "target";
        };
    }
}
