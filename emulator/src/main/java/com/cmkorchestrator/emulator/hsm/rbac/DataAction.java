package com.cmkorchestrator.emulator.hsm.rbac;

import java.util.Arrays;
import java.util.Optional;

/**
 * Managed HSM local RBAC data actions: the {@code DataAction} enum of the 7.5 {@code rbac.json} spec
 * (the SDK's {@code KeyVaultDataAction}), plus three that a live HSM grants in its built-in roles
 * but neither lists: {@code keys/derive/action} and {@code settings/read|write/action} (see
 * {@link BuiltInRole}). Each is also what a custom role may name in {@code dataActions}.
 */
public enum DataAction {
    SECURITY_DOMAIN_DOWNLOAD("securitydomain/download/action"),
    SECURITY_DOMAIN_DOWNLOAD_READ("securitydomain/download/read"),
    SECURITY_DOMAIN_UPLOAD("securitydomain/upload/action"),
    SECURITY_DOMAIN_UPLOAD_READ("securitydomain/upload/read"),
    SECURITY_DOMAIN_TRANSFER_KEY_READ("securitydomain/transferkey/read"),
    KEYS_READ("keys/read/action"),
    KEYS_WRITE("keys/write/action"),
    KEYS_ROTATE("keys/rotate/action"),
    KEYS_CREATE("keys/create"),
    KEYS_DELETE("keys/delete"),
    DELETED_KEYS_READ("keys/deletedKeys/read/action"),
    DELETED_KEYS_RECOVER("keys/deletedKeys/recover/action"),
    DELETED_KEYS_DELETE("keys/deletedKeys/delete"),
    KEYS_BACKUP("keys/backup/action"),
    KEYS_RESTORE("keys/restore/action"),
    KEYS_RELEASE("keys/release/action"),
    KEYS_IMPORT("keys/import/action"),
    KEYS_ENCRYPT("keys/encrypt/action"),
    KEYS_DECRYPT("keys/decrypt/action"),
    KEYS_WRAP("keys/wrap/action"),
    KEYS_UNWRAP("keys/unwrap/action"),
    KEYS_SIGN("keys/sign/action"),
    KEYS_VERIFY("keys/verify/action"),
    KEYS_EXPORT("keys/export/action"),
    KEYS_DERIVE("keys/derive/action"),
    RNG("rng/action"),
    ROLE_ASSIGNMENTS_READ("roleAssignments/read/action"),
    ROLE_ASSIGNMENTS_WRITE("roleAssignments/write/action"),
    ROLE_ASSIGNMENTS_DELETE("roleAssignments/delete/action"),
    ROLE_DEFINITIONS_READ("roleDefinitions/read/action"),
    ROLE_DEFINITIONS_WRITE("roleDefinitions/write/action"),
    ROLE_DEFINITIONS_DELETE("roleDefinitions/delete/action"),
    BACKUP_START("backup/start/action"),
    BACKUP_STATUS("backup/status/action"),
    RESTORE_START("restore/start/action"),
    RESTORE_STATUS("restore/status/action"),
    SETTINGS_READ("settings/read/action"),
    SETTINGS_WRITE("settings/write/action");

    private static final String PREFIX = "Microsoft.KeyVault/managedHsm/";

    private final String suffix;

    DataAction(String suffix) {
        this.suffix = suffix;
    }

    /** e.g. {@code Microsoft.KeyVault/managedHsm/keys/wrap/action} */
    public String value() { return PREFIX + suffix; }

    /** The action a role definition names, compared without regard to case; empty when there is none. */
    public static Optional<DataAction> fromValue(String value) {
        return Arrays.stream(values()).filter(action -> action.value().equalsIgnoreCase(value)).findFirst();
    }

    @Override
    public String toString() { return value(); }
}
