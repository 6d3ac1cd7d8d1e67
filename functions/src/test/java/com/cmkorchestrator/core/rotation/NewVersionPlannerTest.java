package com.cmkorchestrator.core.rotation;

import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NewVersionPlannerTest {

    private static final Instant CREATED = Instant.parse("2026-05-01T12:00:00Z");
    private final KeyVersion version = new KeyVersion("v2", true, CREATED, null, null);
    private final KeySpec key = KeySpec.rsa("k", 2048);

    @Test
    void autoStorageAndDesAreCheckedAfterTheirOwnWindows() {
        Binding storage = Scenario.storageBinding(key, VersionPolicy.AUTO);
        Binding des = Scenario.desBinding(key, VersionPolicy.AUTO);

        RotationPlan plan = NewVersionPlanner.plan(Scenario.HSM, "k", version, List.of(storage, des));

        assertThat(plan.reconcileNow()).isEmpty();
        assertThat(plan.checkLater()).containsExactlyInAnyOrder(
                new ScheduledCheck(storage, CREATED.plus(Duration.ofHours(24))),
                new ScheduledCheck(des, CREATED.plus(Duration.ofHours(1))));
    }

    @Test
    void pinnedBindingsAndDatabricksAreReboundNow() {
        Binding pinned = Scenario.storageBinding(key, VersionPolicy.PINNED);
        Binding databricks = Scenario.databricksBinding(key, VersionPolicy.AUTO);

        RotationPlan plan = NewVersionPlanner.plan(Scenario.HSM, "k", version, List.of(pinned, databricks));

        assertThat(plan.reconcileNow()).containsExactly(pinned, databricks);
    }

    @Test
    void bindingsOfOtherKeysAreLeftOut() {
        Binding other = Scenario.storageBinding(KeySpec.rsa("other", 2048), VersionPolicy.PINNED);

        RotationPlan plan = NewVersionPlanner.plan(Scenario.HSM, "K", version, List.of(other));

        assertThat(plan.reconcileNow()).isEmpty();
        assertThat(plan.checkLater()).isEmpty();
    }
}
