package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.auth.BearerToken;
import com.cmkorchestrator.emulator.eventgrid.EventGrid;
import com.cmkorchestrator.emulator.eventgrid.GridEvent;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/**
 * ARM's Event Grid events for the resource group and subscription topics
 * ({@code Microsoft.Resources.ResourceWriteSuccess}, {@code ResourceDeleteSuccess},
 * {@code ResourceActionSuccess}), with the {@code data} fields Azure sends: authorization, claims,
 * correlationId, httpRequest, resourceProvider, resourceUri, operationName, status, subscriptionId,
 * tenantId. Only writes a caller sent through ARM raise them; Azure's own background updates
 * (key version pickups) do not, because they never pass ARM's front door.
 */
public final class ResourceEvents {
    public static final String WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
    public static final String DELETE_SUCCESS = "Microsoft.Resources.ResourceDeleteSuccess";
    public static final String ACTION_SUCCESS = "Microsoft.Resources.ResourceActionSuccess";

    private final EventGrid eventGrid;
    private final String tenantId;
    private final String subscriptionId;

    public ResourceEvents(EventGrid eventGrid, String tenantId, String subscriptionId) {
        this.eventGrid = eventGrid;
        this.tenantId = tenantId;
        this.subscriptionId = subscriptionId;
    }

    /** A PUT or PATCH that succeeded; {@code operationName} e.g. {@code Microsoft.Storage/storageAccounts/write}. */
    public void written(ArmCall call, String resourceUri, String resourceGroup, String operationName, Instant at) {
        raise(WRITE_SUCCESS, call, resourceUri, resourceGroup, operationName, at);
    }

    public void deleted(ArmCall call, String resourceUri, String resourceGroup, String operationName, Instant at) {
        raise(DELETE_SUCCESS, call, resourceUri, resourceGroup, operationName, at);
    }

    public void acted(ArmCall call, String resourceUri, String resourceGroup, String operationName, Instant at) {
        raise(ACTION_SUCCESS, call, resourceUri, resourceGroup, operationName, at);
    }

    private void raise(String eventType, ArmCall call, String resourceUri, String resourceGroup, String operationName,
                       Instant at) {
        ObjectNode data = EmuRequest.JSON.createObjectNode();
        ObjectNode authorization = data.putObject("authorization").put("scope", resourceUri).put("action", operationName);
        authorization.putObject("evidence").put("role", "Owner").put("roleAssignmentScope", "/subscriptions/" + subscriptionId)
                .put("principalId", call.callerOid()).put("principalType", "ServicePrincipal");
        data.set("claims", claims(call));
        data.put("correlationId", call.correlationId());
        data.putObject("httpRequest")
                .put("clientRequestId", call.request().header("x-ms-client-request-id").orElse(""))
                .put("clientIpAddress", "127.0.0.1")
                .put("method", call.method())
                .put("url", call.url());
        data.put("resourceProvider", operationName.substring(0, operationName.indexOf('/')));
        data.put("resourceUri", resourceUri);
        data.put("operationName", operationName);
        data.put("status", "Succeeded");
        data.put("subscriptionId", subscriptionId);
        data.put("tenantId", tenantId);
        eventGrid.raiseResourceEvent(resourceGroup,
                GridEvent.ofEventGridSchema(UUID.randomUUID().toString(), resourceUri, eventType, at, data, "2"));
    }

    /** The token's claims, under the claim URIs Azure uses in events for the object and tenant IDs. */
    private static ObjectNode claims(ArmCall call) {
        ObjectNode token = BearerToken.claims(call.request());
        ObjectNode claims = EmuRequest.JSON.createObjectNode();
        token.fields().forEachRemaining(field -> {
            switch (field.getKey()) {
                case "oid" -> claims.put("http://schemas.microsoft.com/identity/claims/objectidentifier", field.getValue().asText());
                case "tid" -> claims.put("http://schemas.microsoft.com/identity/claims/tenantid", field.getValue().asText());
                default -> claims.put(field.getKey(), field.getValue().asText());
            }
        });
        claims.put("ver", "1.0");
        return claims;
    }
}
