package com.cmkorchestrator.triggers;

import com.cmkorchestrator.wiring.AppGraph;

/** The function classes over one object graph, each constructed with its collaborators, as the injector does. */
record Triggers(BindingFunctions bindings, HsmFunctions hsms, KeyFunctions keys, HealthFunctions health,
                EventGridFunctions events, TimerFunctions timers, QueueFunctions queue) {

    static Triggers over(AppGraph graph) {
        return new Triggers(new BindingFunctions(graph.bindings(), graph.apiGate()),
                new HsmFunctions(graph.hsms(), graph.apiGate()), new KeyFunctions(graph.rotations(), graph.apiGate()),
                new HealthFunctions(graph.healthReporter(), graph.stores().watermarks(), graph.apiGate()),
                new EventGridFunctions(graph.events(), graph.keyEvents(), graph.rejected()),
                new TimerFunctions(graph.bridge(), graph.healthSweep()),
                new QueueFunctions(graph.worker(), graph.rejected(), graph.queue()));
    }
}
