package com.cmkorchestrator.tests.scaleout;

import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.devhost.EmulatorAdminApi;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import com.cmkorchestrator.tests.bench.FleetSeeder;
import com.cmkorchestrator.tests.bench.OutsideChanges;
import com.cmkorchestrator.tests.scale.AzureRequests;
import com.cmkorchestrator.tests.scale.FleetDriver;
import com.cmkorchestrator.tests.scale.FleetPlan;
import com.cmkorchestrator.tests.scale.ScaledOutRun;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health sweep's cost in ARM reads, from the emulator's request log, over 120 verified bindings of the three kinds
 * (pages of 100, as the emulator lists by default): at most 0.05 reads per binding, the target for 10,000
 * ({@code bash tests/benchmark.sh --sweep} measures that size). And a sweep still repairs what someone changed.
 */
@ExtendWith(AzuriteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepCostTest {

    private final FleetPlan plan = FleetPlan.of("swp", new FleetPlan.Mix(40, 40, 40), 1);
    private ScaledOutRun run;
    private EmulatorAdminApi emulator;
    private FleetSeeder seeder;

    @BeforeAll
    void verifiedFleet(Azurite azurite, @TempDir Path dir) {
        run = ScaledOutRun.start(dir, 1, azurite.connectionString(), Azurite.uniqueTablePrefix(),
                Azurite.uniqueQueueName(), List.of("--time-scale", "10"),
                List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        emulator = run.emulator().admin();
        seeder = new FleetSeeder(emulator, 6);
        seeder.build(plan);
        FleetDriver fleet = new FleetDriver(run, plan, seeder.subscriptionId());
        fleet.declareAll();
        fleet.awaitVerified(null, Duration.ofMinutes(4));
    }

    @AfterAll
    void stop() {
        if (run != null) {
            run.close();
        }
    }

    private AzureRequests sweep() {
        long mark = AzureRequests.mark(emulator);
        run.host(0).post("admin/functions/HealthSweep", null, Duration.ofMinutes(5)).expect(202);
        return AzureRequests.since(emulator, mark);
    }

    @Test
    @Order(1)
    void aSweepOfVerifiedBindingsCostsAtMostOneArmReadPerTwentyBindingsAndWritesNothing() {
        AzureRequests swept = sweep();

        assertThat((double) swept.armReads() / plan.bindings().size()).isLessThanOrEqualTo(0.05);
        assertThat(swept.armWrites()).isZero();
    }

    @Test
    @Order(2)
    void aSweepRepairsAResourceSomeoneChanged() {
        String changed = plan.ofKind(TargetKind.DISK_ENCRYPTION_SET).get(0).target();
        // only the sweep is to notice: the write's ResourceWriteSuccess event would queue the binding first
        emulator.call("DELETE", "eventgrid/subscriptions/" + LocalEnvironment.WRITES_SUBSCRIPTION, null);
        new OutsideChanges(seeder).turnOnAutoRotation(changed);

        AzureRequests swept = sweep();

        JsonNode des = resource(changed);
        assertThat(des.path("properties").path("rotationToLatestKeyVersionEnabled").asBoolean()).isFalse();
        assertThat(swept.armWritesTaken()).isEqualTo(1);
    }

    private JsonNode resource(String name) {
        for (JsonNode doc : emulator.call("GET", "state", null).path("resources")) {
            if (doc.path("name").asText().equals(name)
                    && doc.path("type").asText().equalsIgnoreCase("Microsoft.Compute/diskEncryptionSets")) {
                return doc;
            }
        }
        throw new AssertionError("no disk encryption set " + name + " in " + LocalEnvironment.RESOURCE_GROUP);
    }
}
