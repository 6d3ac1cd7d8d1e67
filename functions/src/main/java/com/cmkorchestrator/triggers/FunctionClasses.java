package com.cmkorchestrator.triggers;

import java.util.List;

/** Every class holding functions: what a host (the development host, the packaging test) scans. */
public final class FunctionClasses {

    public static final List<Class<?>> ALL = List.of(BindingFunctions.class, HsmFunctions.class, KeyFunctions.class,
            HealthFunctions.class, EventGridFunctions.class, TimerFunctions.class, QueueFunctions.class,
            UnmatchedRouteFunctions.class);

    private FunctionClasses() {
    }
}
