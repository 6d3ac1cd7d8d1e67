package com.cmkorchestrator.triggers;

import com.cmkorchestrator.wiring.AppGraph;

/** The function classes over one object graph, each constructed with its collaborators, as the injector does. */
record Triggers(BindingFunctions bindings, HsmFunctions hsms, KeyFunctions keys, HealthFunctions health,
                EventGridFunctions events, TimerFunctions timers, QueueFunctions queue) {

    static Triggers over(AppGraph graph) {
        return new Triggers(new BindingFunctions(graph.bindings()), new HsmFunctions(graph.hsms()),
                new KeyFunctions(graph.rotations()),
                new HealthFunctions(graph.healthReporter(), graph.stores().watermarks()),
                new EventGridFunctions(graph.events(), graph.keyEvents(), graph.rejected()),
                new TimerFunctions(graph.bridge(), graph.healthSweep()),
                new QueueFunctions(graph.worker(), graph.rejected(), graph.queue().name()));
    }
}
