package com.cmkorchestrator.adapters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads shared by the passes of one process for a short while (docs/concurrency.md section 5). Passes that ask at the
 * same moment wait for one read rather than each making their own; what was read serves until it is
 * {@code timeToLive} old or forgotten. Only found values are kept: "not there" is always asked again, so that
 * something created elsewhere is seen at once.
 */
final class RecentReads<K, V> {

    private record Entry<V>(V value, Instant answeredAt, Instant until) {
    }

    private final Duration timeToLive;
    private final Clock clock;
    private final ConcurrentMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<K, Object> reading = new ConcurrentHashMap<>();

    RecentReads(Duration timeToLive, Clock clock) {
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    /** What was read of {@code key} lately; empty when nothing was (nothing is read). */
    Optional<V> peek(K key) {
        Entry<V> entry = entries.get(key);
        return entry != null && clock.instant().isBefore(entry.until()) ? Optional.of(entry.value()) : Optional.empty();
    }

    /** What was read of {@code key} lately, or {@code read}'s answer now. */
    Optional<V> get(K key, Supplier<Optional<V>> read) {
        Optional<V> recent = peek(key);
        if (recent.isPresent()) {
            return recent;
        }
        synchronized (reading.computeIfAbsent(key, k -> new Object())) {
            recent = peek(key);
            return recent.isPresent() ? recent : read(key, read);
        }
    }

    /**
     * An answer that came after this call began: another pass's, if one was reading meanwhile (passes asking
     * together share it), else {@code read}'s.
     */
    Optional<V> fresh(K key, Supplier<Optional<V>> read) {
        Instant asked = clock.instant();
        synchronized (reading.computeIfAbsent(key, k -> new Object())) {
            Entry<V> entry = entries.get(key);
            if (entry != null && !entry.answeredAt().isBefore(asked)) {
                return Optional.of(entry.value());
            }
            return read(key, read);
        }
    }

    void forget(K key) {
        entries.remove(key);
    }

    void forgetIf(Predicate<K> which) {
        entries.keySet().removeIf(which);
    }

    private Optional<V> read(K key, Supplier<Optional<V>> read) {
        Optional<V> value = read.get();
        Instant answered = clock.instant();
        if (value.isPresent()) {
            entries.put(key, new Entry<>(value.get(), answered, answered.plus(timeToLive)));
        } else {
            entries.remove(key);
        }
        return value;
    }
}
