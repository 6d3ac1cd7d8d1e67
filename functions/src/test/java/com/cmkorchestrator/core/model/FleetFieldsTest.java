package com.cmkorchestrator.core.model;

import org.junit.jupiter.api.Test;

import java.time.Period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binding fields a growing fleet needs: a shared identity per key, a grant scope, drift handling, retirement. */
class FleetFieldsTest {

    private static final String HSM = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hsm"
            + "/providers/Microsoft.KeyVault/managedHSMs/contoso-hsm";
    private static final String STORAGE = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-data"
            + "/providers/Microsoft.Storage/storageAccounts/ordersdata";

    private static Binding read(String key, String identity, String extra) {
        return BindingJson.readBinding("""
                {"name": "orders-storage", "hsm": "%s", "key": %s, "identity": %s, "target": "%s"%s}"""
                .formatted(HSM, key, identity, STORAGE, extra));
    }

    private static final String KEY = "{\"name\": \"orders-cmk\", \"type\": \"RSA-HSM\"}";

    @Test
    void anIdentityToCreateWithoutANameIsTheKeysSharedIdentityNamedAfterHsmAndKey() {
        Binding binding = read(KEY, "{\"create\": {\"resourceGroup\": \"rg-app\"}}", "");

        assertThat(binding.identity().isSharedPerKey()).isTrue();
        assertThat(binding.identityId()).hasValueSatisfying(id -> assertThat(id.toString()).isEqualTo(
                "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-app/providers/"
                        + "Microsoft.ManagedIdentity/userAssignedIdentities/cmk-contoso-hsm-orders-cmk"));
    }

    @Test
    void aNamedIdentityToCreateBelongsToTheBinding() {
        Binding binding = read(KEY, "{\"create\": {\"resourceGroup\": \"rg-app\", \"name\": \"orders-id\"}}", "");

        assertThat(binding.identity().isSharedPerKey()).isFalse();
        assertThat(binding.identityId().orElseThrow().resourceName()).isEqualTo("orders-id");
    }

    @Test
    void aSharedIdentityNameTooLongForAzureIsCutAndMadeUniqueByAHash() {
        String longKey = "k".repeat(127);

        String name = IdentitySpec.sharedName("contoso-hsm", longKey);

        assertThat(name).hasSize(128).startsWith("cmk-contoso-hsm-kkk").matches(".*-[0-9a-f]{8}");
        assertThat(IdentitySpec.sharedName("contoso-hsm", longKey)).isEqualTo(name);
        assertThat(IdentitySpec.sharedName("contoso-hsm", "k".repeat(126) + "j")).isNotEqualTo(name);
    }

    @Test
    void theGrantScopeDefaultsToTheKeyAndMayBeAllKeys() {
        assertThat(read(KEY, "{\"create\": {\"resourceGroup\": \"rg-app\"}}", "").identity().grantScope())
                .isEqualTo(GrantScope.KEY);
        Binding broad = read(KEY, "{\"create\": {\"resourceGroup\": \"rg-app\"}, \"grantScope\": \"allKeys\"}", "");

        assertThat(broad.identity().grantScope()).isEqualTo(GrantScope.ALL_KEYS);
        assertThat(broad.identity().grantScope().roleScope("orders-cmk")).isEqualTo("/keys");
        assertThat(GrantScope.KEY.roleScope("orders-cmk")).isEqualTo("/keys/orders-cmk");
    }

    @Test
    void onDriftDefaultsToRepairAndMayBeReport() {
        assertThat(read(KEY, "{\"create\": {\"resourceGroup\": \"rg-app\"}}", "").onDrift()).isEqualTo(OnDrift.REPAIR);
        assertThat(read(KEY, "{\"create\": {\"resourceGroup\": \"rg-app\"}}", ", \"onDrift\": \"report\"").onDrift())
                .isEqualTo(OnDrift.REPORT);
    }

    @Test
    void retireAfterIsAPeriodOfAtLeastADay() {
        Binding binding = read("{\"name\": \"orders-cmk\", \"type\": \"RSA-HSM\", \"retireAfter\": \"P30D\"}",
                "{\"create\": {\"resourceGroup\": \"rg-app\"}}", "");

        assertThat(binding.key().retireAfter()).isEqualTo(Period.ofDays(30));
        assertThatThrownBy(() -> read("{\"name\": \"orders-cmk\", \"type\": \"RSA-HSM\", \"retireAfter\": \"P0D\"}",
                "{\"create\": {\"resourceGroup\": \"rg-app\"}}", ""))
                .isInstanceOfSatisfying(BindingValidationException.class, invalid ->
                        assertThat(invalid.faults()).extracting(FieldFault::field).containsExactly("key.retireAfter"));
    }

    @Test
    void unknownValuesOfTheNewFieldsNameTheField() {
        assertThatThrownBy(() -> read(KEY, "{\"create\": {\"resourceGroup\": \"rg-app\"}, \"grantScope\": \"hsm\"}",
                ", \"onDrift\": \"ignore\""))
                .isInstanceOfSatisfying(BindingValidationException.class, invalid ->
                        assertThat(invalid.faults()).extracting(FieldFault::field)
                                .containsExactly("identity.grantScope", "onDrift"));
    }

    @Test
    void theDefaultsAreWrittenBackSoTheStoredSpecSaysWhatHolds() {
        String json = BindingJson.write(read(KEY, "{\"create\": {\"resourceGroup\": \"rg-app\"}}", ""));

        assertThat(json).contains("\"onDrift\":\"repair\"").contains("\"grantScope\":\"key\"");
        assertThat(BindingJson.readBinding(json)).isEqualTo(read(KEY, "{\"create\": {\"resourceGroup\": \"rg-app\"}}", ""));
    }
}
