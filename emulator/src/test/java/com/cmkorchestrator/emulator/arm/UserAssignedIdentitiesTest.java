package com.cmkorchestrator.emulator.arm;

import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UserAssignedIdentitiesTest {
    private static EmulatorFixture fixture;
    private static MsiManager msi;
    private static ArmScenario arm;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        arm = new ArmScenario(fixture);
        arm.group("id-rg");
        msi = fixture.azure.msi(Principals.DEPLOYER);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void anIdentityGetsGeneratedPrincipalClientAndTenantIds() {
        Identity identity = arm.identity("id-rg", "uami-new");

        assertThat(UUID.fromString(identity.principalId())).isNotNull();
        assertThat(UUID.fromString(identity.clientId())).isNotNull();
        assertThat(identity.principalId()).isNotEqualTo(identity.clientId());
        assertThat(identity.tenantId()).isEqualTo(fixture.emulator.options().tenantId());
    }

    @Test
    void updatingAnIdentityKeepsItsPrincipal() {
        Identity identity = arm.identity("id-rg", "uami-kept");

        Identity updated = identity.update().withTag("purpose", "cmk").apply();

        assertThat(updated.principalId()).isEqualTo(identity.principalId());
        assertThat(msi.identities().getById(identity.id()).tags()).containsEntry("purpose", "cmk");
    }

    @Test
    void aDeletedIdentityIsGone() {
        Identity identity = arm.identity("id-rg", "uami-gone");

        msi.identities().deleteById(identity.id());

        assertThat(msi.identities().listByResourceGroup("id-rg").stream().map(Identity::name)).doesNotContain("uami-gone");
    }
}
