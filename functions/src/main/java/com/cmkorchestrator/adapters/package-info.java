/**
 * The lifecycle core's ports on the Azure SDK for Java: with {@code eventgrid} (the app's Event Grid ports) and
 * {@code state.azure} (the app's own state), the only code that knows a wire format. No client retries
 * ({@link com.cmkorchestrator.adapters.SdkRetries}).
 * {@link com.cmkorchestrator.adapters.AzureAdapters#ports} wires them over one
 * {@link com.cmkorchestrator.adapters.AzureConnection} (Azure, or the bundled emulator).
 *
 * <table>
 *   <caption>Ports, adapters and the SDK calls behind them</caption>
 *   <tr><th>port</th><th>adapter</th><th>SDK</th></tr>
 *   <tr><td>HsmPort</td><td>{@link com.cmkorchestrator.adapters.ManagedHsmResources}, behind {@link com.cmkorchestrator.adapters.ActiveHsmCache}</td>
 *       <td>{@code KeyVaultManager.serviceClient().getManagedHsms()}: {@code getByResourceGroupWithResponse},
 *       {@code beginCreateOrUpdate} (poller dropped); api-version 2025-05-01</td></tr>
 *   <tr><td>SecurityDomainPort</td><td>{@link com.cmkorchestrator.adapters.SecurityDomainDownload}</td>
 *       <td>{@code HttpPipeline.sendSync}: {@code POST /securitydomain/download}, {@code GET .../pending}; 7.5</td></tr>
 *   <tr><td>KeyPort</td><td>{@link com.cmkorchestrator.adapters.HsmKeys}</td>
 *       <td>{@code KeyClient}: {@code getKey}, {@code listPropertiesOfKeyVersions}, {@code getDeletedKey},
 *       {@code beginRecoverDeletedKey}, {@code createRsaKey}/{@code createEcKey}, {@code get/updateKeyRotationPolicy},
 *       {@code rotateKey}, {@code updateKeyProperties}, {@code listPropertiesOfKeys}</td></tr>
 *   <tr><td>AccessPort</td><td>{@link com.cmkorchestrator.adapters.HsmLocalRbac}</td>
 *       <td>{@code KeyVaultAccessControlClient}: {@code listRoleAssignments}, {@code createRoleAssignment}</td></tr>
 *   <tr><td>IdentityPort</td><td>{@link com.cmkorchestrator.adapters.ManagedIdentities}</td>
 *       <td>{@code MsiManager.identities()}: {@code getById}, {@code define(...).create()}</td></tr>
 *   <tr><td>TargetPort</td><td>{@link com.cmkorchestrator.adapters.CmkTargets}</td>
 *       <td>{@code StorageManager.serviceClient().getStorageAccounts()} (GET, PATCH: synchronous, answers the account);
 *       {@code ComputeManager.serviceClient().getDiskEncryptionSets()} (GET; PATCH's first request only,
 *       {@code updateWithResponseAsync}: a long-running operation, begun); Databricks as ARM documents through the
 *       ARM pipeline, api-version 2026-01-01 (GET, then PUT of the whole workspace: its PATCH takes tags only);
 *       operations polled by their {@code Azure-AsyncOperation}/{@code Location} URL ({@code ArmOperations})</td></tr>
 * </table>
 *
 * <p>The security domain a provisioning pass downloads is kept by {@link com.cmkorchestrator.adapters.SecurityDomainStores}:
 * in a blob ({@link com.cmkorchestrator.adapters.BlobSecurityDomainStore}), or, in local runs only, a file.
 *
 * <p>Every ARM request of the connection is paced by one {@code pacing.ArmBudget} per process, from the remaining
 * counts ARM reports ({@code pacing.ArmPacing}, docs/concurrency.md section 3). The reads a fan-out repeats are shared
 * for a short while: {@link com.cmkorchestrator.adapters.ActiveHsmCache}, {@code KeyStateCache},
 * {@code AssignmentCache}, {@code PrincipalCache} (section 5).
 *
 * <p>Every SDK failure leaves as the core's {@code AzureCallException} through
 * {@link com.cmkorchestrator.adapters.AzureErrorTranslator}; reads the ports define as "empty when not found" map
 * 404 to {@code Optional.empty()} ({@code AzureCalls.find}).
 *
 * <p>What the app's identity needs on a Managed HSM (local RBAC): its custom role "cmk-orchestrator key operator"
 * at {@code /keys} ({@code core/safety/KeyOperatorRole}: keys read, create, write, rotate, deleted keys read and
 * recover, role assignments read and write), nothing else; no built-in role. To activate an HSM it must be one of
 * the HSM's {@code initialAdminObjectIds}, which also lets it define that role and assign it to itself there. On
 * ARM: read/write on the HSMs, identities and bound resources.
 */
package com.cmkorchestrator.adapters;
