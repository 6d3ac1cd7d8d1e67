package com.cmkorchestrator.devhost;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.util.Optional;

/** A function app with a catch-all route, as the app has one, to test how the host orders routes. */
public class SampleCatchAllFunctions {

    @FunctionName("GetThing")
    public HttpResponseMessage getThing(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "things/{name}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).body("thing").build();
    }

    @FunctionName("zzCatchAll")
    public HttpResponseMessage catchAll(
            @HttpTrigger(name = "req", route = "{*path}", authLevel = AuthorizationLevel.FUNCTION,
                    methods = {HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE}) HttpRequestMessage<Optional<String>> request,
            @BindingName("path") String path) {
        return request.createResponseBuilder(HttpStatus.NOT_FOUND).body("caught " + request.getHttpMethod() + " " + path)
                .build();
    }
}
