package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.status.BindingStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key as a rotation's fan-out shares it ({@code KeyPort.recentKey}): used by a pass that will rebind to a version
 * its binding is not on, never by one that would conclude "already current" (the shared read may predate another
 * instance's rotation).
 */
class SharedKeyReadsTest {

    private static final String KEY = "orders-cmk";
    private final Scenario scenario = new Scenario();
    private final Binding pinned = Scenario.storageBinding(KeySpec.rsa(KEY, 2048), VersionPolicy.PINNED);
    private BindingStatus converged;

    @BeforeEach
    void converge() {
        converged = scenario.converge(pinned).status();
    }

    private KeyState keyNow() {
        return scenario.azure.keyVault.getKey(scenario.hsmUri, KEY).orElseThrow();
    }

    @Test
    void aRebindTakesTheSharedKeyWithoutAskingTheHsm() {
        String next = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, KEY).version();
        scenario.azure.keyVault.recent.put(KEY, keyNow());
        scenario.azure.log.clear();

        ReconcileOutcome rebound = scenario.pass(pinned, converged);

        assertThat(scenario.azure.log.calls()).doesNotContain("key.get");
        assertThat(rebound.status().versionInUse(KeySlot.STORAGE_ENCRYPTION)).contains(next);
    }

    @Test
    void aSharedKeyFromBeforeAnotherInstancesRotationIsReadAgainNotTrusted() {
        scenario.azure.keyVault.recent.put(KEY, keyNow());
        String next = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, KEY).version();
        scenario.azure.log.clear();

        ReconcileOutcome rebound = scenario.pass(pinned, converged);

        assertThat(scenario.azure.log.calls()).contains("key.get");
        assertThat(rebound.status().versionInUse(KeySlot.STORAGE_ENCRYPTION)).contains(next);
        assertThat(rebound.status().isReady()).isTrue();
    }

    @Test
    void aBindingNotYetBoundReadsTheKeyNow() {
        Binding fresh = new Binding("other", pinned.hsm(), pinned.key(), pinned.identity(), Scenario.DES,
                VersionPolicy.PINNED);
        scenario.azure.keyVault.recent.put(KEY, keyNow());
        scenario.azure.log.clear();

        scenario.pass(fresh, null);

        assertThat(scenario.azure.log.calls()).contains("key.get");
    }
}
