package com.cmkorchestrator.core.fakes;

import com.cmkorchestrator.testsupport.MutableClock;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.AzurePorts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A small, in-memory Azure for the core's unit tests: HSMs, keys and versions, local RBAC, identities and
 * bindable resources, behaving as the real services do where the core depends on it: a bind fails with
 * {@code KeyVaultAccessForbidden} until a grant exists and has propagated, a new principal is unknown to RBAC for a
 * while, create on an existing key name adds a version, services pick up new versions only when told to
 * ({@link FakeArm#pickUpNewVersions()}). Every call is logged; failures can be queued per operation.
 */
public final class FakeAzure {

    public static final String SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
    public static final String DATABRICKS_APP = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";
    /** The app's own principal: the administrator of the HSMs it provisions. */
    public static final String APP = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    public final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    public final CallLog log = new CallLog();
    public final FakeHsmPlane hsms = new FakeHsmPlane(this);
    public final FakeKeyVault keyVault = new FakeKeyVault(this);
    public final FakeArm arm = new FakeArm(this);

    /** How long a new role assignment takes before the HSM honours it. */
    public Duration grantPropagation = Duration.ofMinutes(2);
    /** How long a new principal takes before local RBAC accepts it. */
    public Duration principalReplication = Duration.ofSeconds(10);

    private final Map<String, Instant> principals = new HashMap<>();

    public FakeAzure() {
        principals.put(DATABRICKS_APP, Instant.EPOCH);
        principals.put(APP, Instant.EPOCH);
    }

    public AzurePorts ports() {
        return new AzurePorts(hsms, hsms, hsms, keyVault, keyVault, arm, arm);
    }

    public static ArmId id(String resourceGroup, String typeAndName) {
        return ArmId.parse("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + resourceGroup + "/providers/" + typeAndName);
    }

    Instant now() {
        return clock.instant();
    }

    String newPrincipal() {
        String id = UUID.randomUUID().toString();
        principals.put(id, now());
        return id;
    }

    boolean principalKnown(String principalId) {
        Instant since = principals.get(principalId.toLowerCase());
        return since != null && !now().isBefore(since.plus(principalReplication));
    }

    static AzureCallException error(String operation, int status, String code, String message) {
        return new AzureCallException(operation, status, code, message);
    }
}
