package com.cmkorchestrator.core.safety;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's own role on an HSM holds what the app uses and none of what it must never be able to do. */
class KeyOperatorRoleTest {

    private static final String P = "Microsoft.KeyVault/managedHsm/";

    @Test
    void holdsExactlyTheEightDataActionsTheAppUses() {
        assertThat(KeyOperatorRole.DATA_ACTIONS).containsExactly(P + "keys/read/action", P + "keys/create",
                P + "keys/write/action", P + "keys/rotate/action", P + "keys/deletedKeys/read/action",
                P + "keys/deletedKeys/recover/action", P + "roleAssignments/read/action",
                P + "roleAssignments/write/action");
    }

    @Test
    void lacksPurgeDeleteExportReleaseBackupImportCryptographyAndAccessRemoval() {
        List<String> never = List.of(P + "keys/deletedKeys/delete", P + "keys/delete", P + "keys/export/action",
                P + "keys/release/action", P + "keys/backup/action", P + "keys/restore/action", P + "keys/import/action",
                P + "keys/encrypt/action", P + "keys/decrypt/action", P + "keys/wrap/action", P + "keys/unwrap/action",
                P + "keys/sign/action", P + "keys/verify/action", P + "keys/derive/action", P + "rng/action",
                P + "roleAssignments/delete/action", P + "roleDefinitions/write/action",
                P + "roleDefinitions/delete/action", P + "securitydomain/download/action", P + "settings/write/action");

        assertThat(KeyOperatorRole.DATA_ACTIONS).doesNotContainAnyElementsOf(never)
                .noneMatch(action -> action.contains("*"));
    }

    @Test
    void isNamedAsBicepNamesItSoThatBothFindTheSameRole() {
        // bicep/modules/hsm-local-rbac.bicep: guid(hsmName, appRoleName) and guid(hsmName, '/keys', principal, role)
        assertThat(KeyOperatorRole.definitionName("cmk-demo-hsm")).isEqualTo("2c6574f9-358f-57cc-b48d-1567dc89bf54");
        assertThat(KeyOperatorRole.assignmentName("contoso-hsm", "c0ffee00-cafe-4a11-8000-00000000a99e"))
                .isEqualTo("7bec9608-f01e-5946-bb1c-962f573dd7fc");
        assertThat(KeyOperatorRole.forHsm("cmk-demo-hsm").roleName()).isEqualTo("cmk-orchestrator key operator");
    }
}
