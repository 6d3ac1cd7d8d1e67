package com.cmkorchestrator.core.fakes;

import com.cmkorchestrator.core.errors.AzureCallException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every call the fake Azure received, which of them wrote, and failures queued to happen on the next calls of an
 * operation (fault injection).
 */
public final class CallLog {

    private static final Set<String> WRITES = Set.of("hsm.create", "sd.download", "key.recover", "key.create",
            "key.setPolicy", "key.rotate", "key.disable", "access.create", "access.defineRole", "identity.create", "target.attachIdentity",
            "target.bind");

    private final List<String> calls = new ArrayList<>();
    private final Map<String, Deque<AzureCallException>> failures = new HashMap<>();

    /** Records a call and throws the failure queued for it, if any. */
    synchronized void call(String operation) {
        calls.add(operation);
        Deque<AzureCallException> queued = failures.get(operation);
        if (queued != null && !queued.isEmpty()) {
            throw queued.poll();
        }
    }

    /** The next call of {@code operation} fails with {@code error}. */
    public synchronized void failNext(String operation, AzureCallException error) {
        failures.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(error);
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<String> writes() {
        return calls.stream().filter(WRITES::contains).toList();
    }

    public synchronized long count(String operation) {
        return calls.stream().filter(operation::equals).count();
    }

    public synchronized void clear() {
        calls.clear();
    }
}
