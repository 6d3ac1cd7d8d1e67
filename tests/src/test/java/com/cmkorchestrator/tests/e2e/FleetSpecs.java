package com.cmkorchestrator.tests.e2e;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.devhost.LocalEnvironment;

/** Binding documents for the fleet suites, as a client would POST them, on the local run's seeded HSM. */
final class FleetSpecs {

    private final LocalEnvironment environment;

    FleetSpecs(LocalEnvironment environment) {
        this.environment = environment;
    }

    /** {@code identity.create} without a name: the key's shared identity. */
    String sharedIdentity() {
        return "{\"create\": {\"resourceGroup\": \"" + environment.seeded().resourceGroup() + "\"}}";
    }

    String ownIdentity(String name) {
        return "{\"create\": {\"resourceGroup\": \"" + environment.seeded().resourceGroup() + "\", \"name\": \"" + name
                + "\"}}";
    }

    static String key(String name) {
        return "{\"name\": \"" + name + "\", \"type\": \"RSA-HSM\", \"size\": 2048}";
    }

    /** A key the HSM rotates on demand (it needs a policy for that), retired {@code retireAfter} after its successor. */
    static String rotatingKey(String name, String retireAfter) {
        return "{\"name\": \"" + name + "\", \"type\": \"RSA-HSM\", \"size\": 2048, \"rotationPolicy\": "
                + "{\"rotateAfter\": \"P90D\", \"expireAfter\": \"P180D\", \"notifyBefore\": \"P30D\"}, "
                + "\"retireAfter\": \"" + retireAfter + "\"}";
    }

    /** A binding of {@code target} (versionPolicy auto), with {@code extra} fields appended (e.g. onDrift). */
    String binding(String name, String key, String identity, ArmId target, String extra) {
        return "{\"name\": \"" + name + "\", \"hsm\": \"" + environment.seeded().hsm() + "\", \"key\": " + key
                + ", \"identity\": " + identity + ", \"target\": \"" + target + "\"" + extra + "}";
    }
}
