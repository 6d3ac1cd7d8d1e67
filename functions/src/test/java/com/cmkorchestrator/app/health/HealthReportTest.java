package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
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
    void theDashboardEscapesWhatAzureSaid() {
        bed.graph.rejected().record("Event Grid OnKeyEvent", "<script>alert(1)</script>", "{}");

        String page = DashboardPage.render(report(), hsm -> List.of());

        assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
