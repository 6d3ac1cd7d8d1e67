package com.cmkorchestrator.emulator.inspect;

import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.RequestRecorder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every request the emulator answered, in order, so that tests can assert the exact Azure-side
 * effect of the app (for example "no write the second time").
 */
public final class RequestLog implements RequestRecorder {
    private static final Set<String> WRITE_METHODS = Set.of("PUT", "PATCH", "POST", "DELETE");

    /** One answered request. {@code surface} is {@code arm}, {@code admin} or an HSM name. */
    public record Entry(long sequence, Instant at, String surface, String method, String path, String query,
                        String callerOid, int status) {
        public boolean isWrite() { return WRITE_METHODS.contains(method); }
    }

    private final EmulatorClock clock;
    private final List<Entry> entries = new ArrayList<>();

    public RequestLog(EmulatorClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void record(String surface, EmuRequest request, int status) {
        // the endpoint logs the request as it arrived; the caller is whoever its token names
        String caller = request.callerOid() != null ? request.callerOid()
                : com.cmkorchestrator.emulator.auth.BearerToken.callerOid(request).orElse(null);
        entries.add(new Entry(entries.size() + 1L, clock.instant(), surface, request.method(), request.path(),
                request.uri().getRawQuery(), caller, status));
    }

    public synchronized List<Entry> entries() { return List.copyOf(entries); }

    public synchronized List<Entry> entries(Predicate<Entry> filter) {
        return entries.stream().filter(filter).toList();
    }

    /** Sequence number of the last entry: take it before an action, then look at what came after. */
    public synchronized long mark() { return entries.size(); }

    public synchronized List<Entry> since(long mark) {
        return new ArrayList<>(entries.subList((int) Math.min(mark, entries.size()), entries.size()));
    }
}
