package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.TargetBinding.DatabricksEncryption;
import com.cmkorchestrator.core.ports.TargetState.DatabricksWorkspaceState;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;

import static com.cmkorchestrator.adapters.support.EmulatedAzure.ENCRYPTION_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CmkTargets} on Databricks workspaces, as generic resources of api-version 2026-01-01. */
class DatabricksWorkspaceTargetTest {
    private static final String TYPE = "Microsoft.Databricks/workspaces";
    private static final String DATABRICKS_APP = EmulatorOptions.DEFAULT_DATABRICKS_APP_OBJECT_ID;
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("dbx-rg").withActiveHsm("hsm-dbx");
    private final URI hsm = azure.hsm();
    private final CmkTargets targets = new CmkTargets(azure.connection());

    @Test
    void aWorkspaceThatDoesNotExistReadsAsEmpty() {
        assertThat(targets.read(azure.id("dbx-rg", TYPE, "dbx-absent"))).isEmpty();
    }

    @Test
    void aWorkspaceWithoutEncryptionReadsWithoutKeys() {
        ArmId workspace = workspace("dbx-plain");

        DatabricksWorkspaceState state = (DatabricksWorkspaceState) targets.read(workspace).orElseThrow();

        assertThat(state.references()).isEmpty();
        assertThat(state.managedDiskPrincipal()).isEmpty();
        assertThat(state.provisioningState()).isEqualTo("Succeeded");
    }

    @Test
    void bindWritesBothVersionedKeysAndTheWorkspaceGetsItsManagedDiskIdentity() {
        ArmId workspace = workspace("dbx-bound");
        KeyRef key = azure.grantedKey("dbx-key", DATABRICKS_APP);

        targets.bind(new DatabricksEncryption(workspace, key, key, true));

        DatabricksWorkspaceState state = (DatabricksWorkspaceState) targets.read(workspace).orElseThrow();
        assertThat(state.managedServicesKey()).isEqualTo(key);
        assertThat(state.managedDiskKey()).isEqualTo(key);
        assertThat(state.managedDiskAutoRotation()).isTrue();
        assertThat(state.managedDiskPrincipal()).hasValueSatisfying(principal -> assertThat(principal).isNotBlank());
    }

    @Test
    void theBindKeepsTheRestOfTheWorkspace() {
        ArmId workspace = workspace("dbx-kept");
        KeyRef key = azure.grantedKey("dbx-kept-key", DATABRICKS_APP);

        targets.bind(new DatabricksEncryption(workspace, key, key, false));

        ObjectNode written = azure.armDocument(workspace);
        assertThat(written.path("properties").path("managedResourceGroupId").asText()).endsWith("/dbx-kept-managed");
        assertThat(written.path("sku").path("name").asText()).isEqualTo("premium");
        assertThat(written.path("tags").path("team").asText()).isEqualTo("data");
    }

    @Test
    void managedServicesStaysPinnedWhileTheManagedDiskFollowsNewVersions() {
        ArmId workspace = workspace("dbx-rotating");
        KeyRef first = azure.grantedKey("dbx-rotating-key", DATABRICKS_APP);
        targets.bind(new DatabricksEncryption(workspace, first, first, true));
        String diskPrincipal = ((DatabricksWorkspaceState) targets.read(workspace).orElseThrow()).managedDiskIdentityPrincipalId();
        azure.grant(hsm, "/keys/dbx-rotating-key", ENCRYPTION_USER, diskPrincipal);
        azure.emulator().clock().advance(Duration.ofMinutes(5));
        String second = azure.createKey(hsm, "dbx-rotating-key");

        azure.emulator().clock().advance(Duration.ofMinutes(61));

        DatabricksWorkspaceState state = (DatabricksWorkspaceState) targets.read(workspace).orElseThrow();
        assertThat(state.managedDiskKey().version()).isEqualTo(second);
        assertThat(state.managedServicesKey()).isEqualTo(first);
    }

    @Test
    void aBindBeforeTheDatabricksApplicationHoldsTheRoleIsRefused() {
        ArmId workspace = workspace("dbx-early");
        KeyRef key = KeyRef.of(hsm, "dbx-early-key").withVersion(azure.createKey(hsm, "dbx-early-key"));

        assertThatThrownBy(() -> targets.bind(new DatabricksEncryption(workspace, key, key, false)))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.httpStatus()).isBetween(400, 499);
                    assertThat(e.errorCode()).isPresent();
                });
        assertThat(targets.read(workspace).orElseThrow().references()).isEmpty();
    }

    @Test
    void aWorkspaceTakesNoUserAssignedIdentity() {
        ArmId workspace = azure.id("dbx-rg", TYPE, "dbx-any");

        assertThatThrownBy(() -> targets.attachIdentity(workspace,
                azure.id("dbx-rg", "Microsoft.ManagedIdentity/userAssignedIdentities", "uami")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private ArmId workspace(String name) {
        return azure.databricksWorkspace("dbx-rg", name);
    }
}
