package com.cmkorchestrator.emulator.faults;

import java.util.Random;

/**
 * The emulator's only source of randomness for faults, seeded from {@link FaultSettings#seed()}
 * and re-seeded whenever the settings change, so that a run with the same requests sees the same
 * failures, duplicates and latencies.
 */
public final class Chance {
    private Random random;

    public Chance(long seed) {
        this.random = new Random(seed);
    }

    public synchronized void reseed(long seed) {
        random = new Random(seed);
    }

    /** True with probability {@code share} (0 never draws, so a zero rate leaves the sequence alone). */
    public synchronized boolean draw(double share) {
        return share > 0 && random.nextDouble() < share;
    }

    public synchronized boolean coin() {
        return random.nextBoolean();
    }
}
