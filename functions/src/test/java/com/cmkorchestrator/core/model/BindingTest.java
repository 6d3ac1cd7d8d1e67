package com.cmkorchestrator.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindingTest {

    static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
    static final ArmId HSM = ArmId.parse(SUB + "/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/h");
    static final ArmId STORAGE = ArmId.parse(SUB + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/s");
    static final ArmId WORKSPACE = ArmId.parse(SUB + "/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w");
    static final IdentitySpec IDENTITY = IdentitySpec.create("rg-app", "my-id");

    @Test
    void storageAndDesNeedAnIdentity() {
        assertThatThrownBy(() -> new Binding("b", HSM, KeySpec.rsa("k", 2048), null, STORAGE, null))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo("identity"));
    }

    @Test
    void databricksRefusesAUserAssignedIdentity() {
        assertThatThrownBy(() -> new Binding("b", HSM, KeySpec.rsa("k", 2048), IDENTITY, WORKSPACE, null))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo("identity"));
    }

    @Test
    void noTargetKindAcceptsAnEcKey() {
        KeySpec ec = new KeySpec("k", KeyType.EC_HSM, null, null, null);

        assertThatThrownBy(() -> new Binding("b", HSM, ec, IDENTITY, STORAGE, null))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo("key.type"));
    }

    @Test
    void theHsmMustBeAManagedHsm() {
        ArmId vault = ArmId.parse(SUB + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v");

        assertThatThrownBy(() -> new Binding("b", vault, KeySpec.rsa("k", 2048), IDENTITY, STORAGE, null))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo("hsm"));
    }

    @Test
    void databricksManagedServicesIsPinnedEvenUnderAuto() {
        Binding binding = new Binding("b", HSM, KeySpec.rsa("k", 2048), null, WORKSPACE, VersionPolicy.AUTO);

        assertThat(binding.isPinned(KeySlot.DATABRICKS_MANAGED_SERVICES)).isTrue();
        assertThat(binding.isPinned(KeySlot.DATABRICKS_MANAGED_DISK)).isFalse();
    }

    @Test
    void aNewIdentityMayLiveInAnotherSubscription() {
        IdentitySpec elsewhere = new IdentitySpec(null,
                new IdentitySpec.NewIdentity("99999999-2222-3333-4444-555555555555", "rg-id", "shared-id", null));
        Binding binding = new Binding("b", HSM, KeySpec.rsa("k", 2048), elsewhere, STORAGE, null);

        assertThat(binding.identityId()).hasValueSatisfying(id ->
                assertThat(id.subscriptionId()).isEqualTo("99999999-2222-3333-4444-555555555555"));
    }
}
