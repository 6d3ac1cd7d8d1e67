package com.cmkorchestrator.tests.scale;

import com.cmkorchestrator.devhost.LocalEnvironment;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Drives a {@link FleetPlan} through the app's HTTP API, spreading the requests over every host as a load balancer
 * would: declares the bindings, rotates the keys, and waits until the app reports every binding verified.
 */
public final class FleetDriver {

    /** Between two looks at every binding: longer for large fleets, whose every look is a large answer. */
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int BINDINGS_PER_POLL_SECOND = 1000;

    private final ScaledOutRun run;
    private final FleetPlan plan;
    private final String subscriptionId;

    public FleetDriver(ScaledOutRun run, FleetPlan plan, String subscriptionId) {
        this.run = run;
        this.plan = plan;
        this.subscriptionId = subscriptionId;
    }

    /** Declares every binding of the plan, a few at a time, each to the next host. */
    public void declareAll() {
        List<Integer> indexes = IntStream.range(0, plan.bindings().size()).boxed().toList();
        Parallel.each(indexes, 8, "declaring the fleet", i -> run.host(i).post("api/bindings",
                plan.bindingJson(plan.bindings().get(i), subscriptionId, LocalEnvironment.RESOURCE_GROUP)).expect(202));
    }

    /**
     * Rotates every key of the plan once, a few at a time as independent rotations arrive, through the hosts in turn;
     * the new version of each key, by key index.
     */
    public Map<Integer, String> rotateAll() {
        Map<Integer, String> versions = new ConcurrentHashMap<>();
        Parallel.each(IntStream.range(0, plan.keys()).boxed().toList(), 8, "rotating the keys", key ->
                versions.put(key, run.host(key).post("api/keys/" + LocalEnvironment.HSM_NAME + "/"
                        + plan.keyName(key) + "/rotate", null).expect(202).path("version").asText()));
        return Map.copyOf(versions);
    }

    /**
     * What the app reported once every binding was verified.
     *
     * @param lastVerifiedAt the latest {@code observedAt} (emulated) of the verifying passes
     * @param seenAtNanos    {@link System#nanoTime()} when the app was seen reporting it (late by a poll at most)
     */
    public record AllVerified(Instant lastVerifiedAt, long seenAtNanos) {

        /** Real time from {@code startedNanos} ({@link System#nanoTime()}) until it was seen. */
        public Duration since(long startedNanos) {
            return Duration.ofNanos(seenAtNanos - startedNanos);
        }
    }

    /**
     * Waits until every binding is {@code Verified}, each slot on its key's version in {@code versions} when given.
     *
     * @throws IllegalStateException at the deadline, naming the bindings still not there
     */
    public AllVerified awaitVerified(Map<Integer, String> versions, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<String> behind = List.of();
        for (int round = 0; Instant.now().isBefore(deadline); round++) {
            Map<String, JsonNode> views = views(run.host(round));
            behind = plan.bindings().stream().filter(planned -> !verified(views.get(planned.name()),
                    versions == null ? null : versions.get(planned.key()))).map(FleetPlan.Planned::name).toList();
            if (behind.isEmpty()) {
                Instant last = views.values().stream().map(view -> Instant.parse(view.path("status")
                        .path("observedAt").asText())).max(Instant::compareTo).orElseThrow();
                return new AllVerified(last, System.nanoTime());
            }
            ChildProcess.sleep(POLL.plusMillis(1000L * plan.bindings().size() / BINDINGS_PER_POLL_SECOND));
        }
        throw new IllegalStateException(behind.size() + " binding(s) not verified within " + timeout + ": "
                + behind.subList(0, Math.min(10, behind.size())) + (behind.size() > 10 ? " ..." : ""));
    }

    /** Every binding the app stores, by name, as {@code GET /api/bindings} shows it. */
    public static Map<String, JsonNode> views(HostApi host) {
        Map<String, JsonNode> views = new HashMap<>();
        host.get("api/bindings").expect(200).path("value").forEach(view -> views.put(view.path("name").asText(), view));
        return views;
    }

    /** Verified, and when {@code version} is given, every slot in use on it. */
    static boolean verified(JsonNode view, String version) {
        if (view == null || !"Verified".equals(view.path("phase").asText())) {
            return false;
        }
        if (version == null) {
            return true;
        }
        List<String> inUse = new ArrayList<>();
        view.path("status").path("versions").forEach(use -> {
            if (use.path("leftUseAt").isMissingNode() || use.path("leftUseAt").isNull()) {
                inUse.add(use.path("version").asText());
            }
        });
        return !inUse.isEmpty() && inUse.stream().allMatch(version::equalsIgnoreCase);
    }

    /** The host's count of work items it processed ({@code GET /admin/host}). */
    public static long workItemsHandled(HostApi host) {
        return Optional.of(host.get("admin/host").expect(200)).map(info -> info.path("workItemsHandled").asLong())
                .orElseThrow();
    }
}
