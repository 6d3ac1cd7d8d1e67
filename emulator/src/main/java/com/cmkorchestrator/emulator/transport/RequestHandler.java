package com.cmkorchestrator.emulator.transport;

/** Answers one request. Throws {@link EmuException} for an Azure-shaped error. */
@FunctionalInterface
public interface RequestHandler {
    EmuResponse handle(EmuRequest request);
}
