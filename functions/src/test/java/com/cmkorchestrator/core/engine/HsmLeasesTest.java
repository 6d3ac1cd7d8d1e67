package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.ports.Lease;
import com.cmkorchestrator.core.ports.LeaseNames;
import com.cmkorchestrator.core.ports.SecurityDomainOperation;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.cmkorchestrator.core.engine.HsmTest.NEW_HSM;
import static com.cmkorchestrator.core.engine.HsmTest.activation;
import static com.cmkorchestrator.core.engine.HsmTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the app (two reconcilers, their leases over one store) on one HSM request, each pass starting
 * from the same stale status, as when both read the request before either stored what it did.
 */
class HsmLeasesTest {

    private final Scenario scenario = new Scenario();
    private final BindingReconciler a = scenario.reconciler;
    private final BindingReconciler b = scenario.instance("instance-b");
    private final String download = LeaseNames.securityDomain(NEW_HSM.resourceName());

    private void provisionedAwaitingActivation() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);
    }

    @Test
    void twoInstancesOnOneRequestDownloadTheSecurityDomainOnce() {
        provisionedAwaitingActivation();

        HsmOutcome first = a.provisionHsm(request(activation()), null);
        HsmOutcome second = b.provisionHsm(request(activation()), null);

        assertThat(scenario.azure.log.count("sd.download")).isEqualTo(1);
        assertThat(first.condition().reason()).isEqualTo(Reason.SECURITY_DOMAIN_DOWNLOADED);
        assertThat(second.condition().status()).isEqualTo(ConditionStatus.WAITING);
        assertThat(second.condition().reason()).isEqualTo(Reason.LEASE_HELD);
        Lease held = scenario.leases.current(download).orElseThrow();
        assertThat(second.condition().message()).contains("instance-a").contains(held.expiresAt().toString());
        assertThat(second.writes()).isEmpty();
    }

    @Test
    void theDownloadingInstanceRenewsItsLeaseWhilePollingAndGivesItBackOnceActive() {
        provisionedAwaitingActivation();
        HsmOutcome polling = a.provisionHsm(request(activation()), null);
        for (int i = 0; i < 4; i++) {
            scenario.azure.clock.advance(Duration.ofMinutes(5));
            polling = a.provisionHsm(request(activation()), polling.condition());
        }
        HsmOutcome stillWaiting = b.provisionHsm(request(activation()), null);
        scenario.azure.hsms.finishDownload(NEW_HSM, SecurityDomainOperation.Status.SUCCESS);

        HsmOutcome active = a.provisionHsm(request(activation()), polling.condition());

        assertThat(stillWaiting.condition().reason()).as("20 minutes on, renewed").isEqualTo(Reason.LEASE_HELD);
        assertThat(active.condition().reason()).isEqualTo(Reason.HSM_ACTIVE);
        assertThat(scenario.leases.current(download)).isEmpty();
        assertThat(b.provisionHsm(request(activation()), null).condition().reason()).isEqualTo(Reason.HSM_ACTIVE);
        assertThat(scenario.azure.log.count("sd.download")).isEqualTo(1);
    }

    @Test
    void aDownloadBegunByAnInstanceThatDiedIsNotRepeatedOnceItsLeaseExpires() {
        provisionedAwaitingActivation();
        a.provisionHsm(request(activation()), null); // and dies: its status is never stored, it never polls
        scenario.azure.clock.advance(HsmProvisioner.SECURITY_DOMAIN_LEASE.plusSeconds(1));

        HsmOutcome after = b.provisionHsm(request(activation()), null);

        assertThat(scenario.azure.log.count("sd.download")).isEqualTo(1);
        assertThat(after.condition().reason()).isEqualTo(Reason.SECURITY_DOMAIN_DOWNLOADED);
        assertThat(after.condition().message()).contains("begun by another instance or by hand");
        assertThat(scenario.leases.current(download)).as("nothing left held").isEmpty();
    }

    @Test
    void anInstanceFindingTheCreationLeaseHeldWaitsAndCreatesNothing() {
        String creation = LeaseNames.hsmCreation(NEW_HSM);
        scenario.leases.tryAcquire(creation, HsmProvisioner.CREATION_LEASE); // instance-a, in the middle of creating

        HsmOutcome waiting = b.provisionHsm(request(null), null);

        assertThat(waiting.condition().reason()).isEqualTo(Reason.LEASE_HELD);
        assertThat(waiting.condition().message()).contains("creation of fresh-hsm").contains("instance-a");
        assertThat(waiting.requeueAfter()).isEqualTo(HsmProvisioner.CREATION_LEASE);
        assertThat(scenario.azure.log.count("hsm.create")).isZero();
    }

    @Test
    void theCreationLeaseIsGivenBackOnceTheCreationBegan() {
        a.provisionHsm(request(null), null);

        HsmOutcome other = b.provisionHsm(request(null), null);

        assertThat(scenario.leases.current(LeaseNames.hsmCreation(NEW_HSM))).isEmpty();
        assertThat(other.condition().reason()).isEqualTo(Reason.HSM_PROVISIONING);
        assertThat(scenario.azure.log.count("hsm.create")).isEqualTo(1);
    }
}
