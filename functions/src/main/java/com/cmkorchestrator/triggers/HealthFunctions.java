package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.health.DashboardPage;
import com.cmkorchestrator.app.health.HealthReporter;
import com.cmkorchestrator.state.BridgeWatermarkStore;
import com.cmkorchestrator.triggers.http.ApiGate;
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

    private final HealthReporter reporter;
    private final BridgeWatermarkStore watermarks;

    private final ApiGate gate;

    /**
     * @param watermarks the key versions the HSM event bridge has seen, which the dashboard draws
     * @param gate       who may read (Reader or Operator)
     */
    public HealthFunctions(HealthReporter reporter, BridgeWatermarkStore watermarks, ApiGate gate) {
        this.reporter = reporter;
        this.watermarks = watermarks;
        this.gate = gate;
    }

    @FunctionName("Health")
    public HttpResponseMessage health(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "health",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Replies.guard(request, context, gate, () ->
                Replies.json(request, 200, reporter.report()));
    }

    @FunctionName("Dashboard")
    public HttpResponseMessage dashboard(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "dashboard",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Replies.guard(request, context, gate, () ->
                Replies.html(request, DashboardPage.render(reporter.report(), watermarks::watermarks)));
    }
}
