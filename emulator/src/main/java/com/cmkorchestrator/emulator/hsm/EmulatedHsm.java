package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.hsm.keys.HsmProperties;
import com.cmkorchestrator.emulator.auth.BearerAuthentication;
import com.cmkorchestrator.emulator.hsm.http.ApiVersions;
import com.cmkorchestrator.emulator.hsm.http.HsmRouter;
import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.cmkorchestrator.emulator.hsm.keys.CryptoRoutes;
import com.cmkorchestrator.emulator.hsm.keys.HsmKeyStore;
import com.cmkorchestrator.emulator.hsm.keys.KeyJson;
import com.cmkorchestrator.emulator.hsm.keys.KeyPairSource;
import com.cmkorchestrator.emulator.hsm.keys.KeyRoutes;
import com.cmkorchestrator.emulator.hsm.keys.KeyTransferRoutes;
import com.cmkorchestrator.emulator.hsm.keys.KeyVersion;
import com.cmkorchestrator.emulator.hsm.rbac.LocalRbac;
import com.cmkorchestrator.emulator.hsm.rbac.RbacRoutes;
import com.cmkorchestrator.emulator.hsm.securitydomain.SecurityDomain;
import com.cmkorchestrator.emulator.hsm.securitydomain.SecurityDomainRoutes;
import com.cmkorchestrator.emulator.hsm.settings.HsmSettings;
import com.cmkorchestrator.emulator.hsm.settings.SettingsRoutes;
import com.cmkorchestrator.emulator.transport.RequestRecorder;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.cmkorchestrator.emulator.transport.HttpsEndpoint;
import com.cmkorchestrator.emulator.transport.RequestHandler;
import com.cmkorchestrator.emulator.transport.TlsMaterial;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One emulated Managed HSM: its state (keys, local RBAC, settings, security domain) and its HTTPS
 * data plane. Every request and every scheduled run takes the HSM's lock, so each call sees and
 * leaves a consistent state, and a failed call changes nothing.
 */
final class EmulatedHsm implements ManagedHsm {
    private final String armId;
    private final String name;
    private final EmulatorClock clock;
    private final URI uri;
    private final int port;
    private final Object lock = new Object();
    private final LocalRbac rbac;
    private final HsmKeyStore keys;
    private final HsmSettings settings = new HsmSettings();
    private final SecurityDomain securityDomain;
    private final HsmRouter router = new HsmRouter();
    private final String challenge;
    private HttpsEndpoint endpoint;

    private volatile boolean ready;

    /** Builds the HSM and starts serving its data plane on a free loopback port. */
    EmulatedHsm(String armId, String name, String tenantId, List<String> initialAdmins, HsmProperties properties,
                HsmOptions options, EmulatorClock clock, KeyPairSource keyPairs, TlsMaterial tls, RequestRecorder log) {
        this.armId = armId;
        this.name = name;
        this.clock = clock;
        this.challenge = BearerAuthentication.managedHsmChallenge(tenantId);
        // The port (and so the URI every key ID carries) is only known once listening; requests that
        // could arrive before the constructor ends are answered 503 (see ready).
        this.endpoint = HttpsEndpoint.start(options.host(), 0, tls, name, log, handler());
        this.port = endpoint.port();
        this.uri = endpoint.baseUri();
        this.rbac = new LocalRbac(clock, options.roleAssignmentPropagation());
        this.rbac.grantInitialAdministrators(initialAdmins);
        this.keys = new HsmKeyStore(clock, properties, keyPairs);
        this.securityDomain = new SecurityDomain(clock, options.activationDuration());
        String base = baseUri();
        KeyJson json = new KeyJson(base, keys::properties);
        new SecurityDomainRoutes(securityDomain, rbac, name, uri).register(router);
        new KeyRoutes(keys, rbac, json, base).register(router);
        new CryptoRoutes(keys, rbac, json, clock).register(router);
        new KeyTransferRoutes(rbac).register(router);
        new RbacRoutes(rbac).register(router);
        new SettingsRoutes(settings, rbac).register(router);
        this.ready = true;
    }

