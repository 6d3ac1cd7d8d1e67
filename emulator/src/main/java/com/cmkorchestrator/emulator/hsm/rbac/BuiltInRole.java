package com.cmkorchestrator.emulator.hsm.rbac;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static com.cmkorchestrator.emulator.hsm.rbac.DataAction.*;

/**
 * Managed HSM local RBAC built-in roles: their IDs, names and data actions exactly as a live HSM
 * lists them ({@code GET /providers/Microsoft.Authorization/roleDefinitions}, api 7.4, HSM build
 * 1.0.20230228, recorded in Azure/azure-sdk-for-java
 * {@code sdk/keyvault/azure-security-keyvault-administration/src/test/resources/session-records/KeyVaultAccessControlClientTest.listRoleDefinitions[1].json};
 * the emulator's tests keep a copy). That list differs from the documentation's table
 * (MicrosoftDocs/azure-docs {@code articles/key-vault/managed-hsm/built-in-roles.md}); the live one
 * wins: Crypto Auditor may read deleted keys and may not purge them (the table has it the other
 * way round), Crypto User also derives and generates random numbers, Crypto Officer also exports,
 * Administrator also reads and writes settings, and "Backup" is named "Backup User". Restore is
 * not in the live list; its actions and name are the table's. Live descriptions are empty.
 */
public enum BuiltInRole {
    ADMINISTRATOR("a290e904-7015-4bba-90c8-60543313cdb4", "Managed HSM Administrator",
            ROLE_ASSIGNMENTS_DELETE, ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE,
            ROLE_DEFINITIONS_READ, ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE,
            SECURITY_DOMAIN_DOWNLOAD, SECURITY_DOMAIN_DOWNLOAD_READ, SECURITY_DOMAIN_UPLOAD, SECURITY_DOMAIN_UPLOAD_READ,
            SECURITY_DOMAIN_TRANSFER_KEY_READ, BACKUP_START, RESTORE_START, BACKUP_STATUS, RESTORE_STATUS,
            SETTINGS_READ, SETTINGS_WRITE),
    CRYPTO_OFFICER("515eb02d-2335-4d2d-92f2-b1cbdf9c3778", "Managed HSM Crypto Officer",
            ROLE_ASSIGNMENTS_DELETE, ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE,
            ROLE_DEFINITIONS_READ, ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE,
            DELETED_KEYS_READ, DELETED_KEYS_DELETE, DELETED_KEYS_RECOVER, KEYS_EXPORT),
    CRYPTO_USER("21dbd100-6940-42c2-9190-5d6cb909625b", "Managed HSM Crypto User",
            ROLE_DEFINITIONS_READ, ROLE_ASSIGNMENTS_READ, KEYS_READ, KEYS_WRITE, KEYS_DELETE, KEYS_CREATE, KEYS_ROTATE,
            KEYS_IMPORT, KEYS_RELEASE, KEYS_BACKUP, KEYS_RESTORE, KEYS_ENCRYPT, KEYS_DECRYPT, KEYS_WRAP, KEYS_UNWRAP,
            KEYS_SIGN, KEYS_VERIFY, KEYS_DERIVE, RNG),
    POLICY_ADMINISTRATOR("4bd23610-cdcf-4971-bdee-bdc562cc28e4", "Managed HSM Policy Administrator",
            ROLE_DEFINITIONS_READ, ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE,
            ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE, ROLE_ASSIGNMENTS_DELETE),
    CRYPTO_AUDITOR("2c18b078-7c48-4d3a-af88-5a3a1b3f82b3", "Managed HSM Crypto Auditor",
            ROLE_ASSIGNMENTS_READ, ROLE_DEFINITIONS_READ, KEYS_READ, DELETED_KEYS_READ),
    CRYPTO_SERVICE_ENCRYPTION_USER("33413926-3206-4cdd-b39a-83574fe37a17", "Managed HSM Crypto Service Encryption User",
            KEYS_READ, KEYS_WRAP, KEYS_UNWRAP),
    CRYPTO_SERVICE_RELEASE_USER("21dbd100-6940-42c2-9190-5d6cb909625c", "Managed HSM Crypto Service Release User",
            KEYS_RELEASE),
    BACKUP("7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8", "Managed HSM Backup User",
            BACKUP_START, BACKUP_STATUS, KEYS_BACKUP),
    /** Not in the live list: name and actions from the documentation's table. */
    RESTORE("6efe6056-5259-49d2-8b3d-d3d73544b20b", "Managed HSM Restore",
            KEYS_RESTORE, RESTORE_START, RESTORE_STATUS);

    private final String guid;
    private final RoleDefinition definition;

    BuiltInRole(String guid, String roleName, DataAction... dataActions) {
        this.guid = guid;
        this.definition = new RoleDefinition(guid, roleName, "", RoleDefinition.Type.BUILT_IN,
                List.of(new RoleDefinition.Permission(List.of(), List.of(), List.of(dataActions), List.of())),
                List.of(RoleScope.GLOBAL));
    }

    public String guid() { return guid; }

    public String roleName() { return definition.roleName(); }

    public RoleDefinition definition() { return definition; }

    public boolean grants(DataAction action) { return definition.grants(action); }

    /** The role definition ID as the data plane returns it. */
    public String definitionId() { return definition.id(); }

    public static Optional<BuiltInRole> byGuid(String guid) {
        String wanted = guid.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(role -> role.guid.equals(wanted)).findFirst();
    }
}
