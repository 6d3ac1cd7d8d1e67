package com.cmkorchestrator.devhost;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny function app used to test the development host itself. */
public class SampleFunctions {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    static final List<String> TIMER_FIRES = new CopyOnWriteArrayList<>();

    @FunctionName("GetThing")
    public HttpResponseMessage getThing(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "things/{name}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name, ExecutionContext context) {
        return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "application/json")
                .body("{\"name\":\"" + name + "\",\"fn\":\"" + context.getFunctionName() + "\"}").build();
    }

    @FunctionName("PutThing")
    public HttpResponseMessage putThing(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "things",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.ACCEPTED).header("Location", "/api/things/x")
                .body(request.getBody().orElse("<none>")).build();
    }

    @FunctionName("OnEvent")
    public void onEvent(@EventGridTrigger(name = "event") String event) {
        EVENTS.add(event);
    }

    @FunctionName("Sweep")
    public void sweep(@TimerTrigger(name = "timer", schedule = "%SWEEP_SCHEDULE%") String timerInfo) {
        TIMER_FIRES.add(timerInfo);
    }
}
