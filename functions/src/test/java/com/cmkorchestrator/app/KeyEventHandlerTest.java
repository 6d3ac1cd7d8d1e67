package com.cmkorchestrator.app;

import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.core.fakes.FakeAzure;
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
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Events become work only for what the app manages, identified in full (issue 10, finding 5), and coalesced. */
class KeyEventHandlerTest {

    private static final String OTHER_SUBSCRIPTION = "99999999-8888-7777-6666-555555555555";
    private final AppTestbed bed = new AppTestbed();
    private final KeyEventHandler handler = bed.graph.keyEvents();

    private List<WorkItem> visibleItems() {
        return bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(1)).stream()
                .map(ReceivedWork::item).toList();
    }

    private KeyVersion rotateByPolicy() {
        return bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "shared");
    }

    /** A new-version event as Key Vault's schema carries it: with the key identifier on the HSM's address. */
    private GridEvent.KeyEvent newVersion(String id, String version) {
        return new GridEvent.KeyEvent(id, KeyEventKind.KEY_NEW_VERSION_CREATED, "contoso-hsm", "shared", version,
                bed.scenario.hsmUri, null);
    }

    private GridEvent read(String json) {
        return bed.graph.events().read(json);
    }

    /** Works the one key item a key event queued, as a worker would; the items it queued in turn stay queued. */
    private void workTheKeyItem() {
        assertThat(visibleItems()).singleElement().satisfies(item -> {
            assertThat(item.key()).isEqualTo("shared");
            bed.graph.worker().process(item);
        });
    }

    @Test
    void aNewVersionQueuesOneLookAtTheKeyWhichQueuesThePinnedBindingsNowAndTheSelfRotatingOnesLater() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.storage("shared", VersionPolicy.AUTO));
        bed.azure.clock.advance(Duration.ofMinutes(1));
        KeyVersion version = rotateByPolicy();

        String outcome = handler.handle(newVersion("e1", version.version()));
        workTheKeyItem();

        assertThat(outcome).startsWith("queued a look at key shared");
        assertThat(visibleItems()).extracting(WorkItem::binding).containsExactly("vm-disks");
        bed.azure.clock.advance(Duration.ofHours(24));
        assertThat(visibleItems()).extracting(WorkItem::binding).contains("orders-storage");
    }

    @Test
    void theSameEventDeliveredThreeTimesQueuesOneLookAndMakesOneSetOfAzureWrites() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.databricks("shared", VersionPolicy.AUTO));
        KeyVersion version = rotateByPolicy();
        bed.azure.log.clear();

        List<String> outcomes = List.of(handler.handle(newVersion("e1", version.version())),
                handler.handle(newVersion("e1", version.version())), handler.handle(newVersion("e1", version.version())));
        bed.drain();

        assertThat(outcomes.subList(1, 3)).allMatch(outcome -> outcome.startsWith("coalesced"));
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

        handler.handle(newVersion(bridgeId, version.version()));
        bed.drain();

        BindingStatus status = bed.status("vm-disks").orElseThrow();
        assertThat(status.condition(ConditionType.BOUND).reason()).isEqualTo(Reason.REBOUND);
        assertThat(status.cause()).startsWith("KeyNewVersionCreated event " + bridgeId + " from the HSM event bridge");
    }

    @Test
    void anEventAboutAKeyThatIsGoneEndsItsLookWithoutWork() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        handler.handle(new GridEvent.KeyEvent("e3", KeyEventKind.KEY_NEAR_EXPIRY, "contoso-hsm", "no-such-key", null,
                bed.scenario.hsmUri, null));
        List<String> done = bed.drain();

        assertThat(done).singleElement().satisfies(outcome -> assertThat(outcome).contains("nothing done")
                .contains("no-such-key"));
    }

    @Test
    void aKeyEventNamingTheManagedHsmOnlyByNameQueuesNothing() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        KeyVersion version = rotateByPolicy();

        String outcome = handler.handle(new GridEvent.KeyEvent("e4", KeyEventKind.KEY_NEW_VERSION_CREATED,
                "contoso-hsm", "shared", version.version()));

        assertThat(outcome).startsWith("acknowledged without action");
        assertThat(visibleItems()).isEmpty();
    }

    @Test
    void aKeyEventWhoseKeyIdentifierIsOnAnotherHostQueuesNothing() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        KeyVersion version = rotateByPolicy();

        String outcome = handler.handle(read("""
                {"id": "e5", "topic": "/subscriptions/%s/resourceGroups/rg/providers/Microsoft.EventGrid/topics/t",
                 "subject": "shared", "eventType": "Microsoft.KeyVault.KeyNewVersionCreated",
                 "eventTime": "2026-03-01T08:00:00Z", "dataVersion": "1",
                 "data": {"Id": "https://contoso-hsm.attacker.example/keys/shared/%s", "VaultName": "contoso-hsm",
                          "ObjectType": "Key", "ObjectName": "shared", "Version": "%s"}}"""
                .formatted(OTHER_SUBSCRIPTION, version.version(), version.version())));

        assertThat(outcome).startsWith("acknowledged without action");
        assertThat(visibleItems()).isEmpty();
    }

    @Test
    void anHsmWriteQueuesTheHsmWhenABindingNamesItsFullArmId() {
        bed.graph.bindings().declare(AppTestbed.des("shared", VersionPolicy.PINNED), Optional.empty());
        visibleItems();

        String outcome = handler.handle(new GridEvent.ResourceWritten("e6", Scenario.HSM,
                GridEvent.ResourceWritten.HSM_WRITE));

        assertThat(outcome).startsWith("queued Managed HSM " + Scenario.HSM);
        assertThat(visibleItems()).singleElement().satisfies(item -> assertThat(item.hsm()).isEqualTo("contoso-hsm"));
    }

    @Test
    void anHsmWriteForAnHsmOfTheSameNameInAnotherResourceGroupOrSubscriptionQueuesNothing() {
        bed.graph.bindings().declare(AppTestbed.des("shared", VersionPolicy.PINNED), Optional.empty());
        visibleItems();
        ArmId otherGroup = FakeAzure.id("rg-elsewhere", "Microsoft.KeyVault/managedHSMs/contoso-hsm");
        ArmId otherSubscription = ArmId.parse(Scenario.HSM.toString().replace(FakeAzure.SUBSCRIPTION, OTHER_SUBSCRIPTION));

        String inOtherGroup = handler.handle(new GridEvent.ResourceWritten("e7", otherGroup,
                GridEvent.ResourceWritten.HSM_WRITE));
        String inOtherSubscription = handler.handle(new GridEvent.ResourceWritten("e8", otherSubscription,
                GridEvent.ResourceWritten.HSM_WRITE));

        assertThat(inOtherGroup).startsWith("acknowledged without action");
        assertThat(inOtherSubscription).startsWith("acknowledged without action");
        assertThat(visibleItems()).isEmpty();
    }

    @Test
    void aWriteToABoundResourceQueuesItsBindingAtOnceCarryingWhoWrote() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        String outcome = handler.handle(read("""
                {"id": "e9", "topic": "/subscriptions/%s/resourceGroups/rg-vm", "subject": "%s",
                 "eventType": "Microsoft.Resources.ResourceWriteSuccess", "eventTime": "2026-03-01T08:00:00Z",
                 "dataVersion": "2",
                 "data": {"resourceUri": "%s", "operationName": "Microsoft.Compute/diskEncryptionSets/write",
                          "status": "Succeeded",
                          "claims": {"http://schemas.microsoft.com/identity/claims/objectidentifier":
                                         "0f3c1a52-8d3e-4d7e-9b1a-2f6f1c0e7a11",
                                     "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": "alice@contoso.com"}}}"""
                .formatted(FakeAzure.SUBSCRIPTION, Scenario.DES, Scenario.DES)));

        assertThat(outcome).startsWith("queued a re-check of [vm-disks]").contains("alice@contoso.com");
        assertThat(visibleItems()).singleElement().satisfies(item -> {
            assertThat(item.binding()).isEqualTo("vm-disks");
            assertThat(item.caller()).isEqualTo(new WorkItem.Caller("0f3c1a52-8d3e-4d7e-9b1a-2f6f1c0e7a11",
                    "alice@contoso.com"));
        });
    }

    @Test
    void theAppsOwnWriteToABoundResourceQueuesNothing() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        String outcome = handler.handle(new GridEvent.ResourceWritten("e12", Scenario.DES,
                "Microsoft.Compute/diskEncryptionSets/write", new WorkItem.Caller(AppTestbed.APP_PRINCIPAL, null)));

        assertThat(outcome).startsWith("acknowledged without action: the app's own write");
        assertThat(visibleItems()).isEmpty();
    }

    /**
     * Defect: each of the app's own writes, which come back as ResourceWriteSuccess events (1,000 in a fan-out of
     * 1,000 rebinds), read the whole bindings table before it was dropped.
     */
    @Test
    void theAppsOwnWriteIsDroppedWithoutReadingTheBindings() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        AtomicInteger lists = new AtomicInteger();
        KeyEventHandler counted = bed.instance(ListCountingSpecStore.counting(bed.stores, lists)).keyEvents();
        lists.set(0);

        String outcome = counted.handle(new GridEvent.ResourceWritten("e13", Scenario.DES,
                "Microsoft.Compute/diskEncryptionSets/write", new WorkItem.Caller(AppTestbed.APP_PRINCIPAL, null)));

        assertThat(outcome).startsWith("acknowledged without action: the app's own write");
        assertThat(lists).as("reads of the whole bindings table").hasValue(0);
    }

    @Test
    void aWriteToAResourceNoBindingBindsQueuesNothing() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        String outcome = handler.handle(new GridEvent.ResourceWritten("e10", Scenario.STORAGE,
                "Microsoft.Storage/storageAccounts/write"));

        assertThat(outcome).startsWith("acknowledged without action");
        assertThat(visibleItems()).isEmpty();
    }

    @Test
    void otherEventTypesAreAcknowledged() {
        assertThat(handler.handle(new GridEvent.Unhandled("e11", "Microsoft.KeyVault.SecretNewVersionCreated")))
                .startsWith("acknowledged without action");
    }
}
