package com.cmkorchestrator.adapters;

import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.TargetBinding.DatabricksEncryption;
import com.cmkorchestrator.core.ports.TargetBinding.DiskEncryptionSetKey;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.cmkorchestrator.core.ports.TargetState.DatabricksWorkspaceState;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.ports.TargetWrite;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a rebind's long-running operation is looked at, with ARM's operations taking 30 emulated seconds. Defect (issue
 * 11, "fewer requests per rebind"): every end of a disk encryption set or Databricks write took two reads, the
 * operation's status and then the resource. Once the kind's usual length is known, the resource alone tells: it stays
 * {@code Updating} while the operation runs and shows the write once it ended.
 */
class OperationLooksTest {
    private static final Duration OPERATION = Duration.ofSeconds(30);
    private static final String GROUP = "looks-rg";
    private static final String SOMEONE = "0b7a4c9e-3f51-4d1e-b6a8-5c2d9e0f1a73";

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup(GROUP).withActiveHsm("hsm-looks")
            .withOptions(options -> options.withOperationDuration(OPERATION));
    private final CmkTargets targets = new CmkTargets(azure.connection());

    /** A set bound to a first version of {@code key}, with its identity, and the first write's operation ended. */
    private record Set(ArmId id, Identity identity, KeyRef key) {
    }

    private Set set(String name) {
        Identity identity = azure.identity(GROUP, "uami-" + name);
        KeyRef key = azure.grantedKey(name + "-key", identity.principalId());
        ArmId set = azure.beginDiskEncryptionSet(GROUP, name, identity, key);
        azure.emulator().clock().advance(OPERATION);
        return new Set(set, identity, key);
    }

    private TargetOperation rebind(Set set) {
        KeyRef next = set.key().withVersion(azure.createKey(azure.hsm(), set.key().name()));
        TargetWrite begun = targets.bind(new DiskEncryptionSetKey(set.id(), next, false,
                ArmId.parse(set.identity().id())));
        return ((TargetWrite.Running) begun).operation();
    }

    /** The first operation of the kind is looked at through its status, which teaches how long they take. */
    private void learnTheUsualLength(Set set) {
        TargetOperation first = rebind(set);
        assertThat(ArmOperations.throughResource(first)).as("nothing known yet").isFalse();
        azure.emulator().clock().advance(OPERATION);
        assertThat(targets.poll(first)).get().isInstanceOf(TargetWrite.Done.class);
    }

    private List<RequestLog.Entry> armReadsSince(long mark) {
        return azure.emulator().requestLog().since(mark).stream()
                .filter(entry -> entry.surface().equals("arm") && !entry.isWrite()).toList();
    }

    @Test
    void onceTheUsualLengthIsKnownARebindsEndIsSeenInOneReadOfTheSet() {
        Set set = set("des-one-read");
        learnTheUsualLength(set);
        TargetOperation operation = rebind(set);
        azure.emulator().clock().advance(OPERATION);
        long mark = azure.emulator().requestLog().mark();

        TargetWrite ended = targets.poll(operation).orElseThrow();

        assertThat(ended).isInstanceOfSatisfying(TargetWrite.Done.class, done -> assertThat(
                ((DiskEncryptionSetState) done.state()).activeKey().version()).isNotEqualTo(set.key().version()));
        assertThat(armReadsSince(mark)).extracting(RequestLog.Entry::path).as("no look at the operation's status")
                .singleElement().satisfies(path -> assertThat(path).isEqualToIgnoringCase(set.id().toString()));
    }

    @Test
    void aSetStillUpdatingRunsOnAndIsLookedAtAgain() {
        Set set = set("des-busy");
        learnTheUsualLength(set);
        TargetOperation operation = rebind(set);
        azure.emulator().clock().advance(OPERATION.dividedBy(2));

        TargetWrite early = targets.poll(operation).orElseThrow();
        assertThat(early).isInstanceOf(TargetWrite.Running.class);
        azure.emulator().clock().advance(OPERATION);
        long mark = azure.emulator().requestLog().mark();

        assertThat(targets.poll(((TargetWrite.Running) early).operation())).get().isInstanceOf(TargetWrite.Done.class);
        assertThat(armReadsSince(mark)).hasSize(1);
    }

