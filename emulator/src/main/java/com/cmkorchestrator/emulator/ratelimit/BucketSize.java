package com.cmkorchestrator.emulator.ratelimit;

/**
 * A token bucket's size: it holds up to {@code capacity} tokens and gains {@code refillPerSecond}
 * per (emulated) second. Written {@code <capacity>/<refill per second>}, e.g. {@code 200/10}.
 */
public record BucketSize(int capacity, double refillPerSecond) {

    public BucketSize {
        if (capacity < 1 || !(refillPerSecond > 0) || Double.isInfinite(refillPerSecond)) {
            throw new IllegalArgumentException("a bucket needs a capacity of at least 1 and a positive refill, got "
                    + capacity + "/" + refillPerSecond);
        }
    }

    /** @param text {@code <capacity>/<refill per second>}, e.g. {@code 250/25} */
    public static BucketSize parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("/");
        try {
            if (parts.length == 2) {
                return new BucketSize(Integer.parseInt(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("expected <capacity>/<refill per second> such as 200/10, got '" + text + "'");
    }

    /** The same bucket {@code factor} times larger, refilling {@code factor} times faster. */
    public BucketSize times(int factor) {
        return new BucketSize(capacity * factor, refillPerSecond * factor);
    }

    TokenBucket newBucket(java.time.Instant start) {
        return new TokenBucket(capacity, refillPerSecond, start);
    }

    @Override
    public String toString() {
        return capacity + "/" + (refillPerSecond == Math.rint(refillPerSecond) ? Long.toString((long) refillPerSecond)
                : Double.toString(refillPerSecond));
    }
}
