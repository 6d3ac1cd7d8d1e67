package com.cmkorchestrator.adapters;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Role definition IDs and scopes as the Managed HSM data plane writes them. */
class RoleDefinitionIdsTest {
    private static final String ENCRYPTION_USER = "33413926-3206-4cdd-b39a-83574fe37a17";

    @Test
    void aRoleGuidBecomesTheDataPlaneRoleDefinitionId() {
        assertThat(RoleDefinitionIds.of(ENCRYPTION_USER.toUpperCase()))
                .isEqualTo("Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + ENCRYPTION_USER);
    }

    @Test
    void somethingOtherThanAGuidIsRefused() {
        assertThatThrownBy(() -> RoleDefinitionIds.of("Managed HSM Crypto User"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Managed HSM Crypto User");
    }

    @Test
    void theGuidIsReadFromEveryFormTheHsmWrites() {
        assertThat(RoleDefinitionIds.guidOf("Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + ENCRYPTION_USER))
                .isEqualTo(ENCRYPTION_USER);
        assertThat(RoleDefinitionIds.guidOf("/Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + ENCRYPTION_USER))
                .isEqualTo(ENCRYPTION_USER);
        assertThat(RoleDefinitionIds.guidOf("/keys/providers/Microsoft.Authorization/roleDefinitions/" + ENCRYPTION_USER.toUpperCase()))
                .isEqualTo(ENCRYPTION_USER);
        assertThat(RoleDefinitionIds.guidOf(ENCRYPTION_USER)).isEqualTo(ENCRYPTION_USER);
    }

    @Test
    void scopesAreNormalisedToTheHsmsSpelling() {
        assertThat(HsmLocalRbac.normalise("/")).isEqualTo("/");
        assertThat(HsmLocalRbac.normalise("keys")).isEqualTo("/keys");
        assertThat(HsmLocalRbac.normalise("/keys/orders/")).isEqualTo("/keys/orders");
    }
}
