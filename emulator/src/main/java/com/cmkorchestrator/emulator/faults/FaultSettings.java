package com.cmkorchestrator.emulator.faults;

import java.time.Duration;

/**
 * What goes wrong on purpose. Changeable while the emulator runs (admin API, {@code Emulator.faults()}).
 *
 * @param throttling          ARM token buckets with Azure's published sizes (see {@link ArmThrottle})
 * @param serverErrorRate     share of ARM requests answered 500 or 503 (0..1), drawn from a {@code Random(seed)}
 * @param seed                seed of every random choice, so a failing test replays exactly
 * @param latency             real time added before each ARM answer
 * @param eventDuplicationRate share of Event Grid deliveries sent twice (0..1)
 * @param eventReordering     deliver the events that are due together newest first
 */
public record FaultSettings(boolean throttling, double serverErrorRate, long seed, Duration latency,
                            double eventDuplicationRate, boolean eventReordering) {

    public FaultSettings {
        requireShare(serverErrorRate, "serverErrorRate");
        requireShare(eventDuplicationRate, "eventDuplicationRate");
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, got " + latency);
        }
    }

    private static void requireShare(double value, String name) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }

    /** Azure's throttling on, nothing else. */
    public static FaultSettings defaults() {
        return new FaultSettings(true, 0.0, 42L, Duration.ZERO, 0.0, false);
    }

    public FaultSettings withThrottling(boolean on) {
        return new FaultSettings(on, serverErrorRate, seed, latency, eventDuplicationRate, eventReordering);
    }

    public FaultSettings withServerErrorRate(double rate) {
        return new FaultSettings(throttling, rate, seed, latency, eventDuplicationRate, eventReordering);
    }

    public FaultSettings withSeed(long newSeed) {
        return new FaultSettings(throttling, serverErrorRate, newSeed, latency, eventDuplicationRate, eventReordering);
    }

    public FaultSettings withLatency(Duration added) {
        return new FaultSettings(throttling, serverErrorRate, seed, added, eventDuplicationRate, eventReordering);
    }

    public FaultSettings withEventDuplicationRate(double rate) {
        return new FaultSettings(throttling, serverErrorRate, seed, latency, rate, eventReordering);
    }

    public FaultSettings withEventReordering(boolean on) {
        return new FaultSettings(throttling, serverErrorRate, seed, latency, eventDuplicationRate, on);
    }
}
