package com.cmkorchestrator.emulator.hsm.rbac;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static com.cmkorchestrator.emulator.hsm.rbac.DataAction.*;

/**
 * Managed HSM local RBAC built-in roles with their IDs, descriptions and data actions, copied from
 * the "Permitted operations" table of MicrosoftDocs/azure-docs
 * {@code articles/key-vault/managed-hsm/built-in-roles.md} (2024-01). Two additions are inferred and
 * marked: {@code securitydomain/download/read} (polling the download) and the settings actions, all
 * for Administrator. The table also gives Crypto Auditor {@code keys/deletedKeys/delete}; it is kept
 * as published.
 */
public enum BuiltInRole {
    ADMINISTRATOR("a290e904-7015-4bba-90c8-60543313cdb4", "Managed HSM Administrator",
            "Grants permissions to perform all operations related to the security domain, full backup and restore, "
                    + "and role management. Not permitted to perform any key management operations.",
            EnumSet.of(SECURITY_DOMAIN_DOWNLOAD, SECURITY_DOMAIN_DOWNLOAD_READ /* inferred */, SECURITY_DOMAIN_UPLOAD,
                    SECURITY_DOMAIN_UPLOAD_READ, SECURITY_DOMAIN_TRANSFER_KEY_READ,
                    ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE, ROLE_ASSIGNMENTS_DELETE,
                    ROLE_DEFINITIONS_READ, ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE,
                    BACKUP_START, BACKUP_STATUS, RESTORE_START, RESTORE_STATUS,
                    SETTINGS_READ /* inferred */, SETTINGS_WRITE /* inferred */)),
    CRYPTO_OFFICER("515eb02d-2335-4d2d-92f2-b1cbdf9c3778", "Managed HSM Crypto Officer",
            "Grants permissions to perform all role management, purge or recover deleted keys, and export keys. "
                    + "Not permitted to perform any other key management operations.",
            EnumSet.of(DELETED_KEYS_READ, DELETED_KEYS_RECOVER, DELETED_KEYS_DELETE,
                    ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE, ROLE_ASSIGNMENTS_DELETE,
                    ROLE_DEFINITIONS_READ, ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE)),
    CRYPTO_USER("21dbd100-6940-42c2-9190-5d6cb909625b", "Managed HSM Crypto User",
            "Grants permissions to perform all key management operations except purge or recover deleted keys "
                    + "and export keys.",
            EnumSet.of(KEYS_READ, KEYS_WRITE, KEYS_ROTATE, KEYS_CREATE, KEYS_DELETE, KEYS_BACKUP, KEYS_RESTORE,
                    KEYS_RELEASE, KEYS_IMPORT, KEYS_ENCRYPT, KEYS_DECRYPT, KEYS_WRAP, KEYS_UNWRAP, KEYS_SIGN,
                    KEYS_VERIFY, ROLE_ASSIGNMENTS_READ, ROLE_DEFINITIONS_READ)),
    POLICY_ADMINISTRATOR("4bd23610-cdcf-4971-bdee-bdc562cc28e4", "Managed HSM Policy Administrator",
            "Grants permissions to create and delete role assignments.",
            EnumSet.of(ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE, ROLE_ASSIGNMENTS_DELETE,
                    ROLE_DEFINITIONS_READ, ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE)),
    CRYPTO_AUDITOR("2c18b078-7c48-4d3a-af88-5a3a1b3f82b3", "Managed HSM Crypto Auditor",
            "Grants read permissions to read (but not use) key attributes.",
            EnumSet.of(KEYS_READ, DELETED_KEYS_DELETE, ROLE_ASSIGNMENTS_READ, ROLE_DEFINITIONS_READ)),
    CRYPTO_SERVICE_ENCRYPTION_USER("33413926-3206-4cdd-b39a-83574fe37a17",
            "Managed HSM Crypto Service Encryption User",
            "Grants permissions to use a key for service encryption.",
            EnumSet.of(KEYS_READ, KEYS_WRAP, KEYS_UNWRAP)),
    CRYPTO_SERVICE_RELEASE_USER("21dbd100-6940-42c2-9190-5d6cb909625c", "Managed HSM Crypto Service Release User",
            "Grants permissions to release a key to a trusted execution environment.",
            EnumSet.of(KEYS_RELEASE)),
    BACKUP("7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8", "Managed HSM Backup",
            "Grants permissions to perform single-key or whole-HSM backup.",
            EnumSet.of(KEYS_BACKUP, BACKUP_START, BACKUP_STATUS)),
    RESTORE("6efe6056-5259-49d2-8b3d-d3d73544b20b", "Managed HSM Restore",
            "Grants permissions to perform single-key or whole-HSM restore.",
            EnumSet.of(KEYS_RESTORE, RESTORE_START, RESTORE_STATUS));

    /** How the data plane names role definitions: {@code Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/<guid>}. */
    public static final String ID_PREFIX = "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/";

    private final String guid;
    private final String roleName;
    private final String description;
    private final Set<DataAction> dataActions;

    BuiltInRole(String guid, String roleName, String description, Set<DataAction> dataActions) {
        this.guid = guid;
        this.roleName = roleName;
        this.description = description;
        this.dataActions = dataActions;
    }

    public String guid() { return guid; }

    public String roleName() { return roleName; }

    public String description() { return description; }

    public Set<DataAction> dataActions() { return EnumSet.copyOf(dataActions); }

    public boolean grants(DataAction action) { return dataActions.contains(action); }

    /** The role definition ID as the data plane returns it. */
    public String definitionId() { return ID_PREFIX + guid; }

    public static Optional<BuiltInRole> byGuid(String guid) {
        String wanted = guid.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(role -> role.guid.equals(wanted)).findFirst();
    }

    /**
     * Resolves a {@code roleDefinitionId} as clients send it: the data-plane form, with or without a
     * leading slash, or with a scope prefix ({@code /keys/providers/...}); only the trailing GUID matters.
     */
    public static Optional<BuiltInRole> byDefinitionId(String definitionId) {
        if (definitionId == null) {
            return Optional.empty();
        }
        String marker = "/providers/Microsoft.Authorization/roleDefinitions/";
        int at = definitionId.toLowerCase(Locale.ROOT).lastIndexOf(marker.toLowerCase(Locale.ROOT));
        if (at < 0) {
            return Optional.empty();
        }
        return byGuid(definitionId.substring(at + marker.length()));
    }
}
