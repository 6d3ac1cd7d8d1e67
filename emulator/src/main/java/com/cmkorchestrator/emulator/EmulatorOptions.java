package com.cmkorchestrator.emulator;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the emulator starts. Ports 0 pick free ports (the default for tests). Durations are in
 * emulated time (see {@link com.cmkorchestrator.emulator.time.EmulatorClock}).
 *
 * @param hsmProvisioningDuration how long an ARM PUT of a Managed HSM stays {@code Provisioning}
 * @param roleAssignmentPropagation how long a new local RBAC assignment takes to take effect
 */
public record EmulatorOptions(String host, int armPort, Path stateDirectory, String tenantId, String subscriptionId,
                              Duration hsmProvisioningDuration, Duration roleAssignmentPropagation) {

    public static final String DEFAULT_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-00000000c0de";

    public EmulatorOptions {
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("the emulator only listens on loopback, not on " + host);
        }
        if (armPort < 0 || armPort > 65535) {
            throw new IllegalArgumentException("armPort out of range: " + armPort);
        }
        if (hsmProvisioningDuration.isNegative() || roleAssignmentPropagation.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Random ports, a temporary state folder, no artificial delays. */
    public static EmulatorOptions forTests(Path stateDirectory) {
        return new EmulatorOptions("127.0.0.1", 0, stateDirectory, DEFAULT_TENANT, DEFAULT_SUBSCRIPTION,
                Duration.ZERO, Duration.ZERO);
    }

    public EmulatorOptions withArmPort(int port) {
        return new EmulatorOptions(host, port, stateDirectory, tenantId, subscriptionId, hsmProvisioningDuration,
                roleAssignmentPropagation);
    }

    public EmulatorOptions withHsmProvisioningDuration(Duration duration) {
        return new EmulatorOptions(host, armPort, stateDirectory, tenantId, subscriptionId, duration,
                roleAssignmentPropagation);
    }

    public EmulatorOptions withRoleAssignmentPropagation(Duration delay) {
        return new EmulatorOptions(host, armPort, stateDirectory, tenantId, subscriptionId, hsmProvisioningDuration,
                delay);
    }
}
