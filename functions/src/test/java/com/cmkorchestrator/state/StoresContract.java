package com.cmkorchestrator.state;

import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;
import java.util.function.Function;

/** Base of the store contracts: each test gets fresh, empty stores on a clock it moves by hand. */
public abstract class StoresContract {

    /** Milliseconds included, to show they survive a round trip through a table. */
    protected static final Instant START = Instant.parse("2025-03-01T10:00:00.123Z");

    protected final MutableClock clock = new MutableClock(START);
    private final Function<MutableClock, StateStores> freshStores;
    protected StateStores stores;

    /** @param freshStores new, empty stores on the given clock */
    protected StoresContract(Function<MutableClock, StateStores> freshStores) {
        this.freshStores = freshStores;
    }

    @BeforeEach
    void createStores() {
        stores = freshStores.apply(clock);
    }
}
