package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.HsmService;
import com.cmkorchestrator.core.model.HsmRequest;
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

/** {@code /api/hsms}: request a Managed HSM, follow its provisioning. */
public class HsmFunctions {

    /**
     * Leaving {@code purgeProtection} out means on, unlike Azure's default: without it anyone holding Crypto Officer
     * can purge a deleted key that data still depends on, and Databricks refuses the HSM. Asking for {@code false}
     * explicitly is still possible (test HSMs); once on, Azure never lets it be turned off.
     */
    private static final Map<String, Object> OPTIONAL_FIELDS = Map.of("purgeProtection", true);

    private final HsmService hsms;
    private final ApiGate gate;

    /** @param gate who may call (requesting: Operator; reading: Reader or Operator) */
    public HsmFunctions(HsmService hsms, ApiGate gate) {
        this.hsms = hsms;
        this.gate = gate;
    }

    /** {@code POST /api/hsms}: activation is manual unless the request carries wrapping certificates. */
    @FunctionName("RequestHsm")
    public HttpResponseMessage request(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "hsms",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Replies.guard(request, context, gate, () -> {
            HsmService.Requested requested = hsms.request(
                    RequestBody.read(request, HsmRequest.class, OPTIONAL_FIELDS));
            return Replies.json(request, requested.changed() ? 202 : 200, requested.view(),
                    "Location", "/api/hsms/" + requested.view().name());
        });
    }

    @FunctionName("GetHsm")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "hsms/{name}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name, ExecutionContext context) {
        return Replies.guard(request, context, gate, () -> Replies.json(request, 200,
                hsms.get(RouteParameter.keyVaultName("name", name, Replies.path(request)))));
    }
}
