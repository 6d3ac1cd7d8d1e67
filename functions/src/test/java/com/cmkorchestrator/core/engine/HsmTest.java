package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.model.WrappingCertificate;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.ports.SecurityDomainOperation;
import com.cmkorchestrator.core.safety.KeyOperatorRole;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HsmTest {

    static final ArmId NEW_HSM = FakeAzure.id("rg-hsm", "Microsoft.KeyVault/managedHSMs/fresh-hsm");
    private static final List<String> ADMINS = List.of(FakeAzure.APP);

    private final Scenario scenario = new Scenario();

    static WrappingCertificate certificate(String name) {
        try (InputStream in = HsmTest.class.getResourceAsStream("/core/" + name)) {
            return WrappingCertificate.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HsmRequest.Activation activation() {
        return new HsmRequest.Activation(IntStream.range(0, 3).mapToObj(i -> certificate("sd-wrap-" + i + ".pem")).toList(),
                2, "https://vault.blob.core.windows.net/sd/fresh-hsm.json");
    }

    static HsmRequest request(HsmRequest.Activation activation) {
        return new HsmRequest(NEW_HSM, "westeurope", null, "11111111-aaaa-bbbb-cccc-222222222222", ADMINS, null, true,
                activation);
    }

    private Binding bindingOn(ArmId hsm) {
        return new Binding("b", hsm, KeySpec.rsa("k", 2048), Scenario.storageBinding(KeySpec.rsa("k", 2048),
                VersionPolicy.AUTO).identity(), Scenario.STORAGE, null);
    }

    @Test
    void aBindingWaitsForAnHsmStillProvisioning() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.PROVISIONING, ActivationStatus.NOT_ACTIVATED, true);

        ReconcileOutcome outcome = scenario.pass(bindingOn(NEW_HSM), null);

        assertThat(outcome.status().condition(ConditionType.HSM_READY).reason()).isEqualTo(Reason.HSM_PROVISIONING);
        assertThat(outcome.requeueAfter()).isEqualTo(EngineSettings.defaults(null).hsmPoll());
        assertThat(scenario.azure.log.calls()).containsExactly("hsm.get");
    }

    @Test
    void aBindingOnAnHsmAwaitingManualActivationShowsTheExactCommand() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);

        Condition hsm = scenario.pass(bindingOn(NEW_HSM), null).status().condition(ConditionType.HSM_READY);

        assertThat(hsm.status()).isEqualTo(ConditionStatus.WAITING);
        assertThat(hsm.reason()).isEqualTo(Reason.NOT_ACTIVATED);
        assertThat(hsm.message()).contains("az keyvault security-domain download --hsm-name fresh-hsm "
                + "--sd-wrapping-keys cert_0.cer cert_1.cer cert_2.cer --sd-quorum 2 --security-domain-file fresh-hsm-SD.json");
    }

    @Test
    void aBindingOnAMissingHsmIsFalseAndCreatesNothing() {
        ReconcileOutcome outcome = scenario.pass(bindingOn(NEW_HSM), null);

        assertThat(outcome.status().condition(ConditionType.HSM_READY).reason()).isEqualTo(Reason.HSM_NOT_FOUND);
        assertThat(scenario.azure.log.writes()).isEmpty();
    }

    @Test
    void databricksRefusesAnHsmWithoutPurgeProtection() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.ACTIVE, false);
        Binding dbx = new Binding("a", NEW_HSM, KeySpec.rsa("k", 2048), null, Scenario.WORKSPACE, null);

        Condition hsm = scenario.pass(dbx, null).status().condition(ConditionType.HSM_READY);

        assertThat(hsm.reason()).isEqualTo(Reason.PURGE_PROTECTION_REQUIRED);
    }

    @Test
    void anAbsentHsmIsCreatedOnceAndWaitedFor() {
        HsmOutcome first = scenario.reconciler.provisionHsm(request(null), null);
        HsmOutcome second = scenario.reconciler.provisionHsm(request(null), first.condition());

        assertThat(first.writes()).extracting(Write::kind).containsExactly(Write.Kind.CREATE_HSM);
        assertThat(first.condition().reason()).isEqualTo(Reason.HSM_PROVISIONING_STARTED);
        assertThat(second.writes()).isEmpty();
        assertThat(second.condition().reason()).isEqualTo(Reason.HSM_PROVISIONING);
    }

    @Test
    void aNameHeldBySoftDeletedHsmIsReportedOnceNotRetried() {
        scenario.azure.log.failNext("hsm.create", new com.cmkorchestrator.core.errors.AzureCallException("PUT managedHSMs/fresh-hsm", 409, "ConflictError",
                "A KV MHSM with the same name already exists in deleted state."));

        HsmOutcome outcome = scenario.reconciler.provisionHsm(request(null), null);

        assertThat(outcome.condition().status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(outcome.condition().reason()).isEqualTo(Reason.HSM_NAME_UNAVAILABLE);
        assertThat(outcome.condition().message()).contains("already exists in deleted state").contains("recover or purge");
        assertThat(outcome.requeueAfter()).isEqualTo(EngineSettings.defaults(null).failedRecheck());
    }

    @Test
    void aNameInUseElsewhereIsNotMistakenForABusyHsm() {
        scenario.azure.log.failNext("hsm.create", new com.cmkorchestrator.core.errors.AzureCallException("PUT managedHSMs/fresh-hsm", 409, "Conflict",
                "The managed HSM name 'fresh-hsm' is already in use."));

        HsmOutcome outcome = scenario.reconciler.provisionHsm(request(null), null);

        assertThat(outcome.condition().reason()).isEqualTo(Reason.HSM_NAME_UNAVAILABLE);
    }

    @Test
    void anHsmLeftUnactivatedIsLookedAtLessAndLessOftenButAtLeastEveryQuarterHour() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);
        java.util.List<java.time.Duration> pauses = new java.util.ArrayList<>();
        Condition previous = null;
        for (int pass = 0; pass < 8; pass++) {
            HsmOutcome outcome = scenario.reconciler.provisionHsm(request(null), previous);
            pauses.add(outcome.requeueAfter());
            scenario.azure.clock.advance(outcome.requeueAfter());
            previous = outcome.condition();
        }

        assertThat(pauses.get(0)).isEqualTo(EngineSettings.defaults(null).hsmPoll());
        assertThat(pauses).isSorted().last().isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(previous.reason()).isEqualTo(Reason.NOT_ACTIVATED);
        assertThat(scenario.azure.log.writes()).isEmpty();
    }

    @Test
    void withoutCertificatesActivationIsLeftToAnAdministrator() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);

        HsmOutcome outcome = scenario.reconciler.provisionHsm(request(null), null);

        assertThat(outcome.condition().reason()).isEqualTo(Reason.NOT_ACTIVATED);
        assertThat(scenario.azure.log.writes()).isEmpty();
    }

    @Test
    void withCertificatesTheSecurityDomainIsDownloadedOnceStoredAndAwaited() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);

        HsmOutcome downloaded = scenario.reconciler.provisionHsm(request(activation()), null);
        HsmOutcome polling = scenario.reconciler.provisionHsm(request(activation()), downloaded.condition());
        scenario.azure.hsms.finishDownload(NEW_HSM, SecurityDomainOperation.Status.SUCCESS);
        HsmOutcome active = scenario.reconciler.provisionHsm(request(activation()), polling.condition());

        assertThat(downloaded.condition().reason()).isEqualTo(Reason.SECURITY_DOMAIN_DOWNLOADED);
        assertThat(scenario.azure.log.count("sd.download")).isEqualTo(1);
        assertThat(scenario.azure.hsms.stored).containsOnlyKeys("https://vault.blob.core.windows.net/sd/fresh-hsm.json");
        assertThat(polling.condition().status()).isEqualTo(ConditionStatus.WAITING);
        assertThat(active.condition().reason()).isEqualTo(Reason.HSM_ACTIVE);
        assertThat(active.requeue()).isEmpty();
    }

    @Test
    void onceActiveTheAppGrantsItselfItsKeyOperatorRoleAtKeysAndNothingBroader() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.ACTIVE, true);
        URI hsmUri = URI.create("https://fresh-hsm.managedhsm.azure.net/");

        HsmOutcome active = scenario.reconciler.provisionHsm(request(activation()), null);

        String role = KeyOperatorRole.definitionName("fresh-hsm");
        assertThat(active.condition().reason()).isEqualTo(Reason.HSM_ACTIVE);
        assertThat(active.writes()).extracting(Write::kind)
                .containsExactly(Write.Kind.DEFINE_ROLE, Write.Kind.CREATE_ROLE_ASSIGNMENT);
        assertThat(scenario.azure.keyVault.roles(hsmUri)).containsOnlyKeys(role);
        assertThat(scenario.azure.keyVault.roles(hsmUri).get(role).dataActions())
                .containsExactlyElementsOf(KeyOperatorRole.DATA_ACTIONS);
        assertThat(scenario.azure.keyVault.assignments(hsmUri)).singleElement().satisfies(assignment -> {
            assertThat(assignment.scope()).isEqualTo("/keys");
            assertThat(assignment.roleDefinitionId()).isEqualTo(role);
            assertThat(assignment.principalId()).isEqualTo(FakeAzure.APP);
            assertThat(assignment.name()).isEqualTo(KeyOperatorRole.assignmentName("fresh-hsm", FakeAzure.APP));
        });
    }

    @Test
    void theKeyOperatorRoleOnceGrantedIsNotWrittenAgain() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.ACTIVE, true);
        HsmOutcome first = scenario.reconciler.provisionHsm(request(activation()), null);

        HsmOutcome again = scenario.reconciler.provisionHsm(request(activation()), first.condition());

        assertThat(again.writes()).isEmpty();
        assertThat(again.condition().isTrue()).isTrue();
    }

    @Test
    void aDestinationTheStoreRefusesStopsActivationBeforeAnythingIsDownloaded() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);
        scenario.azure.hsms.refusedDestinations.add("https://vault.blob.core.windows.net/sd/fresh-hsm.json");

        HsmOutcome outcome = scenario.reconciler.provisionHsm(request(activation()), null);

        assertThat(outcome.condition().status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(outcome.condition().reason()).isEqualTo(Reason.SECURITY_DOMAIN_DESTINATION_REFUSED);
        assertThat(outcome.condition().message()).contains("nothing was downloaded").contains("never overwritten");
        assertThat(scenario.azure.log.count("sd.download")).isZero();
        assertThat(outcome.writes()).isEmpty();
    }

    @Test
    void theSecurityDomainNeverAppearsInConditionsOrWrites() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);
        scenario.azure.hsms.storeFails = true;

        HsmOutcome outcome = scenario.reconciler.provisionHsm(request(activation()), null);

        assertThat(outcome.condition().reason()).isEqualTo(Reason.SECURITY_DOMAIN_NOT_STORED);
        assertThat(outcome.condition().message()).doesNotContain("secret").contains("download it again");
        assertThat(outcome.writes().toString()).doesNotContain("secret");
    }

    @Test
    void aFailedDownloadIsReported() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);
        HsmOutcome downloaded = scenario.reconciler.provisionHsm(request(activation()), null);
        scenario.azure.hsms.finishDownload(NEW_HSM, SecurityDomainOperation.Status.FAILED);

        HsmOutcome failed = scenario.reconciler.provisionHsm(request(activation()), downloaded.condition());

        assertThat(failed.condition().reason()).isEqualTo(Reason.ACTIVATION_FAILED);
        assertThat(scenario.azure.log.count("sd.download")).isEqualTo(1);
    }

    @Test
    void activationNeedsThreeToTenDistinctCertificatesAndASensibleQuorum() {
        WrappingCertificate one = certificate("sd-wrap-0.pem");
        WrappingCertificate two = certificate("sd-wrap-1.pem");
        WrappingCertificate three = certificate("sd-wrap-2.pem");

        assertThatThrownBy(() -> new HsmRequest.Activation(List.of(one, two), 2, "d")).hasMessageContaining("certificates");
        assertThatThrownBy(() -> new HsmRequest.Activation(List.of(one, one, two), 2, "d")).hasMessageContaining("distinct");
        assertThatThrownBy(() -> new HsmRequest.Activation(List.of(one, two, three), 4, "d")).hasMessageContaining("quorum");
        assertThatThrownBy(() -> new HsmRequest.Activation(List.of(one, two, three), 1, "d")).hasMessageContaining("quorum");
    }

    @Test
    void wrappingCertificatesMustHoldRsaKeys() {
        assertThatThrownBy(() -> certificate("ec-cert.pem")).hasMessageContaining("RSA");
        assertThatThrownBy(() -> WrappingCertificate.parse("not a certificate")).hasMessageContaining("X.509");
    }

    @Test
    void anUnreadableDownloadStatusNeverLeadsToASecondDownload() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);
        HsmOutcome downloaded = scenario.reconciler.provisionHsm(request(activation()), null);
        scenario.azure.log.failNext("sd.status", new com.cmkorchestrator.core.errors.AzureCallException(
                "GET securitydomain/download/pending", 404, "NotFound", "no such operation"));

        HsmOutcome unreadable = scenario.reconciler.provisionHsm(request(activation()), downloaded.condition());
        HsmOutcome next = scenario.reconciler.provisionHsm(request(activation()), unreadable.condition());

        assertThat(unreadable.condition().reason()).isEqualTo(Reason.SECURITY_DOMAIN_DOWNLOADED);
        assertThat(next.condition().reason()).isEqualTo(Reason.SECURITY_DOMAIN_DOWNLOADED);
        assertThat(scenario.azure.log.count("sd.download")).isEqualTo(1);
    }
}
