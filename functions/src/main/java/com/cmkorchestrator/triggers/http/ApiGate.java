package com.cmkorchestrator.triggers.http;

import com.cmkorchestrator.config.ApiAuth;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;

import java.util.Set;

/**
 * Who may call the HTTP API ({@code CMK_API_AUTH}, issue 10, finding 7). With {@code entra} every route needs the
 * caller App Service authentication signed in with Microsoft Entra ID ({@link ClientPrincipal}) and an app role of the
 * API's registration: {@value #OPERATOR} for writes (POST, PUT, PATCH, DELETE), {@value #READER} or
 * {@value #OPERATOR} for reads; else 401 (no sign-in) or 403 (no role), as problem documents, before the route does
 * anything. The principal header is trusted only when the platform says authentication is on
 * ({@code WEBSITE_AUTH_ENABLED=True}, which App Service sets for an app with it): on an app without it, anyone could
 * send the header, so nothing gets through. With {@code none} nothing is checked: the local run and private test
 * deployments only. The HTTP routes are anonymous to the Functions host; function keys gate only the Event Grid
 * webhook.
 */
public final class ApiGate {

    public static final String OPERATOR = "CmkOrchestrator.Operator";
    public static final String READER = "CmkOrchestrator.Reader";
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final ApiAuth mode;
    private final boolean platformAuthentication;

    private ApiGate(ApiAuth mode, boolean platformAuthentication) {
        this.mode = mode;
        this.platformAuthentication = platformAuthentication;
    }

    /** @param platformAuthentication whether App Service authentication is on for this app ({@code WEBSITE_AUTH_ENABLED}) */
    public static ApiGate of(ApiAuth mode, boolean platformAuthentication) {
        return new ApiGate(mode, platformAuthentication);
    }

    public ApiAuth mode() {
        return mode;
    }

    /**
     * @return who called, for the log ("anyone" without sign-in)
     * @throws ProblemException 401 without a trusted sign-in, 403 without the app role the method needs
     */
    public String authorize(HttpRequestMessage<?> request) {
        if (mode == ApiAuth.NONE) {
            return "anyone (CMK_API_AUTH=none)";
        }
        String instance = Replies.path(request);
        if (!platformAuthentication) {
            throw new ProblemException(Problem.of(ProblemType.UNAUTHENTICATED, "sign-in is required"
                    + " (CMK_API_AUTH=entra) but App Service authentication is not on for this app, so no caller can be"
                    + " trusted; enable it (bicep/README.md, \"Sign-in on the HTTP API\")", instance));
        }
        ClientPrincipal caller = ClientPrincipal.of(RequestBody.header(request.getHeaders(), ClientPrincipal.HEADER))
                .filter(principal -> principal.identityProvider().equalsIgnoreCase("aad"))
                .orElseThrow(() -> new ProblemException(Problem.of(ProblemType.UNAUTHENTICATED, "sign in with"
                        + " Microsoft Entra ID: call with a bearer token for the API's app registration", instance)));
        boolean write = !READS.contains(request.getHttpMethod());
        boolean allowed = caller.roles().contains(OPERATOR) || (!write && caller.roles().contains(READER));
        if (!allowed) {
            String needed = write ? OPERATOR : READER + " or " + OPERATOR;
            throw new ProblemException(Problem.of(ProblemType.FORBIDDEN, (caller.name() == null ? "the caller"
                    : caller.name()) + " holds no app role that allows " + request.getHttpMethod() + " " + instance
                    + "; it needs " + needed + " (assigned in the API's Entra ID app registration)", instance));
        }
        return caller.name() == null ? "a caller with " + caller.roles() : caller.name();
    }
}
