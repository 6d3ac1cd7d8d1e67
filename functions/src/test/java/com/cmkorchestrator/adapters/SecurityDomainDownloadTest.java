package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.adapters.support.WrappingCertificates;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.errors.ErrorClass;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import com.cmkorchestrator.core.ports.SecurityDomainOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SecurityDomainDownload}: the REST calls that activate an HSM, through the app's HTTP pipeline. */
class SecurityDomainDownloadTest {
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("sd-rg");
    private final SecurityDomainDownload download = new SecurityDomainDownload(azure.connection());

    @Test
    void theDownloadReturnsTheSecurityDomainAndActivatesTheHsm() {
        URI hsm = azure.provisionedHsm("sd-rg", "hsm-activated");

        EncryptedSecurityDomain securityDomain = download.download(hsm, WrappingCertificates.fresh(3), 2);
        SecurityDomainOperation operation = waitForEnd(hsm);

        assertThat(securityDomain.value()).isNotBlank();
        assertThat(operation.status()).isEqualTo(SecurityDomainOperation.Status.SUCCESS);
        assertThat(azure.snapshot(hsm).activationStatus()).isEqualTo("Active");
        assertThat(new ManagedHsmResources(azure.connection()).get(azure.id("sd-rg", "Microsoft.KeyVault/managedHSMs",
                "hsm-activated")).orElseThrow().activationStatus()).isEqualTo(ActivationStatus.ACTIVE);
    }

    @Test
    void theSecurityDomainNeverShowsInItsTextForm() {
        URI hsm = azure.provisionedHsm("sd-rg", "hsm-redacted");

        EncryptedSecurityDomain securityDomain = download.download(hsm, WrappingCertificates.fresh(3), 2);

        assertThat(securityDomain.toString()).doesNotContain(securityDomain.value()).contains("redacted");
    }

    @Test
    void onlyAnInitialAdministratorMayDownload() {
        URI hsm = azure.provisionedHsm("sd-rg", "hsm-guarded");
        SecurityDomainDownload stranger = new SecurityDomainDownload(azure.as(UUID.randomUUID().toString()));

        assertThatThrownBy(() -> stranger.download(hsm, WrappingCertificates.fresh(3), 2))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.errorCode()).isPresent();
                    assertThat(e.operation()).isEqualTo("POST " + hsm + "securitydomain/download");
                });
        assertThat(azure.snapshot(hsm).activationStatus()).isEqualTo("NotActivated");
    }

    @Test
    void aQuorumAboveTheCertificateCountIsRefusedWithAzuresCode() {
        URI hsm = azure.provisionedHsm("sd-rg", "hsm-quorum");

        assertThatThrownBy(() -> download.download(hsm, WrappingCertificates.fresh(3), 4))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(ErrorClassifier.standard().classify(e).errorClass()).isEqualTo(ErrorClass.FATAL);
                });
    }

    @Test
    void statusBeforeAnyDownloadIsAnAzureNotFound() {
        URI hsm = azure.provisionedHsm("sd-rg", "hsm-untouched");

        assertThatThrownBy(() -> download.downloadStatus(hsm))
                .isInstanceOfSatisfying(AzureCallException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
    }

    private SecurityDomainOperation waitForEnd(URI hsm) {
        for (int i = 0; i < 100; i++) {
            SecurityDomainOperation operation = download.downloadStatus(hsm);
            if (operation.status() != SecurityDomainOperation.Status.IN_PROGRESS) {
                return operation;
            }
            azure.emulator().clock().advance(Duration.ofSeconds(30));
        }
        throw new AssertionError("the download never ended");
    }
}
