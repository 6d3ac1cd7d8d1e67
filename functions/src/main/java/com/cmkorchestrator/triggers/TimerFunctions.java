package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.App;
import com.cmkorchestrator.app.AppGraph;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/** The two schedules, both from app settings. */
public class TimerFunctions {

    /** Publishes the key events Managed HSM does not emit (every 5 minutes by default). */
    @FunctionName("HsmEventBridge")
    public void bridge(@TimerTrigger(name = "timer", schedule = "%CMK_BRIDGE_SCHEDULE%") String timer,
                       ExecutionContext context) {
        AppGraph graph = App.graph();
        context.getLogger().info(graph.bridge().map(bridge -> "HSM event bridge: " + bridge.run())
                .orElse("HSM event bridge idle: CMK_KEY_EVENTS_TOPIC_ENDPOINT is not set"));
    }

    /** Re-checks every binding and records findings (hourly by default). */
    @FunctionName("HealthSweep")
    public void sweep(@TimerTrigger(name = "timer", schedule = "%CMK_HEALTH_SCHEDULE%") String timer,
                      ExecutionContext context) {
        context.getLogger().info("health sweep: " + App.graph().healthSweep().run());
    }
}
