package com.cmkorchestrator.adapters;

import com.azure.core.util.FluxUtil;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.engine.Write;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.TargetBinding.DatabricksEncryption;
import com.cmkorchestrator.core.ports.TargetWrite;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Databricks bind, a whole-document PUT with no ETag, while its long-running operation runs 30 emulated seconds:
 * someone else tags the workspace meanwhile. The write's end names the change and keeps it; nothing is written again.
 */
class WholeDocumentWriteTest {
    private static final Duration OPERATION = Duration.ofSeconds(30);
    private static final String DATABRICKS_APP = EmulatorOptions.DEFAULT_DATABRICKS_APP_OBJECT_ID;
    private static final String SOMEONE = "0b7a4c9e-3f51-4d1e-b6a8-5c2d9e0f1a73";

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("doc-rg").withActiveHsm("hsm-doc")
            .withOptions(options -> options.withOperationDuration(OPERATION));
    private final CmkTargets targets = new CmkTargets(azure.connection());

    private ArmId workspace(String name) {
        ArmId workspace = azure.beginDatabricksWorkspace("doc-rg", name);
        azure.emulator().clock().advance(OPERATION);
        return workspace;
    }

    /** Someone else's tag write, begun and left running as theirs would be. */
    private void someoneTags(ArmId workspace) {
        azure.as(SOMEONE).resources().genericResources().manager().serviceClient().getResources()
                .updateByIdWithResponseAsync(workspace.toString(), DatabricksWorkspaceTarget.API_VERSION,
                        new GenericResourceInner().withTags(Map.of("team", "finance")))
                .flatMap(answer -> FluxUtil.collectBytesInByteBufferStream(answer.getValue()))
                .block();
    }

    @Test
    void theWriteBeginsAndEndsOnLaterLooksWithoutWaiting() {
        ArmId workspace = workspace("dbx-begun");
        KeyRef key = azure.grantedKey("doc-begun-key", DATABRICKS_APP);

        TargetWrite begun = targets.bind(new DatabricksEncryption(workspace, key, key, true));
        assertThat(begun).isInstanceOf(TargetWrite.Running.class);
        var operation = ((TargetWrite.Running) begun).operation();
        assertThat(targets.poll(operation)).get().isInstanceOf(TargetWrite.Running.class);
        azure.emulator().clock().advance(OPERATION);

        assertThat(targets.poll(operation)).get().isInstanceOfSatisfying(TargetWrite.Done.class, done -> {
            assertThat(done.state().references()).hasSize(2);
            assertThat(done.concurrentChanges()).isEmpty();
        });
    }

    @Test
    void aTagWrittenBySomeoneElseWhileTheWriteRunsIsNamedAndKept() {
        ArmId workspace = workspace("dbx-tagged");
        KeyRef key = azure.grantedKey("doc-tagged-key", DATABRICKS_APP);
        var operation = ((TargetWrite.Running) targets.bind(new DatabricksEncryption(workspace, key, key, false)))
                .operation();

        someoneTags(workspace);
        azure.emulator().clock().advance(OPERATION.multipliedBy(2));
        TargetWrite ended = targets.poll(operation).orElseThrow();

        assertThat(ended).isInstanceOfSatisfying(TargetWrite.Done.class,
                done -> assertThat(done.concurrentChanges()).containsExactly("tags"));
        JsonNode now = azure.armDocument(workspace);
        assertThat(now.path("tags").path("team").asText()).as("kept, not reverted").isEqualTo("finance");
        assertThat(now.path("properties").path("encryption").path("entities").path("managedServices")
                .path("keyVaultProperties").path("keyVersion").asText()).isEqualTo(key.version());
    }

    @Test
    void theBoundConditionNamesTheConcurrentChangeAndNoSecondWriteFollows() {
        BindingReconciler reconciler = azure.reconcilerOnAdapters();
        ArmId workspace = workspace("dbx-condition");
        Binding binding = new Binding("analytics", azure.id("doc-rg", "Microsoft.KeyVault/managedHSMs", "hsm-doc"),
                KeySpec.rsa("doc-condition-key", 2048), null, workspace, VersionPolicy.PINNED);
        BindingStatus status = BindingStatus.initial(binding.name(), azure.emulator().clock().instant());
        for (int pass = 0; pass < 5 && status.operation() == null; pass++) {
            status = reconciler.reconcile(binding, status).status();
        }
        assertThat(status.condition(ConditionType.BOUND).reason()).isEqualTo(Reason.OPERATION_IN_PROGRESS);
        long mark = azure.emulator().requestLog().mark();

        someoneTags(workspace);
        azure.emulator().clock().advance(OPERATION.multipliedBy(2));
        ReconcileOutcome ended = reconciler.reconcile(binding, status);

        Condition bound = ended.status().condition(ConditionType.BOUND);
        assertThat(bound.reason()).isEqualTo(Reason.CONCURRENT_CHANGE);
        assertThat(bound.message()).contains("someone else changed tags").contains("not reverted");
        assertThat(ended.writes()).extracting(Write::kind).doesNotContain(Write.Kind.BIND);
        List<String> puts = azure.emulator().requestLog().since(mark).stream()
                .filter(e -> e.surface().equals("arm") && e.method().equals("PUT")).map(e -> e.path()).toList();
        assertThat(puts).isEmpty();
    }
}
