package com.cmkorchestrator.core.rotation;

import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.TrackedBinding;
import com.cmkorchestrator.core.engine.EngineSettings;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.core.status.ConditionType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rotation, many pinned storage accounts: the fan-out's rebinds stay inside ARM's write bucket (200 burst,
 * 10/s) on the fake clock, where an unpaced fan-out provokes 429s.
 */
class FanOutPacingTest {

    private static final int ACCOUNTS = 300;
    private final Scenario scenario = new Scenario();
    private final List<TrackedBinding> tracked = new ArrayList<>();

    private BindingReconciler reconciler(TokenBucket budget) {
        return BindingReconciler.builder(scenario.azure.ports())
                .allowList(ScopeAllowList.of(ArmId.subscription(FakeAzure.SUBSCRIPTION)))
                .settings(EngineSettings.defaults(FakeAzure.DATABRICKS_APP))
                .clock(scenario.azure.clock).armWriteBudget(budget).concurrency(1)
                .coordination(scenario.coordination()).build();
    }

    private TokenBucket armBucketOnTheFakeClock() {
        return new TokenBucket(200, 10, 200, () -> {
            Instant now = scenario.azure.clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }, scenario.azure.clock::advance);
    }

    private void convergeManyPinnedAccountsThenRotate() {
        scenario.azure.arm.seedIdentity(Scenario.IDENTITY);
        for (int i = 0; i < ACCOUNTS; i++) {
            ArmId account = FakeAzure.id("rg-data", "Microsoft.Storage/storageAccounts/acct" + i);
            scenario.azure.arm.addStorageAccount(account);
            Binding binding = new Binding("acct" + i, Scenario.HSM, KeySpec.rsa("shared", 2048),
                    IdentitySpec.existing(Scenario.IDENTITY), account, VersionPolicy.PINNED);
            tracked.add(new TrackedBinding(binding, scenario.converge(binding, null, 20).status()));
        }
        scenario.reconciler.rotateNow(Scenario.HSM, "shared", tracked.stream().map(TrackedBinding::binding).toList());
        scenario.azure.armThrottle.enable();
    }

    @Test
    void pacedRebindsNeverDrawA429() {
        convergeManyPinnedAccountsThenRotate();
        Instant start = scenario.azure.clock.instant();

        List<ReconcileOutcome> outcomes = reconciler(armBucketOnTheFakeClock()).reconcileAll(tracked);

        assertThat(scenario.azure.armThrottle.rejected()).isZero();
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status().isReady()).isTrue());
        Duration took = Duration.between(start, scenario.azure.clock.instant());
        assertThat(took).as("100 writes beyond the burst at 10/s").isBetween(Duration.ofSeconds(9), Duration.ofSeconds(11));
    }

    @Test
    void anUnpacedFanOutWouldHaveBeenThrottled() {
        convergeManyPinnedAccountsThenRotate();

        List<ReconcileOutcome> outcomes = reconciler(TokenBucket.unlimited()).reconcileAll(tracked);

        assertThat(scenario.azure.armThrottle.rejected()).isEqualTo(ACCOUNTS - 200);
        assertThat(outcomes).filteredOn(o -> o.status().condition(ConditionType.BOUND).reason() == Reason.AZURE_RETRYING)
                .hasSize(ACCOUNTS - 200);
    }
}
