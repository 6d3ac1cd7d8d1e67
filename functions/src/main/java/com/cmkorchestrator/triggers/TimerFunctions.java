package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.bridge.KeyEventBridge;
import com.cmkorchestrator.app.health.HealthSweep;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

import java.util.Optional;

/** The two schedules, both from app settings. */
public class TimerFunctions {

    private final Optional<KeyEventBridge> bridge;
    private final HealthSweep sweep;

    /** @param bridge empty when no key events topic is configured: the bridge then has nowhere to publish */
    public TimerFunctions(Optional<KeyEventBridge> bridge, HealthSweep sweep) {
        this.bridge = bridge;
        this.sweep = sweep;
    }

    /** Publishes the key events Managed HSM does not emit (every 5 minutes by default). */
    @FunctionName("HsmEventBridge")
    public void bridge(@TimerTrigger(name = "timer", schedule = "%CMK_BRIDGE_SCHEDULE%") String timer,
                       ExecutionContext context) {
        context.getLogger().info(bridge.map(active -> "HSM event bridge: " + active.run())
                .orElse("HSM event bridge idle: CMK_KEY_EVENTS_TOPIC_ENDPOINT is not set"));
    }

    /** Re-checks every binding and records findings (hourly by default). */
    @FunctionName("HealthSweep")
    public void sweep(@TimerTrigger(name = "timer", schedule = "%CMK_HEALTH_SCHEDULE%") String timer,
                      ExecutionContext context) {
        context.getLogger().info("health sweep: " + sweep.run());
    }
}
