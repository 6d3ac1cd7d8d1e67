package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pinned storage account rebound to a new version: the previous status vouches for the identity, Storage's PATCH
 * answers with the account, so the pass writes without reading the account first and verifies from the answer.
 */
class UnreadRebindTest {

    private final Scenario scenario = new Scenario();
    private final Binding pinned = Scenario.storageBinding(KeySpec.rsa("orders-cmk", 2048), VersionPolicy.PINNED);
    private BindingStatus converged;

    @BeforeEach
    void converge() {
        converged = scenario.converge(pinned).status();
        scenario.azure.log.clear();
    }

    @Test
    void aRebindToANewVersionWritesWithoutReadingTheAccountAndVerifiesFromTheAnswer() {
        var next = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");

        ReconcileOutcome rebound = scenario.pass(pinned, converged);

        assertThat(scenario.azure.log.calls()).doesNotContain("target.read").contains("target.bind");
        assertThat(rebound.status().isReady()).as(rebound.status().toString()).isTrue();
        assertThat(rebound.status().versionInUse(KeySlot.STORAGE_ENCRYPTION)).contains(next.version());
    }

    @Test
    void aPassWithNothingNewStillReadsTheAccount() {
        ReconcileOutcome steady = scenario.pass(pinned, converged);

        assertThat(scenario.azure.log.calls()).contains("target.read").doesNotContain("target.bind");
        assertThat(steady.status().isReady()).isTrue();
    }

    @Test
    void anIdentityRemovedMeanwhileMakesTheUnreadWriteFailAndTheNextPassReadAndMendIt() {
        StorageAccountState s = (StorageAccountState) scenario.azure.arm.target(Scenario.STORAGE);
        scenario.azure.arm.setTarget(new StorageAccountState(s.id(), s.location(), s.provisioningState(), Set.of(),
                s.key(), s.encryptionIdentity(), s.currentVersionedKeyIdentifier(), s.lastKeyRotationTimestamp()));
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");

        ReconcileOutcome refused = scenario.pass(pinned, converged);
        ReconcileOutcome mended = scenario.pass(pinned, refused.status());

        assertThat(refused.status().condition(ConditionType.BOUND).reason()).isEqualTo(Reason.AZURE_RETRYING);
        assertThat(refused.requeueAfter()).as("looked at again soon, with a read").isEqualTo(Duration.ofSeconds(5));
        assertThat(mended.writes()).extracting(Write::kind).containsExactly(Write.Kind.ATTACH_IDENTITY, Write.Kind.BIND);
        assertThat(mended.status().isReady()).isTrue();
    }

    /**
     * A rebind whose write ARM's budget did not let go (429, or the app's pacing not sending it) changed nothing: its
     * status still says which version the account is on, and the next pass writes unread too. Before, that status
     * lost the version, and every rebind a fan-out paced out cost a read of the account (and of what vouches for its
     * identity) on its next pass.
     */
    @Test
    void aRebindWhoseWriteWasNotSentStillGoesUnreadOnItsNextPass() {
        String before = converged.versionInUse(KeySlot.STORAGE_ENCRYPTION).orElseThrow();
        var next = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");
        scenario.azure.log.failNext("target.bind", new AzureCallException("PATCH storageAccounts", 429,
                "SubscriptionRequestsThrottled", "not sent: ARM's writes budget is spent", Duration.ofSeconds(10),
                null));

        ReconcileOutcome paced = scenario.pass(pinned, converged);
        scenario.azure.log.clear();
        ReconcileOutcome rebound = scenario.pass(pinned, paced.status());

        assertThat(paced.status().condition(ConditionType.BOUND).reason()).isEqualTo(Reason.PACED);
        assertThat(paced.status().condition(ConditionType.BOUND).keyVersion()).as("still on").isEqualTo(before);
        assertThat(paced.requeueAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(scenario.azure.log.calls()).doesNotContain("target.read").contains("target.bind");
        assertThat(rebound.status().isReady()).isTrue();
        assertThat(rebound.status().versionInUse(KeySlot.STORAGE_ENCRYPTION)).contains(next.version());
    }

    @Test
    void anotherIdentityInTheSpecIsNotVouchedForByTheStatusOfTheLast() {
        Binding otherIdentity = new Binding(pinned.name(), pinned.hsm(), pinned.key(),
                IdentitySpec.existing(Scenario.OTHER_IDENTITY), pinned.target(),
                VersionPolicy.PINNED);
        scenario.azure.arm.seedIdentity(Scenario.OTHER_IDENTITY);
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");

        scenario.pass(otherIdentity, converged);

        assertThat(scenario.azure.log.calls()).contains("target.read");
    }
}
