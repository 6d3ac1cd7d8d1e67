package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.KeyEventHandler;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.app.events.GridEventReader;
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

    private final GridEventReader events;
    private final KeyEventHandler handler;
    private final RejectedEvents rejected;

    public EventGridFunctions(GridEventReader events, KeyEventHandler handler, RejectedEvents rejected) {
        this.events = events;
        this.handler = handler;
        this.rejected = rejected;
    }

    @FunctionName("OnKeyEvent")
    public void onKeyEvent(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        handle("OnKeyEvent", event, context);
    }

    @FunctionName("OnResourceWrite")
    public void onResourceWrite(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        handle("OnResourceWrite", event, context);
    }

    private void handle(String function, String event, ExecutionContext context) {
        GridEvent parsed;
        try {
            parsed = events.read(event);
        } catch (MalformedEventException e) {
            context.getLogger().warning("unreadable event, recorded and acknowledged: " + e.getMessage());
            rejected.record("Event Grid " + function, e.getMessage(), event);
            return;
        }
        context.getLogger().info(handler.handle(parsed));
    }
}
