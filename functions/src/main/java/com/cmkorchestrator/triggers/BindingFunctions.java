package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.BindingService;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.triggers.http.ApiGate;
import com.cmkorchestrator.triggers.http.Replies;
import com.cmkorchestrator.triggers.http.RequestBody;
import com.cmkorchestrator.triggers.http.RouteParameter;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.util.Map;
import java.util.Optional;

/** {@code /api/bindings}: declare, list, read and stop managing bindings. */
public class BindingFunctions {

    private final BindingService bindings;
    private final ApiGate gate;

    /** @param gate who may call (reads: Reader or Operator; declaring and deleting: Operator) */
    public BindingFunctions(BindingService bindings, ApiGate gate) {
        this.bindings = bindings;
        this.gate = gate;
    }

    /** {@code POST /api/bindings}: 202 + Location when the spec is new or changed, 200 when it is already this one. */
    @FunctionName("CreateOrUpdateBinding")
    public HttpResponseMessage createOrUpdate(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "bindings",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Replies.guard(request, context, gate, () -> {
            Binding binding = RequestBody.read(request, Binding.class);
            BindingService.Declared declared = bindings.declare(binding, Replies.ifMatch(request));
            return Replies.json(request, declared.changed() ? 202 : 200, declared.view(),
                    "Location", "/api/bindings/" + binding.name(), "ETag", declared.view().etag());
        });
    }

    @FunctionName("ListBindings")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "bindings",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Replies.guard(request, context, gate, () ->
                Replies.json(request, 200, Map.of("value", bindings.list())));
    }

    /** {@code GET /api/bindings/{name}}: spec, conditions and phase; the ETag header feeds {@code If-Match}. */
    @FunctionName("GetBinding")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "bindings/{name}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name, ExecutionContext context) {
        return Replies.guard(request, context, gate, () -> {
            var view = bindings.get(RouteParameter.bindingName("name", name, Replies.path(request)));
            return Replies.json(request, 200, view, "ETag", view.etag());
        });
    }

    /** {@code DELETE /api/bindings/{name}}: stops managing; changes nothing in Azure. */
    @FunctionName("DeleteBinding")
    public HttpResponseMessage delete(
            @HttpTrigger(name = "req", methods = {HttpMethod.DELETE}, route = "bindings/{name}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name, ExecutionContext context) {
        return Replies.guard(request, context, gate, () -> {
            bindings.stopManaging(RouteParameter.bindingName("name", name, Replies.path(request)));
            return Replies.noContent(request);
        });
    }
}
