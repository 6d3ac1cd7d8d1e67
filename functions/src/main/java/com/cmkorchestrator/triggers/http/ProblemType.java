package com.cmkorchestrator.triggers.http;

/** Every kind of problem the HTTP API reports, with its status; docs/http-api.md lists them. */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", "The request body is not a JSON object", 400),
    INVALID_PARAMETER("invalid-parameter", "A route parameter is not valid", 400),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The request body must be application/json", 415),
    PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large", 413),
    INVALID_FIELD("invalid-field", "A field of the request is not valid", 422),
    UNAUTHENTICATED("unauthenticated", "Sign-in is required", 401),
    FORBIDDEN("forbidden", "The caller lacks the app role this route needs", 403),
    OUT_OF_SCOPE("out-of-scope", "The resource lies outside the scope allow-list", 403),
    DISABLED("disabled", "The operation is switched off by an app setting", 403),
    NOT_FOUND("not-found", "No such resource", 404),
    ROUTE_NOT_FOUND("route-not-found", "No such route", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "The route does not take this method", 405),
    CONCURRENT_UPDATE("concurrent-update", "The record was changed concurrently", 409),
    NOT_READY("not-ready", "Azure is not ready for this operation", 409),
    KEY_NOT_ROTATABLE("key-not-rotatable", "The key cannot be rotated as it is", 409),
    SLOT_TAKEN("slot-taken", "Another binding owns this key slot of the target", 409),
    KEY_NOT_OWNED("key-not-owned", "The app does not own the key", 409),
    PRECONDITION_FAILED("precondition-failed", "The record changed since it was read", 412),
    AZURE_ERROR("azure-error", "Azure refused or failed the operation", 502),
    INTERNAL_ERROR("internal-error", "The server failed to handle the request", 500);

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    /** {@code urn:cmk-orchestrator:problem:<slug>}: stable, and not pretending to be a web page. */
    public String uri() {
        return "urn:cmk-orchestrator:problem:" + slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
