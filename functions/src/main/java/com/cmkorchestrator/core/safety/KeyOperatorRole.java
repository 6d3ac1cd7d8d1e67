package com.cmkorchestrator.core.safety;

import com.cmkorchestrator.core.ports.CustomRole;

import java.util.List;

/**
 * The app's own rights on a Managed HSM: one custom local role, "cmk-orchestrator key operator", held at {@code /keys}
 * instead of Crypto User plus Crypto Officer (docs/concurrency.md section 7). It has exactly the data actions the app
 * uses, from the official list of Managed HSM local RBAC data actions, and nothing else: no purge, delete, export,
 * release, backup, import or cryptographic operation, no role-assignment delete and no role-definition write. Bicep's
 * deployment script ({@code bicep/scripts/hsm-local-rbac.sh}) defines the same role under the same deterministic
 * name, {@code guid(hsmName, 'cmk-orchestrator key operator')}, so whichever writes it first, the other finds it.
 */
public final class KeyOperatorRole {

    public static final String ROLE_NAME = "cmk-orchestrator key operator";
    public static final String PREFIX = "Microsoft.KeyVault/managedHsm";
    /** Where the app holds it: every key, nothing else of the HSM. */
    public static final String SCOPE = "/keys";
    public static final String DESCRIPTION = "cmk-orchestrator: read, create, tag, rotate and recover keys, and grant"
            + " Crypto Service Encryption User on them. No purge, delete, export, backup, import or cryptographic use.";

    /** Each data action and where the app uses it (docs/concurrency.md section 7 has the same table). */
    public static final List<String> DATA_ACTIONS = List.of(
            PREFIX + "/keys/read/action",               // a key, its versions, its rotation policy; the bridge's key list
            PREFIX + "/keys/create",                    // creating a key, once, under its lease
            PREFIX + "/keys/write/action",              // a rotation policy; tags; disabling a retired version
            PREFIX + "/keys/rotate/action",             // rotation on demand, and before expiry without a policy
            PREFIX + "/keys/deletedKeys/read/action",   // finding a soft-deleted key before creating one of its name
            PREFIX + "/keys/deletedKeys/recover/action", // recovering it instead
            PREFIX + "/roleAssignments/read/action",    // listing assignments at a key before granting
            PREFIX + "/roleAssignments/write/action");  // granting Crypto Service Encryption User at /keys/<name>

    private KeyOperatorRole() {
    }

    /** The role's name in the HSM called {@code hsmName}: Bicep's {@code guid(hsmName, ROLE_NAME)}. */
    public static String definitionName(String hsmName) {
        return TemplateGuid.of(hsmName, ROLE_NAME);
    }

    /** The role's definition for the HSM called {@code hsmName}. */
    public static CustomRole forHsm(String hsmName) {
        return new CustomRole(definitionName(hsmName), ROLE_NAME, DESCRIPTION, DATA_ACTIONS);
    }

    /** The name of the app's assignment at {@code /keys}: Bicep's {@code guid(hsmName, '/keys', principal, role)}. */
    public static String assignmentName(String hsmName, String principalId) {
        return TemplateGuid.of(hsmName, SCOPE, principalId, definitionName(hsmName));
    }
}
