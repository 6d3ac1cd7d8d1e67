package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.state.WorkItem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HealthReportTest {

    private final AppTestbed bed = new AppTestbed();

    private HealthReport report() {
        return bed.graph.healthReporter().report();
    }

    @Test
    void everyBindingVerifiedIsHealthy() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        HealthReport report = report();

        assertThat(report.status()).isEqualTo("Healthy");
        assertThat(report.bindings()).isEqualTo(new HealthReport.Counts(1, 1, 0, 0, 0));
        assertThat(report.items()).singleElement().satisfies(item -> {
            assertThat(item.firstUnmet()).isNull();
            assertThat(item.conditions()).hasSize(6);
            assertThat(item.versions()).isNotEmpty();
        });
    }

    @Test
    void aBindingStillConvergingMakesItDegradedAndShowsItsFirstUnmetCondition() {
        bed.azure.hsms.set(Scenario.HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED);
        bed.graph.bindings().declare(AppTestbed.des("shared", VersionPolicy.PINNED), Optional.empty());
        bed.drain();

        HealthReport report = report();

        assertThat(report.status()).isEqualTo("Degraded");
        assertThat(report.items()).singleElement().satisfies(item -> {
            assertThat(item.phase()).isNotEqualTo("Verified");
            assertThat(item.firstUnmet().type().json()).isEqualTo("HsmReady");
        });
    }

    @Test
    void anHsmThatOnlyBindingsUseIsListedWithItsReadinessAndBindings() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.storage("shared", VersionPolicy.AUTO));

        assertThat(report().hsms()).singleElement().satisfies(hsm -> {
            assertThat(hsm.name()).isEqualTo("contoso-hsm");
            assertThat(hsm.hsm()).isEqualTo(Scenario.HSM.toString());
            assertThat(hsm.requested()).isFalse();
            assertThat(hsm.ready().reason().json()).isEqualTo("Active");
            assertThat(hsm.bindings()).containsExactlyInAnyOrder("vm-disks", "orders-storage");
        });
    }

    @Test
    void aBindingsEntryNamesWhatCausedItsLastPass() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        assertThat(report().items()).singleElement()
                .satisfies(item -> assertThat(item.cause()).isNotBlank());
    }

    @Test
    void aRequestedHsmThatFailedMakesItDegraded() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        var request = bed.stores.hsmRequests().create("taken-hsm", "{\"hsm\": \"/subscriptions/"
                + "11111111-2222-3333-4444-555555555555/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs"
                + "/taken-hsm\", \"location\": \"westeurope\", \"tenantId\": \"72f988bf-86f1-41af-91ab-2d7cd011db47\", "
                + "\"administrators\": [\"11111111-0000-0000-0000-000000000001\"], \"purgeProtection\": true}");
        var failed = com.cmkorchestrator.core.status.Condition.isFalse(
                com.cmkorchestrator.core.status.ConditionType.HSM_READY,
                com.cmkorchestrator.core.status.Reason.HSM_NAME_UNAVAILABLE, "the name taken-hsm is taken",
                bed.azure.clock.instant());
        bed.stores.hsmRequests().replace(request.withStatus(
                new com.cmkorchestrator.app.HsmStatus(failed, List.of(), null).toJson(), request.generation()));

        HealthReport report = report();

        assertThat(report.bindings().verified()).isEqualTo(1);
        assertThat(report.status()).isEqualTo("Degraded");
    }

    @Test
    void poisonedWorkIsCounted() {
        bed.stores.bindings().create("broken", "{\"name\": 1}");
        bed.queue.enqueue(WorkItem.forBinding("broken", "test"));
        for (int attempt = 0; attempt < 3; attempt++) {
            bed.drain();
            bed.azure.clock.advance(Duration.ofHours(1));
        }

        assertThat(report().poisonedWorkItems()).isEqualTo(1);
        assertThat(report().status()).isEqualTo("Degraded");
    }

    @Test
    void theDashboardDrawsHsmKeysVersionsAndResourcesWithoutExternalAssets() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.graph.bridge().orElseThrow().run();
        String version = bed.status("vm-disks").orElseThrow().versions().get(0).version();

        String page = DashboardPage.render(report(), bed.stores.watermarks()::watermarks);

        assertThat(page).startsWith("<!DOCTYPE html>").contains("Managed HSM <b>contoso-hsm</b>")
                .contains("<b>shared</b>").contains("title=\"" + version + "\"").contains("<b>vm-disks</b>")
                .contains("pill True");
        assertThat(page).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
        assertThat(page.indexOf("contoso-hsm")).isLessThan(page.indexOf("<b>shared</b>"));
        assertThat(page.indexOf("<b>shared</b>")).isLessThan(page.indexOf("<b>vm-disks</b>"));
    }

    @Test
    void theDashboardWritesOutTheMessageOfEveryConditionThatDoesNotHold() {
        bed.azure.hsms.set(Scenario.HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED);
        bed.graph.bindings().declare(AppTestbed.des("shared", VersionPolicy.PINNED), Optional.empty());
        bed.drain();
        var conditions = bed.status("vm-disks").orElseThrow().conditions();

        String page = DashboardPage.render(report(), hsm -> List.of());

        conditions.stream().filter(condition -> !condition.isTrue()).forEach(condition -> assertThat(page)
                .contains("<li><b>" + condition.type().json() + "</b> " + condition.status().json() + "/"
                        + condition.reason().json() + ": " + DashboardPage.esc(condition.message()) + "</li>"));
    }

    @Test
    void theDashboardExplainsItsMarksInALegend() {
        String page = DashboardPage.render(report(), hsm -> List.of());

        assertThat(page).contains("<h2>Legend</h2>").contains("swatch Verified").contains("swatch Converging")
                .contains("swatch Failed").contains("pill True").contains("pill Waiting").contains("pill False")
                .contains("version current").contains("version used");
    }

    @Test
    void theDashboardShowsAnHsmThatOnlyBindingsUse() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        assertThat(DashboardPage.render(report(), hsm -> List.of())).contains("Managed HSM <b>contoso-hsm</b>")
                .contains("deployed outside the app · used by 1 binding(s)");
    }

    @Test
    void theDashboardEscapesWhatAzureSaid() {
        bed.graph.rejected().record("Event Grid OnKeyEvent", "<script>alert(1)</script>", "{}");

        String page = DashboardPage.render(report(), hsm -> List.of());

        assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void anHsmRequestWaitingPastItsHorizonIsFailedAndTheReportIsNotHealthy() {
        ArmId hsm = ArmId.parse(Scenario.HSM.toString().replace("contoso-hsm", "new-hsm"));
        bed.graph.hsms().request(new HsmRequest(hsm, "westeurope", null, "72f988bf-86f1-41af-91ab-2d7cd011db47",
                List.of("11111111-0000-0000-0000-000000000001"), null, true, null));
        bed.drain();
        bed.azure.hsms.set(hsm, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED);

        for (Duration waited = Duration.ZERO; waited.compareTo(Duration.ofDays(8)) < 0;
             waited = waited.plus(Duration.ofMinutes(15))) {
            bed.azure.clock.advance(Duration.ofMinutes(15));
            bed.drain();
        }

        HealthReport report = report();
        assertThat(report.status()).isEqualTo("Degraded");
        assertThat(report.hsms()).singleElement().satisfies(requested -> {
            assertThat(requested.ready().status()).isEqualTo(ConditionStatus.FALSE);
            assertThat(requested.ready().reason()).isEqualTo(Reason.NOT_ACTIVATED);
            assertThat(requested.ready().message()).startsWith("waited 7 d 23 h").contains("longer than the 7 d");
        });
    }
}
