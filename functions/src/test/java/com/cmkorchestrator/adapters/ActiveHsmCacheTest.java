package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ActiveHsmCache} over the real adapter: ARM reads counted in the emulator's request log. */
class ActiveHsmCacheTest {
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("cache-rg");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T00:00:00Z"));
    private final ActiveHsmCache hsms = new ActiveHsmCache(new ManagedHsmResources(azure.connection()), clock);

    @Test
    void anActiveHsmIsReadFromArmOncePerTimeToLive() {
        azure.activeHsm("cache-rg", "hsm-cached");
        ArmId id = azure.id("cache-rg", "Microsoft.KeyVault/managedHSMs", "hsm-cached");
        long mark = azure.emulator().requestLog().mark();

        for (int pass = 0; pass < 50; pass++) {
            assertThat(hsms.get(id)).get().matches(HsmState::isActive);
        }
        assertThat(armReadsOf(mark, "hsm-cached")).isEqualTo(1);

        clock.advance(ActiveHsmCache.TIME_TO_LIVE);
        assertThat(hsms.get(id)).get().matches(HsmState::isActive);
        assertThat(armReadsOf(mark, "hsm-cached")).isEqualTo(2);
    }

    @Test
    void anHsmAwaitingActivationIsReadEveryTimeAndItsActivationSeenAtOnce() {
        var uri = azure.provisionedHsm("cache-rg", "hsm-waiting");
        ArmId id = azure.id("cache-rg", "Microsoft.KeyVault/managedHSMs", "hsm-waiting");
        long mark = azure.emulator().requestLog().mark();

        assertThat(hsms.get(id)).get().matches(state -> !state.isActive());
        assertThat(hsms.get(id)).get().matches(state -> !state.isActive());
        azure.activate(uri);

        assertThat(hsms.get(id)).get().matches(HsmState::isActive);
        assertThat(armReadsOf(mark, "hsm-waiting")).isEqualTo(3);
    }

    @Test
    void casesOfTheSameArmIdShareOneEntry() {
        azure.activeHsm("cache-rg", "hsm-cased");
        ArmId lower = azure.id("cache-rg", "Microsoft.KeyVault/managedHSMs", "hsm-cased");
        ArmId upper = ArmId.parse(lower.toString().toUpperCase(Locale.ROOT));
        long mark = azure.emulator().requestLog().mark();

        hsms.get(lower);
        hsms.get(upper);

        assertThat(armReadsOf(mark, "hsm-cased")).isEqualTo(1);
    }

    private static long armReadsOf(long mark, String hsmName) {
        return azure.emulator().requestLog().since(mark).stream()
                .filter(entry -> entry.surface().equals("arm") && entry.method().equals("GET"))
                .filter(entry -> entry.path().toLowerCase(Locale.ROOT).endsWith("/managedhsms/" + hsmName))
                .count();
    }
}
