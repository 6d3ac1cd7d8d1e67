package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.model.Guid;
import java.util.Locale;

/**
 * Managed HSM local role definition IDs. The data plane names a built-in role
 * {@code Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/<guid>} (as {@code az keyvault role
 * definition list} and the SDK samples show); the core speaks of the GUID alone.
 */
final class RoleDefinitionIds {
    static final String PREFIX = "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/";

    private RoleDefinitionIds() {
    }

    /** The role definition ID to send for the role {@code guid}. */
    static String of(String guid) {
        if (!Guid.is(guid)) {
            throw new IllegalArgumentException("a role definition GUID is expected, not '" + guid + "'");
        }
        return PREFIX + guid.toLowerCase(Locale.ROOT);
    }

    /**
     * The GUID of a role definition ID as the HSM returns it, whatever its prefix ({@code Microsoft.KeyVault/...},
     * {@code /Microsoft.KeyVault/...}, {@code /keys/providers/...}) or none.
     */
    static String guidOf(String roleDefinitionId) {
        if (roleDefinitionId == null || roleDefinitionId.isBlank()) {
            throw new IllegalArgumentException("the HSM returned a role assignment without roleDefinitionId");
        }
        String last = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
        return last.toLowerCase(Locale.ROOT);
    }
}
