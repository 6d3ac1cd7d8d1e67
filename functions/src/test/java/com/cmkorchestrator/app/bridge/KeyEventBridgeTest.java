package com.cmkorchestrator.app.bridge;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.app.BindingCatalog;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.state.KeyEventKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Period;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyEventBridgeTest {

    private final AppTestbed bed = new AppTestbed();
    private final KeyEventBridge bridge = bed.graph.bridge().orElseThrow();

    private List<String> publishedIds() {
        return bed.published.stream().map(event -> event.id().toString()).toList();
    }

    private KeyVersion current() {
        return bed.azure.keyVault.key(bed.scenario.hsmUri, "shared").versions.stream()
                .max(Comparator.comparing(KeyVersion::createdOn)).orElseThrow();
    }

    /** Makes the current version expire {@code in} from now. */
    private void expireCurrentIn(Duration in) {
        var key = bed.azure.keyVault.key(bed.scenario.hsmUri, "shared");
        KeyVersion v = current();
        key.versions.set(key.versions.indexOf(v), new KeyVersion(v.version(), true, v.createdOn(),
                bed.azure.clock.instant().plus(in), null));
    }

    @Test
    void aKeySeenForTheFirstTimeAnnouncesOnlyItsCurrentVersion() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        KeyVersion first = current();
        bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "shared");
        KeyVersion second = current();

        BridgeReport report = bridge.run();

        assertThat(report.keys()).isEqualTo(1);
        assertThat(publishedIds()).containsExactly("KeyNewVersionCreated for contoso-hsm/shared/" + second.version());
        assertThat(bed.stores.watermarks().watermark("contoso-hsm", "shared").orElseThrow().seenVersions())
                .containsExactly(first.version(), second.version());
    }

    @Test
    void aNewVersionIsPublishedOnceInKeyVaultsSchema() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bridge.run();
        bed.published.clear();
        bed.azure.clock.advance(Duration.ofMinutes(5));
        KeyVersion rotated = bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "shared");

        bridge.run();
        bridge.run();

        assertThat(bed.published).singleElement().satisfies(event -> {
            assertThat(event.id().kind()).isEqualTo(KeyEventKind.KEY_NEW_VERSION_CREATED);
            assertThat(event.data().vaultName()).isEqualTo("contoso-hsm");
            assertThat(event.data().objectName()).isEqualTo("shared");
            assertThat(event.data().objectType()).isEqualTo("Key");
            assertThat(event.data().version()).isEqualTo(rotated.version());
            assertThat(event.data().id()).isEqualTo(bed.scenario.hsmUri + "keys/shared/" + rotated.version());
            assertThat(event.subject()).isEqualTo("shared");
        });
    }

    @Test
    void nearExpiryUsesThePolicysNotifyWindow() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.azure.keyVault.key(bed.scenario.hsmUri, "shared").policy =
                new KeyRotationPolicy(null, null, Period.ofDays(10), Period.ofDays(90));
        expireCurrentIn(Duration.ofDays(20));
        bridge.run();
        assertThat(publishedIds()).noneMatch(id -> id.startsWith("KeyNearExpiry"));

        expireCurrentIn(Duration.ofDays(9));
        bridge.run();
        bridge.run();

        assertThat(publishedIds()).filteredOn(id -> id.startsWith("KeyNearExpiry")).hasSize(1);
    }

    @Test
    void nearExpiryFallsBackToTheDefaultWindowWithoutAPolicy() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        expireCurrentIn(Duration.ofDays(29));

        bridge.run();

        assertThat(publishedIds()).contains("KeyNearExpiry for contoso-hsm/shared/" + current().version());
    }

    @Test
    void anExpiredCurrentVersionIsAnnouncedOnce() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        expireCurrentIn(Duration.ofMinutes(1));
        bed.azure.clock.advance(Duration.ofMinutes(2));

        bridge.run();
        bridge.run();

        assertThat(publishedIds()).containsOnlyOnce("KeyExpired for contoso-hsm/shared/" + current().version());
    }

    @Test
    void anEventTheTopicRefusedIsPublishedOnTheNextRun() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.publishFailure = new IllegalStateException("topic unavailable");

        BridgeReport failed = bridge.run();
        bed.publishFailure = null;
        BridgeReport retried = bridge.run();

        assertThat(failed.problems()).singleElement().satisfies(p -> assertThat(p).contains("topic unavailable"));
        assertThat(retried.published()).hasSize(1);
        assertThat(bed.published).hasSize(1);
    }

    @Test
    void twoBridgeInstancesSharingTheStatePublishEachEventOnce() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        KeyEventBridge other = new KeyEventBridge(new BindingCatalog(bed.stores), bed.azure.hsms, bed.azure.keyVault,
                bed.stores.watermarks(), bed.published::add, bed.azure.clock, Duration.ofDays(30), "bridge-other",
                Duration.ofMinutes(5));

        bridge.run();
        other.run();
        bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "shared");
        other.run();
        bridge.run();

        assertThat(bed.published).hasSize(2);
        assertThat(publishedIds()).doesNotHaveDuplicates();
    }

    @Test
    void theEventIdIsTheSameForTheSameEvent() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bridge.run();
        BridgedKeyEvent event = bed.published.get(0);

        BridgedKeyEvent again = new BridgedKeyEvent(event.id(), event.data(), event.time().plusSeconds(60));

        assertThat(again.eventId()).isEqualTo(event.eventId());
    }
}
