package com.cmkorchestrator.app;

import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.state.KeyEventId;
import com.cmkorchestrator.state.KeyEventKind;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyEventHandlerTest {

    private final AppTestbed bed = new AppTestbed();
    private final KeyEventHandler handler = bed.graph.keyEvents();

    private List<WorkItem> visibleItems() {
        return bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(1)).stream()
                .map(work -> work.item()).toList();
    }

    private KeyVersion rotateByPolicy() {
        return bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "shared");
    }

    private static GridEvent.KeyEvent newVersion(String version) {
        return new GridEvent.KeyEvent("e1", KeyEventKind.KEY_NEW_VERSION_CREATED, "contoso-hsm", "shared", version);
    }

    @Test
    void aNewVersionQueuesThePinnedBindingsNowAndTheSelfRotatingOnesAfterTheirWindow() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.storage("shared", VersionPolicy.AUTO));
        bed.azure.clock.advance(Duration.ofMinutes(1));
        KeyVersion version = rotateByPolicy();

        String outcome = handler.handle(newVersion(version.version()));

        assertThat(outcome).contains("queued 1 rebind(s) now, 1 check(s)");
        assertThat(visibleItems()).extracting(WorkItem::binding).containsExactly("vm-disks");
        bed.azure.clock.advance(Duration.ofHours(24));
        assertThat(visibleItems()).extracting(WorkItem::binding).contains("orders-storage");
    }

    @Test
    void theSameEventDeliveredThreeTimesMakesOneSetOfAzureWrites() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.databricks("shared", VersionPolicy.AUTO));
        KeyVersion version = rotateByPolicy();
        bed.azure.log.clear();

        for (int delivery = 0; delivery < 3; delivery++) {
            handler.handle(newVersion(version.version()));
        }
        bed.drain();

        assertThat(bed.azure.log.writes()).containsExactly("target.bind", "target.bind");
        DiskEncryptionSetState des = (DiskEncryptionSetState) bed.azure.arm.target(Scenario.DES);
        assertThat(des.activeKey().version()).isEqualTo(version.version());
    }

    @Test
    void theRebindNamesTheBridgeEventThatCausedIt() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        KeyVersion version = rotateByPolicy();
        String bridgeId = new KeyEventId("contoso-hsm", "shared", version.version(),
                KeyEventKind.KEY_NEW_VERSION_CREATED).eventGridId();

        handler.handle(new GridEvent.KeyEvent(bridgeId, KeyEventKind.KEY_NEW_VERSION_CREATED, "contoso-hsm", "shared",
                version.version()));
        bed.drain();

        BindingStatus status = bed.status("vm-disks").orElseThrow();
        assertThat(status.condition(ConditionType.BOUND).reason()).isEqualTo(Reason.REBOUND);
        assertThat(status.cause()).startsWith("KeyNewVersionCreated event " + bridgeId + " from the HSM event bridge");
    }

    @Test
    void anEventUnderAnotherIdIsNamedAsKeyVaults() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        KeyVersion version = rotateByPolicy();

        handler.handle(newVersion(version.version()));
        bed.drain();

        assertThat(bed.status("vm-disks").orElseThrow().cause()).startsWith("KeyNewVersionCreated event e1 from Key Vault");
    }

    @Test
    void anEventAboutAVaultNoBindingUsesIsAcknowledgedWithoutWork() {
        String outcome = handler.handle(new GridEvent.KeyEvent("e2", KeyEventKind.KEY_NEW_VERSION_CREATED, "sample-kv",
                "newkey", "v1"));

        assertThat(outcome).startsWith("acknowledged without action").contains("sample-kv");
        assertThat(visibleItems()).isEmpty();
    }

    @Test
    void anEventAboutAKeyThatIsGoneIsAcknowledged() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        String outcome = handler.handle(new GridEvent.KeyEvent("e3", KeyEventKind.KEY_NEAR_EXPIRY, "contoso-hsm",
                "no-such-key", null));

        assertThat(outcome).startsWith("acknowledged without action").contains("no-such-key");
    }

    @Test
    void anHsmWriteQueuesTheHsmWhenTheAppKnowsIt() {
        bed.graph.bindings().declare(AppTestbed.des("shared", VersionPolicy.PINNED), java.util.Optional.empty());
        visibleItems();

        String outcome = handler.handle(new GridEvent.ResourceWritten("e4", Scenario.HSM,
                GridEvent.ResourceWritten.HSM_WRITE));

        assertThat(outcome).startsWith("queued Managed HSM contoso-hsm");
        assertThat(visibleItems()).singleElement().satisfies(item -> assertThat(item.hsm()).isEqualTo("contoso-hsm"));
    }

    @Test
    void writesOfOtherResourcesAndUnknownHsmsAreAcknowledged() {
        ArmId other = ArmId.parse(Scenario.HSM.toString().replace("contoso-hsm", "someone-elses"));

        assertThat(handler.handle(new GridEvent.ResourceWritten("e5", Scenario.STORAGE,
                "Microsoft.Storage/storageAccounts/write"))).startsWith("acknowledged without action");
        assertThat(handler.handle(new GridEvent.ResourceWritten("e6", other, GridEvent.ResourceWritten.HSM_WRITE)))
                .startsWith("acknowledged without action");
        assertThat(visibleItems()).isEmpty();
    }

    @Test
    void otherEventTypesAreAcknowledged() {
        assertThat(handler.handle(new GridEvent.Unhandled("e7", "Microsoft.KeyVault.SecretNewVersionCreated")))
                .startsWith("acknowledged without action");
    }
}
