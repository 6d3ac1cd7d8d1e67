package com.cmkorchestrator.emulator.cmk;

import com.cmkorchestrator.emulator.hsm.KeyAccessCheck;
import com.cmkorchestrator.emulator.transport.EmuException;

/**
 * How one resource provider words "your identity may not use this key". Storage, Compute and
 * Databricks each have their own code and message for the same HSM answer.
 */
@FunctionalInterface
public interface DenialWording {
    EmuException accessDenied(KeyReference key, String principalDescription, KeyAccessCheck.Denied denied);
}
