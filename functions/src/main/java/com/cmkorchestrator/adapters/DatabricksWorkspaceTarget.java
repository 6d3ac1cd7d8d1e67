package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.TargetBinding.DatabricksEncryption;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetState.DatabricksWorkspaceState;
import com.cmkorchestrator.core.ports.TargetWrite;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.azure.core.http.HttpPipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Databricks workspaces as ARM documents (api-version 2026-01-01): no typed Databricks library is on the classpath,
 * and only the encryption block matters here.
 *
 * <p>The bind is a read-modify-write PUT of the whole workspace, as {@code az databricks workspace update} does:
 * Databricks' PATCH ({@code Workspaces_Update}) accepts tags only, and the API has no ETag. So the window between
 * read and write is one call: the workspace is read right before the PUT, sent back exactly as read with only the
 * encryption entities changed, and once the write ended the fields it did not mean to change are compared with what
 * was read ({@link DocumentFields}): a difference is someone else's change, reported and kept, never reverted
 * (docs/concurrency.md section 4). The PUT runs as a long-running operation (201, {@code Azure-AsyncOperation}), begun
 * here and looked at by {@link #poll}; what was read travels with it, as digests, in the operation's resume token.
 */
final class DatabricksWorkspaceTarget implements TargetResource<DatabricksEncryption> {
    static final String API_VERSION = "2026-01-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields the bind changes itself, and those ARM or Databricks change on any write (provisioning, who wrote). */
    private static final DocumentFields FIELDS = new DocumentFields(Set.of("id", "name", "type", "etag", "systemData",
            "properties.encryption", "properties.provisioningState", "properties.managedDiskIdentity",
            "properties.diskEncryptionSetId", "properties.updatedBy"));

    private final AzureConnection azure;
    private final ArmDocuments documents;
    private final ArmOperations operations;

    DatabricksWorkspaceTarget(AzureConnection azure) {
        this.azure = azure;
        this.documents = new ArmDocuments(azure);
        this.operations = new ArmOperations(azure);
    }

    @Override
    public Optional<TargetState> read(ArmId target) {
        return documents.get(target, API_VERSION).map(workspace -> state(target, workspace));
    }

    /**
     * {@code Workspaces_ListBySubscription} / {@code Workspaces_ListByResourceGroup} through the ARM pipeline: the
     * generic resource listing carries no properties, the provider's own listing does (encryption included).
     */
    @Override
    public Stream<TargetState> list(ArmId scope) {
        HttpPipeline pipeline = azure.resources(scope.subscriptionId()).genericResources().manager().httpPipeline();
        String first = azure.armEndpoint().toString().replaceFirst("/$", "") + scope
                + "/providers/Microsoft.Databricks/workspaces?api-version=" + API_VERSION;
        return AzureCalls.stream("list Databricks workspaces in " + scope, () -> new ArmPages(pipeline, first))
                .map(workspace -> state(ArmId.parse(workspace.path("id").asText()), workspace));
    }

    /** Databricks reaches keys through the AzureDatabricks application and {@code managedDiskIdentity}. */
    @Override
    public void attachIdentity(ArmId target, ArmId identity) {
        throw new UnsupportedOperationException("Databricks workspaces take no user-assigned identity for "
                + "customer-managed keys: grant the AzureDatabricks application and managedDiskIdentity instead ("
                + target + ")");
    }

    @Override
    public TargetWrite bind(DatabricksEncryption binding) {
        ArmId target = binding.target();
        JsonNode read = documents.get(target, API_VERSION).orElseThrow(() -> new AzureCallException("GET " + target,
                404, "ResourceNotFound", "the workspace does not exist"));
        ObjectNode written = read.deepCopy();
        ObjectNode entities = written.withObjectProperty("properties").withObjectProperty("encryption")
                .withObjectProperty("entities");
        entities.set("managedServices", entity(binding.managedServicesKey()));
        entities.set("managedDisk", entity(binding.managedDiskKey())
                .put("rotationToLatestKeyVersionEnabled", binding.managedDiskAutoRotation()));
        ObjectNode before = FIELDS.digests(read);
        ArmDocuments.Answer answer = documents.put(target, API_VERSION, written, "PUT " + target + " encryption");
        return operations.begun(target, answer.status(), answer.headers(), before, Map.of(
                        KeySlot.DATABRICKS_MANAGED_SERVICES, binding.managedServicesKey(),
                        KeySlot.DATABRICKS_MANAGED_DISK, binding.managedDiskKey()))
                .<TargetWrite>map(TargetWrite.Running::new)
                .orElseGet(() -> done(target, before, answer.body()));
    }

    @Override
    public Optional<TargetWrite> poll(TargetOperation operation) {
        ArmId target = operation.target();
        JsonNode before = ArmOperations.read(operation);
        return TargetResource.poll(operation, operations, () -> documents.get(target, API_VERSION)
                        .map(workspace -> done(target, before, workspace)),
                body -> done(target, before, ArmDocuments.parse("GET " + operation.url(), body)));
    }

    /** The workspace as the write left it, and what else changed since it was read. */
    private static TargetWrite.Done done(ArmId target, JsonNode before, JsonNode workspace) {
        List<String> changed = before == null ? List.of() : DocumentFields.changed(before, FIELDS.digests(workspace));
        return new TargetWrite.Done(state(target, workspace), changed);
    }

    private static ObjectNode entity(KeyRef key) {
        ObjectNode entity = JSON.createObjectNode().put("keySource", "Microsoft.Keyvault");
        entity.putObject("keyVaultProperties")
                .put("keyVaultUri", key.hsmUri().toString())
                .put("keyName", key.name())
                .put("keyVersion", key.version());
        return entity;
    }

    private static DatabricksWorkspaceState state(ArmId target, JsonNode workspace) {
        JsonNode properties = workspace.path("properties");
        JsonNode entities = properties.path("encryption").path("entities");
        String diskPrincipal = properties.path("managedDiskIdentity").path("principalId").asText("");
        return new DatabricksWorkspaceState(target, workspace.path("location").asText(null),
                properties.path("provisioningState").asText(null),
                key(entities.path("managedServices")), key(entities.path("managedDisk")),
                entities.path("managedDisk").path("rotationToLatestKeyVersionEnabled").asBoolean(false),
                diskPrincipal.isBlank() ? null : diskPrincipal);
    }

    private static KeyRef key(JsonNode entity) {
        JsonNode vault = entity.path("keyVaultProperties");
        return TargetResource.keyRef(vault.path("keyVaultUri").asText(null), vault.path("keyName").asText(null),
                vault.path("keyVersion").asText(null));
    }
}
