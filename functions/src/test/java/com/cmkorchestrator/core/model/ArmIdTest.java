package com.cmkorchestrator.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArmIdTest {

    static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";

    @Test
    void parsesAResourceId() {
        ArmId id = ArmId.parse(SUB + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/ordersdata");

        assertThat(id.subscriptionId()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(id.resourceGroup()).contains("rg-data");
        assertThat(id.fullResourceType()).contains("Microsoft.Storage/storageAccounts");
        assertThat(id.resourceName()).isEqualTo("ordersdata");
    }

    @Test
    void parsesAChildResourceId() {
        ArmId id = ArmId.parse(SUB + "/resourceGroups/rg/providers/Microsoft.KeyVault/managedHSMs/h/keys/k");

        assertThat(id.fullResourceType()).contains("Microsoft.KeyVault/managedHSMs/keys");
        assertThat(id.resourceName()).isEqualTo("k");
    }

    @Test
    void parsesSubscriptionAndResourceGroupScopes() {
        assertThat(ArmId.parse(SUB).isResource()).isFalse();
        assertThat(ArmId.parse(SUB + "/resourceGroups/rg").resourceGroup()).contains("rg");
    }

    @Test
    void comparesIgnoringCaseAsArmDoes() {
        ArmId lower = ArmId.parse(SUB + "/resourcegroups/RG/providers/microsoft.storage/storageaccounts/x");
        ArmId mixed = ArmId.parse(SUB + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/X");

        assertThat(lower).isEqualTo(mixed).hasSameHashCodeAs(mixed);
        assertThat(lower.toString()).contains("resourcegroups/RG");
    }

    @Test
    void aScopeContainsWhatIsBelowItButNotItsNamesakes() {
        ArmId group = ArmId.parse(SUB + "/resourceGroups/rg");

        assertThat(group.contains(ArmId.parse(SUB + "/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/x"))).isTrue();
        assertThat(group.contains(ArmId.parse(SUB + "/resourceGroups/rg-other/providers/Microsoft.Storage/storageAccounts/x"))).isFalse();
        assertThat(ArmId.parse(SUB).contains(group)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "subscriptions/11111111-2222-3333-4444-555555555555",
            "/subscriptions/not-a-guid",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Storage",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts//x",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/things/Microsoft.Storage/storageAccounts/x",
            "https://management.azure.com/subscriptions/11111111-2222-3333-4444-555555555555",
            // a segment a URL could resolve or decode into another scope: ARM names never hold these
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/..",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/.",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/"
                    + "w%2F..%2F..%2F..%2F..%2FresourceGroups%2Fother%2Fproviders%2FMicrosoft.Databricks%2Fworkspaces%2Fv",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a\\b",
    })
    void refusesWhatIsNotAnArmId(String text) {
        assertThatThrownBy(() -> ArmId.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ARM");
    }
}
