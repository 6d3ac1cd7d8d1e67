package com.cmkorchestrator.emulator.admin;

import com.cmkorchestrator.emulator.arm.Operations;
import com.cmkorchestrator.emulator.eventgrid.EventGrid;
import com.cmkorchestrator.emulator.faults.FaultSettings;
import com.cmkorchestrator.emulator.hsm.ManagedHsmFleet;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import com.cmkorchestrator.emulator.ratelimit.ArmRateLimits;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.time.Scheduler;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.List;

/**
 * What the admin API reads and changes of a running emulator. The emulator implements it, so the
 * admin API depends on the parts it shows, not on the class that assembles them.
 */
public interface AdministeredEmulator {

    /** The first line {@code EmulatorMain} prints: how to reach and trust the emulator. */
    ObjectNode info();

    URI armEndpoint();

    EmulatorClock clock();

    /** ARM's documents (resource groups first), as GET returns them. */
    List<ObjectNode> armDocuments();

    Operations operations();

    Scheduler scheduler();

    ManagedHsmFleet fleet();

    RequestLog requestLog();

    EventGrid eventGrid();

    FaultSettings faults();

    /** The numbers ARM and Compute throttle with (fixed at start; throttling itself is a fault setting). */
    ArmRateLimits rateLimits();

    /** Resources per page of an ARM list. */
    int listPageSize();

    void setFaults(FaultSettings settings);

    /** How long ARM's long-running operations take now (emulated): {@code --operation-duration} until changed. */
    java.time.Duration operationDuration();

    /** Changes it for the writes sent from now on. */
    void setOperationDuration(java.time.Duration length);
}