    /**
     * The set ended with another version than the write put (someone else wrote after it): the resource cannot say
     * whether this write failed, so its operation is asked; it succeeded, and the set is reported as it is.
     */
    @Test
    void aSetThatEndedOtherwiseThanWrittenIsExplainedByItsOperation() {
        Set set = set("des-overwritten");
        learnTheUsualLength(set);
        TargetOperation operation = rebind(set);
        azure.emulator().clock().advance(OPERATION);
        KeyRef theirs = set.key().withVersion(azure.createKey(azure.hsm(), set.key().name()));
        new CmkTargets(azure.as(SOMEONE)).bind(new DiskEncryptionSetKey(set.id(), theirs, false,
                ArmId.parse(set.identity().id())));
        azure.emulator().clock().advance(OPERATION);
        long mark = azure.emulator().requestLog().mark();

        TargetWrite ended = targets.poll(operation).orElseThrow();

        assertThat(ended).isInstanceOfSatisfying(TargetWrite.Done.class, done ->
                assertThat(((DiskEncryptionSetState) done.state()).activeKey()).isEqualTo(theirs));
        assertThat(armReadsSince(mark)).extracting(RequestLog.Entry::path)
                .anySatisfy(path -> assertThat(path).contains("/operationStatuses/"));
    }

    @Test
    void oneOperationInSixteenIsStillLookedAtThroughItsStatus() {
        Set set = set("des-sampled");
        learnTheUsualLength(set);

        List<Boolean> throughResource = IntStream.range(1, 2 * ArmOperations.STATUS_SAMPLE + 1)
                .mapToObj(i -> ArmOperations.throughResource(rebind(set))).toList();

        assertThat(IntStream.range(0, throughResource.size()).filter(i -> !throughResource.get(i)).boxed().toList())
                .as("the 16th and 32nd operation after the first").containsExactly(15, 31);
    }

    @Test
    void aWorkspaceRebindsEndIsSeenInOneReadOfTheWorkspace() {
        ArmId workspace = azure.beginDatabricksWorkspace(GROUP, "dbx-one-read");
        azure.emulator().clock().advance(OPERATION);
        KeyRef key = azure.grantedKey("dbx-one-read-key", EmulatorOptions.DEFAULT_DATABRICKS_APP_OBJECT_ID);
        TargetOperation first = ((TargetWrite.Running) targets.bind(new DatabricksEncryption(workspace, key, key,
                false))).operation();
        azure.emulator().clock().advance(OPERATION);
        var enabled = (DatabricksWorkspaceState) ((TargetWrite.Done) targets.poll(first).orElseThrow()).state();
        azure.grant(azure.hsm(), "/keys/" + key.name(), EmulatedAzure.ENCRYPTION_USER,
                enabled.managedDiskPrincipal().orElseThrow());
        KeyRef next = key.withVersion(azure.createKey(azure.hsm(), key.name()));
        TargetOperation operation = ((TargetWrite.Running) targets.bind(new DatabricksEncryption(workspace, next, next,
                false))).operation();
        azure.emulator().clock().advance(OPERATION);
        long mark = azure.emulator().requestLog().mark();

        assertThat(targets.poll(operation)).get().isInstanceOfSatisfying(TargetWrite.Done.class, done -> {
            assertThat(done.state().references().values()).allSatisfy(ref -> assertThat(ref).isEqualTo(next));
            assertThat(done.concurrentChanges()).isEmpty();
        });
        assertThat(armReadsSince(mark)).extracting(RequestLog.Entry::path).singleElement()
                .satisfies(path -> assertThat(path).isEqualToIgnoringCase(workspace.toString()));
    }
}
