package com.cmkorchestrator.emulator;

import com.cmkorchestrator.emulator.faults.FaultSettings;
import com.cmkorchestrator.emulator.hsm.HsmOptions;
import com.cmkorchestrator.emulator.ratelimit.ArmRateLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How the emulator starts. Ports 0 pick free ports (the default for tests). Durations are in
 * emulated time (see {@link com.cmkorchestrator.emulator.time.EmulatorClock}) unless they say "real".
 *
 * @param hsmProvisioningDuration how long an ARM PUT of a Managed HSM stays {@code Provisioning}
 * @param operationDuration how long ARM's other long-running operations take (storage create, disk
 *                          encryption set writes, Databricks, deletes); zero answers them synchronously
 * @param roleAssignmentPropagation how long a new local RBAC assignment takes to take effect
 * @param timeScale emulated seconds per real second (1 = real time)
 * @param maxPollInterval the longest {@code Retry-After} (real time) a long-running operation asks for;
 *                        an operation that is already done asks for 0
 * @param databricksAppObjectId object ID of the AzureDatabricks first-party app in this tenant: the
 *                              principal that needs the key role for Databricks managed services CMK
 * @param validationHandshake whether a new Event Grid webhook subscription must pass Event Grid's
 *                            validation handshake before it is created
 * @param eventDeliveryTimeout real time an Event Grid delivery may take before it counts as failed
 * @param faults the fault injection in force at start (throttling on or off among them)
 * @param rateLimits the numbers ARM and Compute throttle with when throttling is on (Azure's by default)
 * @param listPageSize how many resources one page of an ARM list holds before {@code nextLink}
 */
public record EmulatorOptions(String host, int armPort, Path stateDirectory, String tenantId, String subscriptionId,
                              Duration hsmProvisioningDuration, Duration roleAssignmentPropagation,
                              Duration operationDuration, double timeScale, Duration maxPollInterval, String databricksAppObjectId,
                              boolean validationHandshake, Duration eventDeliveryTimeout, FaultSettings faults,
                              ArmRateLimits rateLimits, int listPageSize) {

    public static final String DEFAULT_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-00000000c0de";
    /** The AzureDatabricks first-party application's ID; Azure uses its service principal for managed services CMK. */
    public static final String DEFAULT_DATABRICKS_APP_OBJECT_ID = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";
    /**
     * ARM providers do not document their page sizes (ARM's generic resource list answers up to 1,000,
     * Compute and Storage lists are commonly seen paging far smaller): 100 is the emulator's choice.
     */
    public static final int DEFAULT_LIST_PAGE_SIZE = 100;

    private static final Pattern GUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    public EmulatorOptions {
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("the emulator only listens on loopback, not on " + host);
        }
        if (armPort < 0 || armPort > 65535) {
            throw new IllegalArgumentException("armPort out of range: " + armPort);
        }
        if (hsmProvisioningDuration.isNegative() || roleAssignmentPropagation.isNegative() || operationDuration.isNegative()
                || maxPollInterval.isNegative() || eventDeliveryTimeout.isNegative() || eventDeliveryTimeout.isZero()) {
            throw new IllegalArgumentException("durations must not be negative (and the delivery timeout not zero)");
        }
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("timeScale must be a positive number, got " + timeScale);
        }
        for (String guid : new String[] {tenantId, subscriptionId, databricksAppObjectId}) {
            if (guid == null || !GUID.matcher(guid).matches()) {
                throw new IllegalArgumentException("tenantId, subscriptionId and databricksAppObjectId must be GUIDs, got " + guid);
            }
        }
        if (faults == null || rateLimits == null) {
            throw new IllegalArgumentException("faults and rate limits must be given (FaultSettings.defaults(), ArmRateLimits.azure())");
        }
        if (listPageSize < 1 || listPageSize > 5000) {
            throw new IllegalArgumentException("listPageSize must be 1..5000, got " + listPageSize);
        }
    }

    /** The skeleton's constructor, kept for callers that only set the original settings. */
    public EmulatorOptions(String host, int armPort, Path stateDirectory, String tenantId, String subscriptionId,
                           Duration hsmProvisioningDuration, Duration roleAssignmentPropagation) {
        this(host, armPort, stateDirectory, tenantId, subscriptionId, hsmProvisioningDuration, roleAssignmentPropagation,
                Duration.ZERO, 1.0, Duration.ofSeconds(1), DEFAULT_DATABRICKS_APP_OBJECT_ID, true, Duration.ofSeconds(30),
                FaultSettings.defaults(), ArmRateLimits.azure(), DEFAULT_LIST_PAGE_SIZE);
    }

    /** Random ports, a temporary state folder, no artificial delays. */
    public static EmulatorOptions forTests(Path stateDirectory) {
        return new EmulatorOptions("127.0.0.1", 0, stateDirectory, DEFAULT_TENANT, DEFAULT_SUBSCRIPTION,
                Duration.ZERO, Duration.ZERO).withEventDeliveryTimeout(Duration.ofSeconds(5));
    }

    /** What the Managed HSM fleet takes from these options. */
    public HsmOptions hsmOptions() {
        return HsmOptions.on(host, roleAssignmentPropagation);
    }

    public EmulatorOptions withArmPort(int port) { return toBuilder().armPort(port).build(); }

    public EmulatorOptions withHsmProvisioningDuration(Duration duration) {
        return toBuilder().hsmProvisioningDuration(duration).build();
    }

    public EmulatorOptions withRoleAssignmentPropagation(Duration delay) {
        return toBuilder().roleAssignmentPropagation(delay).build();
    }

    public EmulatorOptions withOperationDuration(Duration duration) { return toBuilder().operationDuration(duration).build(); }

    public EmulatorOptions withTimeScale(double scale) { return toBuilder().timeScale(scale).build(); }

    public EmulatorOptions withMaxPollInterval(Duration interval) { return toBuilder().maxPollInterval(interval).build(); }

    public EmulatorOptions withDatabricksAppObjectId(String objectId) { return toBuilder().databricksAppObjectId(objectId).build(); }

    public EmulatorOptions withValidationHandshake(boolean required) { return toBuilder().validationHandshake(required).build(); }

    public EmulatorOptions withEventDeliveryTimeout(Duration timeout) { return toBuilder().eventDeliveryTimeout(timeout).build(); }

    public EmulatorOptions withFaults(FaultSettings settings) { return toBuilder().faults(settings).build(); }

    public EmulatorOptions withRateLimits(ArmRateLimits limits) { return toBuilder().rateLimits(limits).build(); }

    public EmulatorOptions withListPageSize(int size) { return toBuilder().listPageSize(size).build(); }

    public Builder toBuilder() { return new Builder(this); }

    /** Changes some settings of existing options; {@link #build()} validates the result. */
    public static final class Builder {
        private String host;
        private int armPort;
        private Path stateDirectory;
        private String tenantId;
        private String subscriptionId;
        private Duration hsmProvisioningDuration;
        private Duration roleAssignmentPropagation;
        private Duration operationDuration;
        private double timeScale;
        private Duration maxPollInterval;
        private String databricksAppObjectId;
        private boolean validationHandshake;
        private Duration eventDeliveryTimeout;
        private FaultSettings faults;
        private ArmRateLimits rateLimits;
        private int listPageSize;

        private Builder(EmulatorOptions from) {
            host = from.host;
            armPort = from.armPort;
            stateDirectory = from.stateDirectory;
            tenantId = from.tenantId;
            subscriptionId = from.subscriptionId;
            hsmProvisioningDuration = from.hsmProvisioningDuration;
            roleAssignmentPropagation = from.roleAssignmentPropagation;
            operationDuration = from.operationDuration;
            timeScale = from.timeScale;
            maxPollInterval = from.maxPollInterval;
            databricksAppObjectId = from.databricksAppObjectId;
            validationHandshake = from.validationHandshake;
            eventDeliveryTimeout = from.eventDeliveryTimeout;
            faults = from.faults;
            rateLimits = from.rateLimits;
            listPageSize = from.listPageSize;
        }

        public Builder armPort(int value) { armPort = value; return this; }
        public Builder stateDirectory(Path value) { stateDirectory = value; return this; }
        public Builder tenantId(String value) { tenantId = value; return this; }
        public Builder subscriptionId(String value) { subscriptionId = value; return this; }
        public Builder hsmProvisioningDuration(Duration value) { hsmProvisioningDuration = value; return this; }
        public Builder roleAssignmentPropagation(Duration value) { roleAssignmentPropagation = value; return this; }
        public Builder operationDuration(Duration value) { operationDuration = value; return this; }
        public Builder timeScale(double value) { timeScale = value; return this; }
        public Builder maxPollInterval(Duration value) { maxPollInterval = value; return this; }
        public Builder databricksAppObjectId(String value) { databricksAppObjectId = value; return this; }
        public Builder validationHandshake(boolean value) { validationHandshake = value; return this; }
        public Builder eventDeliveryTimeout(Duration value) { eventDeliveryTimeout = value; return this; }
        public Builder faults(FaultSettings value) { faults = value; return this; }
        public Builder rateLimits(ArmRateLimits value) { rateLimits = value; return this; }
        public Builder listPageSize(int value) { listPageSize = value; return this; }

        public EmulatorOptions build() {
            return new EmulatorOptions(host, armPort, stateDirectory, tenantId, subscriptionId, hsmProvisioningDuration,
                    roleAssignmentPropagation, operationDuration, timeScale, maxPollInterval, databricksAppObjectId,
                    validationHandshake, eventDeliveryTimeout, faults, rateLimits, listPageSize);
        }
    }
}
