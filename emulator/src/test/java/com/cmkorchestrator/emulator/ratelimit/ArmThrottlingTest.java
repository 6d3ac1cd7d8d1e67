package com.cmkorchestrator.emulator.ratelimit;

import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARM's buckets: per subscription and principal, and global per subscription across principals,
 * each reported on every answer of its operation class. Emulated time all but stands still in these
 * tests, so no bucket refills behind their backs; the counts are exact.
 */
class ArmThrottlingTest {
    private static final String GROUPS = "/subscriptions/" + EmulatorOptions.DEFAULT_SUBSCRIPTION + "/resourcegroups";
    private static final String VERSION = "?api-version=2025-04-01";
    private static final String WESTUS = "{\"location\":\"westus\"}";

    /** Frozen time and the given limits, throttling on. */
    static UnaryOperator<EmulatorOptions> frozenWith(UnaryOperator<ArmRateLimits> limits) {
        return options -> options.withTimeScale(0.0001).withRateLimits(limits.apply(ArmRateLimits.azure()));
    }

    /** Writes 5 per principal (refill 1/s), the global bucket twice that. */
    private static final UnaryOperator<EmulatorOptions> SMALL =
            frozenWith(limits -> limits.withWrites(new BucketSize(5, 1)).withGlobalFactor(2));

    @Test
    void everyAnswerCarriesWhatIsLeftOfItsClassForThePrincipalAndTheSubscription() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(frozenWith(UnaryOperator.identity()))) {
            RawHttp.Answer read = fixture.raw.send("GET", GROUPS + VERSION, null, Principals.DEPLOYER);
            RawHttp.Answer write = fixture.raw.send("PUT", GROUPS + "/counted" + VERSION, WESTUS, Principals.DEPLOYER);
            RawHttp.Answer delete = fixture.raw.send("DELETE", GROUPS + "/counted" + VERSION, null, Principals.DEPLOYER);

            assertThat(read.header("x-ms-ratelimit-remaining-subscription-reads")).isEqualTo("249");
            assertThat(read.header("x-ms-ratelimit-remaining-subscription-global-reads")).isEqualTo("3749");
            assertThat(read.header("x-ms-ratelimit-remaining-subscription-writes")).isNull();
            assertThat(write.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("199");
            assertThat(write.header("x-ms-ratelimit-remaining-subscription-global-writes")).isEqualTo("2999");
            assertThat(delete.header("x-ms-ratelimit-remaining-subscription-deletes")).isEqualTo("199");
            assertThat(delete.header("x-ms-ratelimit-remaining-subscription-global-deletes")).isEqualTo("2999");
        }
    }

    @Test
    void theGlobalBucketCountsTheWritesOfEveryPrincipal() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(frozenWith(UnaryOperator.identity()))) {
            for (int i = 0; i < 5; i++) {
                fixture.raw.send("PUT", GROUPS + "/first-" + i + VERSION, WESTUS, Principals.DEPLOYER);
            }

            RawHttp.Answer other = fixture.raw.send("PUT", GROUPS + "/second" + VERSION, WESTUS, Principals.fresh());

            assertThat(other.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("199");
            assertThat(other.header("x-ms-ratelimit-remaining-subscription-global-writes")).isEqualTo("2994");
        }
    }

    @Test
    void aPrincipalWithTokensLeftIsThrottledOnceTheGlobalBucketIsEmpty() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(SMALL)) {
            writes(fixture, Principals.fresh(), "a", 5);
            writes(fixture, Principals.fresh(), "b", 5);

            RawHttp.Answer third = fixture.raw.send("PUT", GROUPS + "/c-0" + VERSION, WESTUS, Principals.fresh());

            assertThat(third.status()).isEqualTo(429);
            assertThat(third.errorCode()).isEqualTo("SubscriptionRequestsThrottled");
            assertThat(third.json().path("error").path("message").asText()).contains("global bucket");
            assertThat(third.header("Retry-After")).matches("[1-9][0-9]*");
            assertThat(third.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("5");
            assertThat(third.header("x-ms-ratelimit-remaining-subscription-global-writes")).isEqualTo("0");
        }
    }

    @Test
    void aPrincipalIsThrottledOnceItsOwnBucketIsEmptyWhileOthersGoOn() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(SMALL)) {
            String busy = Principals.fresh();
            writes(fixture, busy, "busy", 5);

            RawHttp.Answer sixth = fixture.raw.send("PUT", GROUPS + "/busy-5" + VERSION, WESTUS, busy);
            RawHttp.Answer other = fixture.raw.send("PUT", GROUPS + "/other" + VERSION, WESTUS, Principals.fresh());

            assertThat(sixth.status()).isEqualTo(429);
            assertThat(sixth.json().path("error").path("message").asText()).contains("principal bucket");
            assertThat(sixth.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("0");
            assertThat(sixth.header("x-ms-ratelimit-remaining-subscription-global-writes")).isEqualTo("5");
            assertThat(other.status()).isEqualTo(201);
        }
    }

    @Test
    void aThrottledRequestChangesNothingAndRetryAfterIsLongEnough() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(SMALL)) {
            writes(fixture, Principals.DEPLOYER, "burst", 5);

            RawHttp.Answer refused = fixture.raw.send("PUT", GROUPS + "/refused" + VERSION, WESTUS, Principals.DEPLOYER);

            assertThat(refused.status()).isEqualTo(429);
            assertThat(fixture.emulator.armDocuments()).noneMatch(doc -> doc.path("name").asText().equals("refused"));
            fixture.emulator.clock().advance(Duration.ofSeconds(Long.parseLong(refused.header("Retry-After"))));
            assertThat(fixture.raw.send("PUT", GROUPS + "/refused" + VERSION, WESTUS, Principals.DEPLOYER).status()).isEqualTo(201);
        }
    }

    @Test
    void readsHaveTheirOwnBuckets() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(SMALL)) {
            writes(fixture, Principals.DEPLOYER, "w", 5);

            RawHttp.Answer read = fixture.raw.send("GET", GROUPS + VERSION, null, Principals.DEPLOYER);

            assertThat(read.status()).isEqualTo(200);
            assertThat(read.header("x-ms-ratelimit-remaining-subscription-reads")).isEqualTo("249");
        }
    }

    @Test
    void withThrottlingOffNothingIsRefused() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(o -> SMALL.apply(o).withFaults(o.faults().withThrottling(false)))) {
            for (int i = 0; i < 20; i++) {
                assertThat(fixture.raw.send("PUT", GROUPS + "/free-" + i + VERSION, WESTUS, Principals.DEPLOYER).status())
                        .isEqualTo(201);
            }
        }
    }

    @Test
    void theLimitsInForceAreShownByTheAdminApi() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(SMALL)) {
            RawHttp.Answer limits = fixture.raw.admin("GET", "/limits", null);

            assertThat(limits.json().path("rateLimits").path("writes").path("capacity").asInt()).isEqualTo(5);
            assertThat(limits.json().path("rateLimits").path("globalFactor").asInt()).isEqualTo(2);
            assertThat(limits.json().path("listPageSize").asInt()).isEqualTo(EmulatorOptions.DEFAULT_LIST_PAGE_SIZE);
        }
    }

    private static void writes(EmulatorFixture fixture, String principal, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(fixture.raw.send("PUT", GROUPS + "/" + prefix + "-" + i + VERSION, WESTUS, principal).status())
                    .isEqualTo(201);
        }
    }
}
