package com.cmkorchestrator.adapters;

import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluent.ResourcesClient;
import com.azure.core.http.HttpPipeline;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.TargetBinding.DatabricksEncryption;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetState.DatabricksWorkspaceState;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Databricks workspaces as generic resources ({@code azure-resourcemanager-resources}, api-version 2026-01-01):
 * no typed Databricks library is on the classpath, and only the encryption block matters here.
 *
 * <p>The bind is a read-modify-write PUT of the whole workspace, as {@code az databricks workspace update} does:
 * Databricks' PATCH ({@code Workspaces_Update}) accepts tags only.
 */
final class DatabricksWorkspaceTarget implements TargetResource<DatabricksEncryption> {
    static final String API_VERSION = "2026-01-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AzureConnection azure;

    DatabricksWorkspaceTarget(AzureConnection azure) {
        this.azure = azure;
    }

    @Override
    public Optional<TargetState> read(ArmId target) {
        return AzureCalls.find("GET " + target, () -> inner(target)).map(workspace -> state(target, workspace.location(),
                workspace.properties() == null ? JSON.createObjectNode() : JSON.valueToTree(workspace.properties())));
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
                .map(workspace -> state(ArmId.parse(workspace.path("id").asText()), workspace.path("location").asText(null),
                        workspace.path("properties")));
    }

    /** Databricks reaches keys through the AzureDatabricks application and {@code managedDiskIdentity}. */
    @Override
    public void attachIdentity(ArmId target, ArmId identity) {
        throw new UnsupportedOperationException("Databricks workspaces take no user-assigned identity for "
                + "customer-managed keys: grant the AzureDatabricks application and managedDiskIdentity instead ("
                + target + ")");
    }

    @Override
    public void bind(DatabricksEncryption binding) {
        ArmId target = binding.target();
        GenericResourceInner workspace = AzureCalls.call("GET " + target, () -> inner(target));
        ObjectNode properties = workspace.properties() == null ? JSON.createObjectNode()
                : JSON.valueToTree(workspace.properties());
        ObjectNode entities = properties.withObjectProperty("encryption").withObjectProperty("entities");
        entities.set("managedServices", entity(binding.managedServicesKey()));
        entities.set("managedDisk", entity(binding.managedDiskKey())
                .put("rotationToLatestKeyVersionEnabled", binding.managedDiskAutoRotation()));
        workspace.withProperties(JSON.convertValue(properties, new TypeReference<Map<String, Object>>() { }));
        AzureCalls.run("PUT " + target + " encryption", () -> client(target)
                .createOrUpdateById(target.toString(), API_VERSION, workspace, Context.NONE));
    }

    private static ObjectNode entity(KeyRef key) {
        ObjectNode entity = JSON.createObjectNode().put("keySource", "Microsoft.Keyvault");
        entity.putObject("keyVaultProperties")
                .put("keyVaultUri", key.hsmUri().toString())
                .put("keyName", key.name())
                .put("keyVersion", key.version());
        return entity;
    }

    private GenericResourceInner inner(ArmId target) {
        return client(target).getByIdWithResponse(target.toString(), API_VERSION, Context.NONE).getValue();
    }

    private ResourcesClient client(ArmId target) {
        return azure.resources(target.subscriptionId()).genericResources().manager().serviceClient().getResources();
    }

    private static DatabricksWorkspaceState state(ArmId target, String location, JsonNode properties) {
        JsonNode entities = properties.path("encryption").path("entities");
        String diskPrincipal = properties.path("managedDiskIdentity").path("principalId").asText("");
        return new DatabricksWorkspaceState(target, location,
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
