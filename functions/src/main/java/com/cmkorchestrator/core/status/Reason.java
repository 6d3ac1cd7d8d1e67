package com.cmkorchestrator.core.status;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The constant reasons a condition can carry. The HTTP API and the dashboard show them as they are;
 * alerting can match on them, so they are never reworded.
 */
public enum Reason {
    // any condition
    WAITING_FOR_PREVIOUS("WaitingForPrevious"),
    OUT_OF_SCOPE("OutOfScope"),
    AZURE_RETRYING("AzureRetrying"),
    AZURE_REJECTED("AzureRejected"),
    /** Another binding declares the same key slot of the target: neither binding writes until one is deleted. */
    CONFLICT("Conflict"),
    /** Another instance holds the lease of a step that must happen once; looked at again soon (docs/concurrency.md section 2). */
    LEASE_HELD("LeaseHeld"),
    /** An HSM rate shared by every instance (key creations, RBAC writes) has no slot free soon (docs/concurrency.md section 3). */
    PACED("Paced"),

    // HsmReady
    HSM_ACTIVE("Active"),
    HSM_NOT_FOUND("HsmNotFound"),
    HSM_NAME_UNAVAILABLE("HsmNameUnavailable"),
    HSM_PROVISIONING("Provisioning"),
    HSM_PROVISIONING_STARTED("ProvisioningStarted"),
    HSM_PROVISIONING_FAILED("ProvisioningFailed"),
    HSM_UNAVAILABLE("HsmUnavailable"),
    NOT_ACTIVATED("NotActivated"),
    SECURITY_DOMAIN_DOWNLOADED("SecurityDomainDownloaded"),
    SECURITY_DOMAIN_NOT_STORED("SecurityDomainNotStored"),
    SECURITY_DOMAIN_DESTINATION_REFUSED("SecurityDomainDestinationRefused"),
    ACTIVATION_FAILED("ActivationFailed"),
    PURGE_PROTECTION_REQUIRED("PurgeProtectionRequired"),

    // KeyReady
    KEY_PRESENT("KeyPresent"),
    /** A binding took over an existing key with {@code key.adopt}. */
    KEY_ADOPTED("KeyAdopted"),
    /** The key exists and the app neither created it nor was told to adopt it: nothing is written to it. */
    KEY_NOT_OWNED("KeyNotOwned"),
    /** The app's key lost its {@code managed-by} tag outside the app; still served, reported as a finding. */
    KEY_MARK_REMOVED("KeyMarkRemoved"),
    KEY_CREATED("KeyCreated"),
    KEY_RECOVERING("KeyRecovering"),
    KEY_MISMATCH("KeyMismatch"),
    KEY_DISABLED("KeyDisabled"),
    KEY_ROTATED("KeyRotated"),
    ROTATION_POLICY_UPDATED("RotationPolicyUpdated"),
    VERSION_CAP_REACHED("VersionCapReached"),

    // IdentityReady
    IDENTITY_ATTACHED("IdentityAttached"),
    IDENTITY_CREATED("IdentityCreated"),
    IDENTITY_NOT_FOUND("IdentityNotFound"),
    TARGET_NOT_FOUND("TargetNotFound"),
    WORKSPACE_PRINCIPALS("WorkspacePrincipals"),
    DATABRICKS_PRINCIPAL_NOT_CONFIGURED("DatabricksPrincipalNotConfigured"),

    // AccessGranted
    ROLE_ASSIGNED("RoleAssigned"),
    ROLE_ASSIGNMENT_CREATED("RoleAssignmentCreated"),
    /** Managed HSM's role assignment limit at the grant's scope is reached: the message names the ways out. */
    ROLE_ASSIGNMENT_LIMIT_REACHED("RoleAssignmentLimitReached"),

    // Bound
    BOUND("Bound"),
    REBOUND("Rebound"),
    AWAITING_PROPAGATION("AwaitingPropagation"),
    TARGET_BUSY("TargetBusy"),
    OPERATION_IN_PROGRESS("OperationInProgress"),
    CONCURRENT_CHANGE("ConcurrentChange"),
    VERSION_UNUSABLE("VersionUnusable"),
    /** The target's key settings were changed outside the app, and the pass wrote the binding's back. */
    DRIFT_REPAIRED("DriftRepaired"),
    /** The target's key settings were changed outside the app, and the binding says only to report it. */
    DRIFT_REPORTED("DriftReported"),

    // Verified
    VERIFIED("Verified"),
    AWAITING_PICKUP("AwaitingPickup"),
    PICKUP_OVERDUE("PickupOverdue"),
    AWAITING_MANAGED_DISK_IDENTITY("AwaitingManagedDiskIdentity"),
    VERSION_DISABLED("VersionDisabled"),
    VERSION_EXPIRED("VersionExpired"),
    AUTO_KEY_ROTATION_ERROR("AutoKeyRotationError"),
    NOT_BOUND_AS_DESIRED("NotBoundAsDesired");

    private final String json;

    Reason(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
