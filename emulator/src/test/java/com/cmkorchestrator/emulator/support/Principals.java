package com.cmkorchestrator.emulator.support;

import java.util.UUID;

/** Object IDs tests act as. */
public final class Principals {
    /** The deployer: creates resources and administers the HSMs. */
    public static final String DEPLOYER = "11111111-2222-3333-4444-555555555555";

    private Principals() {
    }

    public static String fresh() {
        return UUID.randomUUID().toString();
    }
}
