package com.cmkorchestrator.triggers;

import com.cmkorchestrator.triggers.http.ApiGate;
import com.cmkorchestrator.triggers.http.Replies;
import com.cmkorchestrator.triggers.http.RouteTable;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.util.Optional;

/**
 * Every {@code /api/} request that no other function takes: an unknown path is a 404, a known route asked with a
 * method it does not take a 405 with {@code Allow}, both problem documents. Without it the Functions host answers
 * those itself, with an empty body.
 */
public class UnmatchedRouteFunctions {

    private static final RouteTable ROUTES = RouteTable.of(FunctionClasses.ALL);

    private final ApiGate gate;

    /** @param gate who may call: a caller not let in learns nothing about the routes either */
    public UnmatchedRouteFunctions(ApiGate gate) {
        this.gate = gate;
    }

    /**
     * The name sorts after every other function's on purpose. The Functions host tries HTTP routes in the order it
     * registers the functions, which is by name, without ranking literal segments above parameters
     * (azure-functions-host {@code WebScriptHostHttpRoutesManager} maps {@code host.Functions} in order and
     * azure-webjobs-sdk-extensions {@code WebJobsRouteBuilder.Build()} adds them unsorted; a PR to sort them,
     * azure-webjobs-sdk-extensions#842, is open). A method the route does not take fails the route's
     * {@code HttpMethodRouteConstraint}, so the request falls through to this one too.
     */
    @FunctionName("zzUnmatchedRoute")
    public HttpResponseMessage unmatched(
            @HttpTrigger(name = "req", route = "{*path}", authLevel = AuthorizationLevel.ANONYMOUS,
                    methods = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
                            HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.TRACE})
            HttpRequestMessage<Optional<String>> request,
            @BindingName("path") String path, ExecutionContext context) {
        return Replies.guard(request, context, gate, () -> Replies.unmatched(request,
                ROUTES.unmatched(request.getHttpMethod().name(), path == null ? "" : path, Replies.path(request))));
    }
}