    /** The handler for the HSM's endpoint: bearer authentication (Managed HSM challenge), then {@link #serve}. */
    private RequestHandler handler() {
        return BearerAuthentication.require(challenge, "Unauthorized", this::serve);
    }

    private EmuResponse serve(EmuRequest request) {
        if (!ready) {
            return EmuResponse.error(503, "ServiceUnavailable", "The managed HSM is starting.");
        }
        try {
            String apiVersion = ApiVersions.require(request);
            HsmRouter.Match match = router.match(request, apiVersion);
            synchronized (lock) {
                if (!match.route().beforeActivation()) {
                    securityDomain.requireActive(name);
                }
                return match.route().handler().handle(match.call());
            }
        } catch (KeyVaultError e) {
            return e.toResponse();
        }
    }

    /** Runs what emulated time made due: automatic rotations and scheduled purges. */
    List<KeyVersion> runDue(Instant now) {
        synchronized (lock) {
            return keys.runDue(now);
        }
    }

    /** When {@link #runDue} next has work after {@code now}, soft-deleted or not (the clock keeps running). */
    Optional<Instant> nextDueAfter(Instant now) {
        synchronized (lock) {
            return keys.nextDueAfter(now);
        }
    }

    void stopServing() {
        synchronized (lock) {
            if (endpoint != null) {
                endpoint.close();
                endpoint = null;
            }
        }
    }

    /** Serves again at the same port (ARM recover of a soft-deleted HSM). */
    void resumeServing(String host, TlsMaterial tls, RequestRecorder log) {
        synchronized (lock) {
            if (endpoint == null) {
                endpoint = HttpsEndpoint.start(host, port, tls, name, log, handler());
            }
        }
    }

    boolean isServing() {
        synchronized (lock) {
            return endpoint != null;
        }
    }

    /** Resource providers only reach an HSM that is activated and not soft-deleted. Caller holds the lock. */
    private boolean isActiveAndServing() {
        return securityDomain.isActive() && endpoint != null;
    }

    private String baseUri() {
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public String armId() { return armId; }

    @Override
    public String name() { return name; }

    @Override
    public URI uri() { return uri; }

    @Override
    public String activationStatus() {
        synchronized (lock) {
            return securityDomain.activationStatus();
        }
    }

    @Override
    public KeyAccessCheck checkCmkAccess(String keyName, String keyVersion, String principalOid) {
        synchronized (lock) {
            return CmkAccess.check(uri.toString(), isActiveAndServing(), keys.properties(), keys, rbac,
                    keyName, keyVersion, principalOid, clock.instant());
        }
    }

    @Override
    public Optional<String> latestVersionId(String keyName) {
        synchronized (lock) {
            return keys.find(keyName).map(key -> baseUri() + "/keys/" + key.name() + "/" + key.latest().version());
        }
    }

    /** Straight from the key store: ARM's pickups ask this for every resource at every clock stop. */
    @Override
    public Optional<Instant> versionCreated(String keyName, String version) {
        synchronized (lock) {
            return keys.find(keyName).flatMap(key -> key.version(version)).map(v -> v.attributes().created());
        }
    }

    @Override
    public void enablePurgeProtection() {
        synchronized (lock) {
            keys.protectFromPurge();
        }
    }

    @Override
    public boolean allowsKeyManagementThroughArm() {
        synchronized (lock) {
            return settings.allowKeyManagementThroughArm();
        }
    }

    @Override
    public ArmKeyWrite writeKeyThroughArm(String keyName, JsonNode armProperties, String callerOid) {
        synchronized (lock) {
            return ArmKeyWriter.write(baseUri(), isActiveAndServing(), settings, rbac, keys,
                    keyName, armProperties, callerOid, clock.instant());
        }
    }

    @Override
    public HsmSnapshot snapshot() {
        synchronized (lock) {
            return HsmSnapshots.of(this, keys, rbac, settings, clock.instant(), endpoint == null);
        }
    }

    /** Caller holds the lock. */
    HsmProperties properties() { return keys.properties(); }

    String activationStatusUnlocked() { return securityDomain.activationStatus(); }

    String baseUriText() { return baseUri(); }
}
