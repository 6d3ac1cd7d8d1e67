package com.cmkorchestrator.emulator.faults;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.management.Region;
import com.azure.resourcemanager.resources.ResourceManager;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** ARM's token buckets with Azure's published sizes, on an emulated clock running 4x faster than real time (fast enough for a short test, slow enough that the SDK outruns the refill). */
class ArmThrottlingTest {

    /** Records every attempt's answer, retries included. */
    private static final class Answers implements HttpPipelinePolicy {
        final List<HttpResponse> responses = new CopyOnWriteArrayList<>();

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            return next.process().doOnNext(responses::add);
        }

        @Override
        public HttpPipelinePosition getPipelinePosition() { return HttpPipelinePosition.PER_RETRY; }
    }

    @Test
    void fourHundredWritesByOnePrincipalTakeAtLeastTwentyEmulatedSeconds() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(o -> o.withTimeScale(4))) {
            Answers answers = new Answers();
            ResourceManager resources = ResourceManager.configure().withHttpClient(fixture.azure.httpClient())
                    .withPolicy(answers).authenticate(fixture.azure.as(Principals.DEPLOYER), fixture.azure.profile())
                    .withSubscription(fixture.emulator.options().subscriptionId());
            resources.resourceGroups().define("throttled").withRegion(Region.US_WEST).create();
            Instant start = fixture.emulator.clock().instant();
            long realStart = System.nanoTime();

            for (int i = 0; i < 400; i++) {
                resources.resourceGroups().getByName("throttled").update().withTag("n", Integer.toString(i)).apply();
            }

            Duration emulated = Duration.between(start, fixture.emulator.clock().instant());
            List<HttpResponse> throttled = answers.responses.stream().filter(r -> r.getStatusCode() == 429).toList();
            System.out.printf("throttling: 400 writes took %.1f emulated s (%d ms real at time scale 4); %d answers were 429%n",
                    emulated.toMillis() / 1000.0, (System.nanoTime() - realStart) / 1_000_000, throttled.size());
            assertThat(emulated).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
            assertThat(throttled).isNotEmpty().allSatisfy(r -> {
                assertThat(r.getHeaderValue("Retry-After")).matches("[1-9][0-9]*");
                assertThat(r.getHeaderValue("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("0");
            });
            assertThat(answers.responses).allSatisfy(r -> assertThat(r.getHeaderValue("x-ms-ratelimit-remaining-subscription-"
                    + (r.getRequest().getHttpMethod().name().equals("GET") ? "reads" : "writes"))).isNotNull());
        }
    }

    @Test
    void aThrottledRequestChangesNothing() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms()) {
            String path = "/subscriptions/" + fixture.emulator.options().subscriptionId() + "/resourcegroups/";
            RawHttp.Answer refused = null;
            String refusedName = null;
            for (int i = 0; i < 400 && refused == null; i++) {
                RawHttp.Answer answer = fixture.raw.send("PUT", path + "burst-" + i + "?api-version=2025-04-01",
                        "{\"location\":\"westus\"}", Principals.DEPLOYER);
                if (answer.status() == 429) {
                    refused = answer;
                    refusedName = "burst-" + i;
                }
            }

            assertThat(refused).isNotNull();
            assertThat(refused.errorCode()).isEqualTo("SubscriptionRequestsThrottled");
            String name = refusedName;
            assertThat(fixture.emulator.armDocuments()).noneMatch(doc -> doc.path("name").asText().equals(name));
            fixture.emulator.clock().advance(Duration.ofSeconds(Long.parseLong(refused.header("Retry-After"))));
            assertThat(fixture.raw.send("PUT", path + name + "?api-version=2025-04-01", "{\"location\":\"westus\"}",
                    Principals.DEPLOYER).status()).isEqualTo(201);
        }
    }

    @Test
    void readsHaveTheirOwnBucket() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms()) {
            String path = "/subscriptions/" + fixture.emulator.options().subscriptionId() + "/resourcegroups";
            for (int i = 0; i < 200; i++) {
                fixture.raw.send("PUT", path + "/w-" + i + "?api-version=2025-04-01", "{\"location\":\"westus\"}", Principals.DEPLOYER);
            }

            RawHttp.Answer read = fixture.raw.send("GET", path + "?api-version=2025-04-01", null, Principals.DEPLOYER);

            assertThat(read.status()).isEqualTo(200);
            assertThat(Long.parseLong(read.header("x-ms-ratelimit-remaining-subscription-reads"))).isEqualTo(249);
        }
    }

    @Test
    void withThrottlingOffNothingIsRefused() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(o -> o.withFaults(o.faults().withThrottling(false)))) {
            String path = "/subscriptions/" + fixture.emulator.options().subscriptionId() + "/resourcegroups/";
            for (int i = 0; i < 220; i++) {
                assertThat(fixture.raw.send("PUT", path + "free-" + i + "?api-version=2025-04-01", "{\"location\":\"westus\"}",
                        Principals.DEPLOYER).status()).isEqualTo(201);
            }
        }
    }
}
