package com.cmkorchestrator.emulator.faults;

import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Injected 500/503 answers and latency, repeatable from a seed. */
class ServerFaultsTest {

    @Test
    void theSameSeedFailsTheSameRequests() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms()) {
            List<Integer> first = statuses(fixture, 0.5, 7);
            List<Integer> second = statuses(fixture, 0.5, 7);

            assertThat(first).isEqualTo(second);
            assertThat(first).contains(200).containsAnyOf(500, 503);
        }
    }

    @Test
    void anInjectedServerErrorChangesNothing() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms()) {
            fixture.emulator.setFaults(fixture.emulator.faults().withServerErrorRate(1.0));

            int status = fixture.raw.send("PUT", "/subscriptions/" + fixture.emulator.options().subscriptionId()
                    + "/resourcegroups/rg-failed?api-version=2025-04-01", "{\"location\":\"westus\"}", Principals.DEPLOYER).status();

            assertThat(status).isIn(500, 503);
            assertThat(fixture.emulator.armDocuments()).isEmpty();
        }
    }

    @Test
    void addedLatencyDelaysEveryArmAnswer() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms()) {
            fixture.emulator.setFaults(fixture.emulator.faults().withLatency(Duration.ofMillis(300)));

            long start = System.nanoTime();
            fixture.raw.send("GET", "/subscriptions/" + fixture.emulator.options().subscriptionId()
                    + "/resourcegroups?api-version=2025-04-01", null, Principals.DEPLOYER);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    private static List<Integer> statuses(EmulatorFixture fixture, double rate, long seed) {
        fixture.emulator.setFaults(fixture.emulator.faults().withServerErrorRate(rate).withSeed(seed));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(fixture.raw.send("GET", "/subscriptions/" + fixture.emulator.options().subscriptionId()
                    + "/resourcegroups?api-version=2025-04-01", null, Principals.DEPLOYER).status());
        }
        return statuses;
    }
}
