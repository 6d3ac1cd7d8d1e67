package com.cmkorchestrator.emulator.transport;

/**
 * Where an endpoint reports each request it answered. The endpoint only reports; what is kept and
 * how it is read back is the recorder's business (the request log in {@code inspect}).
 */
@FunctionalInterface
public interface RequestRecorder {

    /** @param surface which emulated surface answered, e.g. {@code arm}, {@code admin} or an HSM name */
    void record(String surface, EmuRequest request, int status);
}
