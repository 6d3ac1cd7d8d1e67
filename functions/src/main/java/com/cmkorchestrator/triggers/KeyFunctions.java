package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.RotationService;
import com.cmkorchestrator.triggers.http.ApiGate;
import com.cmkorchestrator.triggers.http.Replies;
import com.cmkorchestrator.triggers.http.RouteParameter;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.util.Optional;

/** {@code POST /api/keys/{hsm}/{key}/rotate}: a new key version now; pinned bindings are rebound after. */
public class KeyFunctions {

    private final RotationService rotations;
    private final ApiGate gate;

    /** @param gate who may call (rotating: Operator) */
    public KeyFunctions(RotationService rotations, ApiGate gate) {
        this.rotations = rotations;
        this.gate = gate;
    }

    @FunctionName("RotateKey")
    public HttpResponseMessage rotate(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "keys/{hsm}/{key}/rotate",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("hsm") String hsm, @BindingName("key") String key, ExecutionContext context) {
        return Replies.guard(request, context, gate, () -> {
            String path = Replies.path(request);
            return Replies.json(request, 202, rotations.rotateNow(
                    RouteParameter.keyVaultName("hsm", hsm, path), RouteParameter.keyVaultName("key", key, path)));
        });
    }
}
