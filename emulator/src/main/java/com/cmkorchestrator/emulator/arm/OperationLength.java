package com.cmkorchestrator.emulator.arm;

import java.time.Duration;

/**
 * How long ARM's long-running operations other than the HSM create take, on the emulated clock: the emulator's
 * {@code --operation-duration}, changeable while it runs ({@code PUT /_emulator/timing}) so that a benchmark makes its
 * fleet quickly and then measures with operations as long as Azure's. A write takes the length in force when it is
 * sent; zero answers it synchronously.
 */
public final class OperationLength {

    private volatile Duration length;

    public OperationLength(Duration length) {
        set(length);
    }

    public Duration get() {
        return length;
    }

    /** @throws IllegalArgumentException when {@code length} is null or negative */
    public void set(Duration length) {
        if (length == null || length.isNegative()) {
            throw new IllegalArgumentException("operationDuration must be zero or positive, got " + length);
        }
        this.length = length;
    }
}
