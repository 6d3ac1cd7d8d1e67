/**
 * The emulated Azure Key Vault Managed HSM data plane: one HTTPS endpoint per HSM on 127.0.0.1
 * ({@code hsmUri} {@code https://127.0.0.1:<port>/}), driven unchanged by the real {@code KeyClient},
 * {@code CryptographyClient}, {@code KeyVaultAccessControlClient} and {@code KeyVaultSettingsClient}.
 *
 * <h2>Layout</h2>
 * {@link com.cmkorchestrator.emulator.hsm.EmulatedHsmFleet} (the {@link com.cmkorchestrator.emulator.hsm.ManagedHsmFleet}
 * ARM calls) owns {@link com.cmkorchestrator.emulator.hsm.EmulatedHsm}s; each HSM's state lives in
 * {@code keys} (key store, rotation, wrap/unwrap), {@code rbac} (local RBAC), {@code settings} and
 * {@code securitydomain} (activation), each with its own routes; {@code http} holds the router,
 * api-version check, paging and the Key Vault error body.
 *
 * <h2>api-versions</h2>
 * 7.0-7.6 and 2025-07-01 (the keys SDK 4.10.3 sends 7.6, the administration SDK 4.6.4 sends 7.5);
 * others get Key Vault's 400 {@code BadParameter} "The specified version (x) is not recognized...".
 *
 * <h2>Deliberate differences from Azure (S = sourced, I = inferred)</h2>
 * <ul>
 *   <li>Clients must call {@code disableChallengeResourceVerification()}: the Key Vault SDKs accept a
 *       challenge {@code resource} only when the request host ends with its host (S: bytecode of
 *       {@code KeyVaultCredentialPolicy.isChallengeResourceValid} in keys 4.10.3 / administration 4.6.4).</li>
 *   <li>Tokens are the emulator's unsigned JWTs; the {@code oid} claim is trusted as is.</li>
 *   <li>Before activation every route but the security-domain download answers 403 {@code Forbidden}
 *       (inner {@code HsmNotActivated}); Azure's exact answer is undocumented (I).</li>
 *   <li>RBAC denial: 403 {@code AccessDenied} "Not authorized to access &lt;action&gt; on &lt;scope&gt;"
 *       (S: az CLI output in Azure/azure-cli#32719). Built-in roles' names and data actions as a live HSM
 *       lists them (S: azure-sdk-for-java recording, see {@link com.cmkorchestrator.emulator.hsm.rbac.BuiltInRole});
 *       Restore from built-in-roles.md (S).</li>
 *   <li>Custom role definitions (PUT/GET/DELETE/list) with dataActions and notDataActions, assignable and
 *       enforced like built-in roles; at most 50 per HSM (S: key-vault-limits.md). Refusal codes reuse ARM's:
 *       {@code RoleDefinitionLimitExceeded}, {@code RoleDefinitionHasAssignments} (409: a role in use cannot be
 *       deleted), unknown data actions are 400 {@code BadParameter} naming them (I). Definitions are written at
 *       {@code /} or {@code /keys} (the spec says '/', its example writes at 'keys').</li>
 *   <li>Assignment conflicts and limits reuse ARM's codes: {@code RoleAssignmentExists},
 *       {@code RoleAssignmentLimitExceeded} (10 per key scope, 50 at {@code /} and {@code /keys} together),
 *       {@code RoleAssignmentNotFound}, {@code RoleDefinitionDoesNotExist} (I).
 *       Listing returns assignments made exactly at the scope. Deleting an assignment ends its access at once;
 *       only new assignments wait for {@code roleAssignmentPropagation} (I: no delay is documented).</li>
 *   <li>Keys: only RSA-HSM (2048/3072/4096) and EC-HSM (P-256, P-256K, P-384, P-521); plain RSA/EC
 *       are refused with 400 (I), oct-HSM is not emulated; no sign/verify. Import, backup, restore and release
 *       are authorized for their data action and then answered 501 {@code NotSupported}.
 *       GET works on a disabled key; crypto operations on a disabled/expired/not-yet-valid version answer
 *       403 {@code Forbidden} ("not allowed on a disabled key" is Key Vault's; the inner codes are I).</li>
 *   <li>Rotation: rules per managed-hsm/key-rotation.md (S); rotating without a stored policy is 400
 *       {@code BadParameter} (I); a key without a policy answers an empty policy (I); Notify actions are
 *       stored and never fire (S: no Event Grid on Managed HSM). Automatic rotations are dated at the
 *       moment their trigger fell due, even when the emulated clock jumps past several.</li>
 *   <li>The 100-version cap answers 400 {@code BadParameter} (I for the code).</li>
 *   <li>Security domain: the file has Azure's outer shape, but its content is the emulator's (see
 *       {@link com.cmkorchestrator.emulator.hsm.securitydomain.SecurityDomainBlob}); it can be downloaded
 *       once (409 after, I) and cannot be uploaded.</li>
 *   <li>{@link com.cmkorchestrator.emulator.hsm.ManagedHsm#checkCmkAccess}: only
 *       {@code KeyVaultAccessForbidden} and its message are sourced (azure-facts.md section 9); the other
 *       codes and all statuses are I.</li>
 * </ul>
 */
package com.cmkorchestrator.emulator.hsm;
