package com.cmkorchestrator.emulator.cmk;

import com.cmkorchestrator.emulator.hsm.KeyAccessCheck;
import com.cmkorchestrator.emulator.transport.EmuException;

/**
 * How one resource provider words its refusals of a customer-managed key that the HSM turned down:
 * "your identity may not use this key", and "this HSM's keys could be purged". Storage, Compute and
 * Databricks each have their own code and message for the same HSM answer.
 */
public record DenialWording(AccessDenied accessDenied, NotRecoverable notRecoverable) {

    @FunctionalInterface
    public interface AccessDenied {
        EmuException of(KeyReference key, String principalDescription, KeyAccessCheck.Denied denied);
    }

    @FunctionalInterface
    public interface NotRecoverable {
        EmuException of(KeyReference key);
    }
}
