package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.AccessPort;
import com.cmkorchestrator.core.ports.CustomRole;
import com.cmkorchestrator.core.ports.DeletedKey;
import com.cmkorchestrator.core.ports.IdentityPort;
import com.cmkorchestrator.core.ports.KeyCreation;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.RoleAssignment;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;
import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reads a rotation's fan-out shares within one process: a key's state, a scope's role assignments, an identity's
 * principal. The HSM and ARM behind them are counting stand-ins of the ports (the adapters themselves are tested on
 * the emulator); the clock is moved by hand.
 */
class SharedReadsTest {

    private static final URI HSM = URI.create("https://contoso.managedhsm.azure.net/");
    private static final ArmId IDENTITY = ArmId.parse("/subscriptions/11111111-2222-3333-4444-555555555555"
            + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final CountingHsm hsm = new CountingHsm();

    @Test
    void passesAskingForTheKeyTogetherShareOneRead() throws Exception {
        KeyStateCache keys = new KeyStateCache(hsm, clock);
        hsm.slow = new CountDownLatch(1);
        ExecutorService passes = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<KeyState>>> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                reads.add(passes.submit(() -> keys.getKey(HSM, "k")));
            }
            Thread.sleep(200);
            hsm.slow.countDown();
            for (Future<Optional<KeyState>> read : reads) {
                assertThat(read.get()).isPresent();
            }
        } finally {
            passes.shutdown();
        }
        assertThat(hsm.keyReads.get()).isEqualTo(1);
    }

    @Test
    void theRecentKeyIsWhatWasReadInTheLastSecondsAndNothingElse() {
        KeyStateCache keys = new KeyStateCache(hsm, clock);
        assertThat(keys.recentKey(HSM, "k")).isEmpty();

        keys.getKey(HSM, "k");
        assertThat(keys.recentKey(HSM, "K")).isPresent();
        clock.advance(KeyStateCache.TIME_TO_LIVE);

        assertThat(keys.recentKey(HSM, "k")).isEmpty();
        assertThat(hsm.keyReads.get()).isEqualTo(1);
    }

    @Test
    void aRotationThisProcessMakesIsSeenAtOnce() {
        KeyStateCache keys = new KeyStateCache(hsm, clock);
        keys.getKey(HSM, "k");

        keys.rotate(HSM, "k");

        assertThat(keys.recentKey(HSM, "k")).isEmpty();
    }

    @Test
    void aScopesAssignmentsAreListedOnceUntilThisProcessGrantsOnThatHsm() {
        AssignmentCache access = new AssignmentCache(hsm, clock);
        access.listAssignments(HSM, "/keys/k");
        access.listAssignments(HSM, "/keys/k");
        assertThat(hsm.lists.get()).isEqualTo(1);

        access.createAssignment(HSM, "/keys/other", "role", "principal", "name");
        access.listAssignments(HSM, "/keys/k");

        assertThat(hsm.lists.get()).isEqualTo(2);
    }

    @Test
    void theListAGrantIsDecidedOnIsReadNowAndServesTheSharedReadsAfterIt() {
        AssignmentCache access = new AssignmentCache(hsm, clock);
        access.listAssignments(HSM, "/keys/k");
        clock.advance(Duration.ofSeconds(1));

        access.listAssignmentsNow(HSM, "/keys/k");
        assertThat(hsm.lists.get()).as("not the list read a moment ago: another instance may have granted since")
                .isEqualTo(2);
        access.listAssignments(HSM, "/keys/k");

        assertThat(hsm.lists.get()).isEqualTo(2);
    }

    @Test
    void anIdentitysPrincipalIsReadOnceUntilItIsInDoubt() {
        CountingArm arm = new CountingArm();
        PrincipalCache principals = new PrincipalCache(arm, clock);
        principals.get(IDENTITY);
        principals.get(IDENTITY);
        assertThat(arm.reads.get()).isEqualTo(1);

        principals.forget(IDENTITY);
        principals.get(IDENTITY);

        assertThat(arm.reads.get()).isEqualTo(2);
    }

    @Test
    void anIdentityNotFoundIsAskedForAgainEveryTime() {
        CountingArm arm = new CountingArm();
        arm.missing = true;
        PrincipalCache principals = new PrincipalCache(arm, clock);

        principals.get(IDENTITY);
        principals.get(IDENTITY);

        assertThat(arm.reads.get()).isEqualTo(2);
    }

    /** An HSM data plane that counts its reads; {@link #slow} holds key reads until released. */
    private static final class CountingHsm implements KeyPort, AccessPort {
        final AtomicInteger keyReads = new AtomicInteger();
        final AtomicInteger lists = new AtomicInteger();
        volatile CountDownLatch slow;

        @Override
        public Optional<KeyState> getKey(URI hsmUri, String name) {
            keyReads.incrementAndGet();
            if (slow != null) {
                try {
                    slow.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Optional.of(new KeyState(name, "RSA-HSM", 2048, null,
                    List.of(new KeyVersion("v1", true, Instant.EPOCH, null, null))));
        }

        @Override
        public Optional<DeletedKey> getDeletedKey(URI hsmUri, String name) {
            return Optional.empty();
        }

        @Override
        public void beginRecoverDeletedKey(URI hsmUri, String name) {
        }

        @Override
        public KeyVersion createKey(URI hsmUri, KeyCreation creation) {
            return new KeyVersion("v1", true, Instant.EPOCH, null, null);
        }

        @Override
        public Optional<KeyRotationPolicy> getRotationPolicy(URI hsmUri, String name) {
            return Optional.empty();
        }

        @Override
        public void setRotationPolicy(URI hsmUri, String name, KeyRotationPolicy policy) {
        }

        @Override
        public KeyVersion rotate(URI hsmUri, String name) {
            return new KeyVersion("v2", true, Instant.EPOCH.plusSeconds(1), null, null);
        }

        @Override
        public void disableVersion(URI hsmUri, String name, String version) {
        }

        @Override
        public List<String> listKeyNames(URI hsmUri) {
            return List.of();
        }

        @Override
        public List<RoleAssignment> listAssignments(URI hsmUri, String scope) {
            lists.incrementAndGet();
            return List.of();
        }

        @Override
        public RoleAssignment createAssignment(URI hsmUri, String scope, String roleDefinitionId, String principalId,
                                               String name) {
            return new RoleAssignment(name, scope, roleDefinitionId, principalId);
        }

        @Override
        public CustomRole defineRole(URI hsmUri, CustomRole role) {
            return role;
        }
    }

    /** ARM's identities, counting reads. */
    private static final class CountingArm implements IdentityPort {
        final AtomicInteger reads = new AtomicInteger();
        boolean missing;

        @Override
        public Optional<UserAssignedIdentity> get(ArmId id) {
            reads.incrementAndGet();
            return missing ? Optional.empty()
                    : Optional.of(new UserAssignedIdentity(id, "principal", "client", "westeurope"));
        }

        @Override
        public UserAssignedIdentity create(ArmId id, String location, Map<String, String> tags) {
            return new UserAssignedIdentity(id, "principal", "client", location);
        }
    }
}
