package com.cmkorchestrator.devhost;

import com.cmkorchestrator.triggers.http.RouteTemplate;

import java.util.Set;

/** How a function is triggered, as read from its annotations (with {@code %SETTING%} already resolved). */
public sealed interface FunctionTrigger {

    /** {@code @HttpTrigger}: served at {@code /api/<route>} for the given methods. */
    record Http(RouteTemplate route, Set<String> methods, String authLevel) implements FunctionTrigger {
    }

    /** {@code @TimerTrigger} with an NCRONTAB schedule. */
    record Timer(String schedule) implements FunctionTrigger {
    }

    /** {@code @QueueTrigger} on a storage queue. */
    record Queue(String queueName) implements FunctionTrigger {
    }

    /** {@code @EventGridTrigger}: events arrive at {@code /runtime/webhooks/EventGrid?functionName=<name>}. */
    record EventGrid() implements FunctionTrigger {
    }
}
