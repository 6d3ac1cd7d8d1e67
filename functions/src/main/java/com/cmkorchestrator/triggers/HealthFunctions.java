package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.App;
import com.cmkorchestrator.app.AppGraph;
import com.cmkorchestrator.app.health.DashboardPage;
import com.cmkorchestrator.triggers.http.Replies;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.util.Optional;

/** {@code GET /api/health} (JSON) and {@code GET /api/dashboard} (HTML), from stored state only. */
public class HealthFunctions {

    @FunctionName("Health")
    public HttpResponseMessage health(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "health",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Replies.guard(request, context, () ->
                Replies.json(request, 200, App.graph().healthReporter().report()));
    }

    @FunctionName("Dashboard")
    public HttpResponseMessage dashboard(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "dashboard",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Replies.guard(request, context, () -> {
            AppGraph graph = App.graph();
            return Replies.html(request, DashboardPage.render(graph.healthReporter().report(),
                    graph.stores().watermarks()::watermarks));
        });
    }
}
