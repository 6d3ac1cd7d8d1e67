package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.App;
import com.cmkorchestrator.app.AppGraph;
import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.app.events.GridEventParser;
import com.cmkorchestrator.app.events.MalformedEventException;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;

/**
 * Event Grid subscribers. {@code OnKeyEvent} takes key events (Key Vault's, and the HSM event bridge's custom
 * topic); {@code OnResourceWrite} takes ARM's {@code ResourceWriteSuccess} events of the HSMs' resource groups.
 * An event that cannot be read is recorded for an operator and acknowledged; one that fails on Azure's side throws,
 * so Event Grid delivers it again within its retry policy.
 */
public class EventGridFunctions {

    @FunctionName("OnKeyEvent")
    public void onKeyEvent(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        handle("OnKeyEvent", event, context);
    }

    @FunctionName("OnResourceWrite")
    public void onResourceWrite(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        handle("OnResourceWrite", event, context);
    }

    private static void handle(String function, String event, ExecutionContext context) {
        AppGraph graph = App.graph();
        GridEvent parsed;
        try {
            parsed = GridEventParser.parse(event);
        } catch (MalformedEventException e) {
            context.getLogger().warning("unreadable event, recorded and acknowledged: " + e.getMessage());
            graph.rejected().record("Event Grid " + function, e.getMessage(), event);
            return;
        }
        context.getLogger().info(graph.keyEvents().handle(parsed));
    }
}
