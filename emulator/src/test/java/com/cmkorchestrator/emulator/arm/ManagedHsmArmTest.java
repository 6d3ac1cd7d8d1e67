package com.cmkorchestrator.emulator.arm;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.keyvault.fluent.ManagedHsmsClient;
import com.azure.resourcemanager.keyvault.fluent.models.ManagedHsmInner;
import com.azure.resourcemanager.keyvault.models.CreateMode;
import com.azure.resourcemanager.keyvault.models.ProvisioningState;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagedHsmArmTest {
    private static EmulatorFixture fixture;
    private static ArmScenario arm;
    private static ManagedHsmsClient hsms;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        arm = new ArmScenario(fixture);
        arm.group("hsm-rg");
        hsms = arm.keyVault().serviceClient().getManagedHsms();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void provisioningIsALongRunningOperationThatEndsWithTheDataPlaneUri() {
        try (EmulatorFixture slow = EmulatorFixture.withFakeHsms(o -> o.withHsmProvisioningDuration(Duration.ofMinutes(30)))) {
            ArmScenario slowArm = new ArmScenario(slow);
            slowArm.group("slow-rg");
            ManagedHsmsClient client = slowArm.keyVault().serviceClient().getManagedHsms();

            SyncPoller<PollResult<ManagedHsmInner>, ManagedHsmInner> poller =
                    client.beginCreateOrUpdate("slow-rg", "hsm-slow", slowArm.hsmDefinition(null));
            assertThat(poller.poll().getStatus()).isEqualTo(LongRunningOperationStatus.IN_PROGRESS);
            ManagedHsmInner provisioning = client.getByResourceGroup("slow-rg", "hsm-slow");
            assertThat(provisioning.properties().provisioningState()).isEqualTo(ProvisioningState.PROVISIONING);
            assertThat(provisioning.properties().hsmUri()).isNull();

            slow.emulator.clock().advance(Duration.ofMinutes(30));
            ManagedHsmInner done = poller.getFinalResult();

            assertThat(done.properties().provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
            assertThat(done.properties().hsmUri()).isEqualTo(slow.fakeFleet.all().get(0).uri().toString());
            assertThat(done.properties().securityDomainProperties().activationStatus().toString()).isEqualTo("Active");
        }
    }

    @Test
    void purgeProtectionCannotBeTurnedOffOnceOn() {
        hsms.createOrUpdate("hsm-rg", "hsm-protected", arm.hsmDefinition(true));

        assertThatThrownBy(() -> hsms.createOrUpdate("hsm-rg", "hsm-protected", arm.hsmDefinition(false)))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getMessage()).contains("enablePurgeProtection");
                });
        assertThat(hsms.getByResourceGroup("hsm-rg", "hsm-protected").properties().enablePurgeProtection()).isTrue();
    }

    @Test
    void deletionIsSoftAndPurgeRemovesTheDeletedHsm() {
        hsms.createOrUpdate("hsm-rg", "hsm-deleted", arm.hsmDefinition(null));

        hsms.delete("hsm-rg", "hsm-deleted");

        var deleted = hsms.getDeleted("hsm-deleted", "westus");
        assertThat(deleted.properties().mhsmId()).endsWith("/managedHSMs/hsm-deleted");
        assertThat(deleted.properties().scheduledPurgeDate()).isAfter(deleted.properties().deletionDate());
        hsms.purgeDeleted("hsm-deleted", "westus");
        assertThatThrownBy(() -> hsms.getDeleted("hsm-deleted", "westus"))
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(404));
    }

    @Test
    void recoverBringsTheSoftDeletedHsmBackAtItsUri() {
        ManagedHsmInner original = hsms.createOrUpdate("hsm-rg", "hsm-recovered", arm.hsmDefinition(null));
        hsms.delete("hsm-rg", "hsm-recovered");

        ManagedHsmInner recovery = arm.hsmDefinition(null);
        recovery.properties().withCreateMode(CreateMode.RECOVER);
        ManagedHsmInner recovered = hsms.createOrUpdate("hsm-rg", "hsm-recovered", recovery);

        assertThat(recovered.properties().hsmUri()).isEqualTo(original.properties().hsmUri());
    }

    @Test
    void aSoftDeletedNameCannotBeCreatedAgain() {
        hsms.createOrUpdate("hsm-rg", "hsm-binned", arm.hsmDefinition(null));
        hsms.delete("hsm-rg", "hsm-binned");

        assertThatThrownBy(() -> hsms.createOrUpdate("hsm-rg", "hsm-binned", arm.hsmDefinition(null)))
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(409));
    }

    @Test
    void aPurgeProtectedHsmIsPurgedOnlyByAzureAfterItsRetention() {
        hsms.createOrUpdate("hsm-rg", "hsm-kept", arm.hsmDefinition(true));
        hsms.delete("hsm-rg", "hsm-kept");

        assertThatThrownBy(() -> hsms.purgeDeleted("hsm-kept", "westus"))
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(409));
        fixture.emulator.clock().advance(Duration.ofDays(8));
        assertThatThrownBy(() -> hsms.getDeleted("hsm-kept", "westus"))
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(404));
    }

    @Test
    void anInvalidHsmNameIsRefused() {
        assertThatThrownBy(() -> hsms.createOrUpdate("hsm-rg", "9-starts-with-digit", arm.hsmDefinition(null)))
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(400));
        assertThat(fixture.emulator.armDocuments()).noneMatch(doc -> doc.path("name").asText().equals("9-starts-with-digit"));
    }

    @Test
    void listingByResourceGroupReturnsTheGroupsHsms() {
        hsms.createOrUpdate("hsm-rg", "hsm-listed", arm.hsmDefinition(null));

        assertThat(hsms.listByResourceGroup("hsm-rg").stream().map(ManagedHsmInner::name)).contains("hsm-listed");
        assertThat(Principals.DEPLOYER).isNotNull();
    }
}
