package com.cmkorchestrator.tests.scale;

import com.cmkorchestrator.devhost.EmulatorAdminApi;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the emulator's request log says the app did, between two marks: the figures a multi-host test asserts and
 * a benchmark prints are counted here, from Azure's side, never from the app's own records.
 */
public final class AzureRequests {

    private static final Set<String> WRITES = Set.of("PUT", "PATCH", "POST", "DELETE");
    private static final Pattern KEY_CREATE = Pattern.compile("^/keys/[^/]+/create$");
    private static final Pattern SEGMENT_WITH_DIGIT = Pattern.compile("/[^/]*[0-9][^/]*");
    private static final Pattern ROLE_ASSIGNMENT = Pattern.compile("/providers/Microsoft\\.Authorization/roleAssignments/[^/]+$");

    /** One answered request. {@code surface} is {@code arm}, {@code admin} or an HSM's name. */
    public record Request(long sequence, Instant at, String surface, String method, String path, String caller,
                          int status) {
        boolean isWrite() {
            return WRITES.contains(method);
        }

        boolean succeeded() {
            return status >= 200 && status < 300;
        }

        boolean byTheApp() {
            return LocalEnvironment.APP_PRINCIPAL.equalsIgnoreCase(caller);
        }
    }

    private final List<Request> requests;

    private AzureRequests(List<Request> requests) {
        this.requests = List.copyOf(requests);
    }

    /** The log's last sequence number now: take it before what is to be counted. */
    public static long mark(EmulatorAdminApi emulator) {
        return emulator.call("GET", "requests/mark", null).path("mark").asLong();
    }

    /** Every request after {@code mark}. */
    public static AzureRequests since(EmulatorAdminApi emulator, long mark) {
        List<Request> requests = new ArrayList<>();
        for (JsonNode entry : emulator.call("GET", "requests?since=" + mark, null).path("value")) {
            requests.add(new Request(entry.path("sequence").asLong(), Instant.parse(entry.path("at").asText()),
                    entry.path("surface").asText(),
                    entry.path("method").asText(), entry.path("path").asText(), entry.path("callerOid").asText(null),
                    entry.path("status").asInt()));
        }
        return new AzureRequests(requests);
    }

    /** Only the requests up to and including {@code sequence}. */
    public AzureRequests until(long sequence) {
        return new AzureRequests(requests.stream().filter(request -> request.sequence() <= sequence).toList());
    }

    private long count(Predicate<Request> filter) {
        return requests.stream().filter(filter).count();
    }

    /** ARM reads (GETs, long-running operation polls included) the app sent. */
    public long armReads() {
        return count(request -> request.byTheApp() && request.surface().equals("arm") && !request.isWrite());
    }

    /** ARM writes (PUT, PATCH, POST, DELETE) the app sent, answered or refused. */
    public long armWrites() {
        return count(request -> request.byTheApp() && request.surface().equals("arm") && request.isWrite());
    }

    /** ARM writes the app sent that ARM took (not refused, not throttled). */
    public long armWritesTaken() {
        return count(request -> request.byTheApp() && request.surface().equals("arm") && request.isWrite()
                && request.succeeded());
    }

    /** Requests to the Managed HSM data planes the app sent. */
    public long hsmRequests() {
        return count(request -> request.byTheApp() && !request.surface().equals("arm")
                && !request.surface().equals("admin") && !request.surface().equals("eventgrid"));
    }

    /** Writes that {@code caller} sent to ARM paths ending in {@code pathEnd} (any case), answered or not. */
    public long armWrites(String caller, String pathEnd) {
        String end = pathEnd.toLowerCase(Locale.ROOT);
        return count(request -> caller.equalsIgnoreCase(request.caller()) && request.surface().equals("arm")
                && request.isWrite() && request.path().toLowerCase(Locale.ROOT).endsWith(end));
    }

    /** When the app's last ARM write whose path contains one of {@code pathParts} (any, when none) was answered. */
    public Optional<Instant> lastArmWriteAt(String... pathParts) {
        return requests.stream().filter(request -> request.byTheApp() && request.surface().equals("arm")
                        && request.isWrite() && request.succeeded() && (pathParts.length == 0
                        || Arrays.stream(pathParts).anyMatch(part -> request.path().contains(part))))
                .map(Request::at).max(Instant::compareTo);
    }

    /** The app's ARM writes taken, by {@code window} after {@code start}: how evenly the budget was used. */
    public List<Long> armWritesTakenPer(Instant start, Duration window) {
        List<Long> counts = new ArrayList<>();
        requests.stream().filter(request -> request.byTheApp() && request.surface().equals("arm") && request.isWrite()
                && request.succeeded()).forEach(request -> {
                    int slot = (int) Math.max(0, Duration.between(start, request.at()).toMillis() / window.toMillis());
                    while (counts.size() <= slot) {
                        counts.add(0L);
                    }
                    counts.set(slot, counts.get(slot) + 1);
                });
        return counts;
    }

    /** 429 answers, to anyone. */
    public long throttled() {
        return count(request -> request.status() == 429);
    }

    /** Keys the app created, by HSM and key: {@code POST /keys/<name>/create} answered with success. */
    public Map<String, Long> keyCreations() {
        return grouped(request -> request.method().equals("POST") && KEY_CREATE.matcher(request.path()).matches());
    }

    /** Role assignments the app created, by HSM, scope and name: a PUT answered with success. */
    public Map<String, Long> roleAssignmentCreations() {
        return grouped(request -> request.method().equals("PUT") && ROLE_ASSIGNMENT.matcher(request.path()).find());
    }

    /** Security-domain downloads the app began, by HSM: {@code POST /securitydomain/download} answered with success. */
    public Map<String, Long> securityDomainDownloads() {
        return grouped(request -> request.method().equals("POST") && request.path().equals("/securitydomain/download"));
    }

    /**
     * The app's requests by surface, method and path shape (a segment holding a digit, a name the fleet numbered,
     * shown as {@code {}}), most first: where a figure's requests went.
     */
    public Map<String, Long> byShape() {
        Map<String, Long> counts = requests.stream().filter(Request::byTheApp)
                .collect(Collectors.groupingBy(request -> (Set.of("arm", "admin", "eventgrid")
                        .contains(request.surface()) ? request.surface() : "hsm") + " " + request.method() + " "
                        + SEGMENT_WITH_DIGIT.matcher(request.path()).replaceAll("/{}"), Collectors.counting()));
        Map<String, Long> ordered = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
        return ordered;
    }

    /** Which of {@code counts} happened more than once. */
    public static Map<String, Long> repeated(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(entry -> entry.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private Map<String, Long> grouped(Predicate<Request> what) {
        return requests.stream().filter(Request::byTheApp).filter(Request::succeeded).filter(what)
                .collect(Collectors.groupingBy(request -> request.surface() + request.path(), TreeMap::new,
                        Collectors.counting()));
    }
}
