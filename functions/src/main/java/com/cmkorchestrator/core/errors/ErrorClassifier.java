package com.cmkorchestrator.core.errors;

import com.cmkorchestrator.retry.Retries;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place that decides whether a failed Azure call is worth retrying, and when.
 * Codes win over HTTP statuses: a 403 {@code KeyVaultAccessForbidden} is a grant still propagating, not a refusal,
 * and a 400 {@code PrincipalNotFound} is a new identity not yet replicated.
 */
public final class ErrorClassifier {

    /**
     * Codes that mean "the grant or principal is not visible yet". Azure documents up to 10 minutes for RBAC
     * changes and nothing for Managed HSM local RBAC, so these retry with backoff (azure-facts 9).
     * <ul>
     *   <li>{@code PrincipalNotFound}: a new identity not yet replicated to the directory.</li>
     *   <li>{@code AuthorizationFailed}: an ARM role assignment not yet effective.</li>
     *   <li>{@code KeyVaultAccessForbidden}: DES/Compute cannot reach the key (ansible-collections/azure PR #1676).</li>
     *   <li>{@code KeyVaultAuthenticationFailure}, {@code KeyVaultPolicyError}: Storage cannot reach the key.</li>
     *   <li>{@code Forbidden}, {@code ForbiddenByRbac}, {@code AccessDenied}: the HSM data plane refusing a caller.</li>
     *   <li>{@code InvalidEncryptionKeyVaultAccess}: Databricks cannot reach the key. No public source gives the
     *       code Databricks uses; this is the emulator's choice, kept here so that a Databricks refusal is at least
     *       retried like its Storage and Compute counterparts rather than shown as final.</li>
     * </ul>
     */
    public static final Set<String> PROPAGATION_CODES = lower(Set.of(
            "PrincipalNotFound", "AuthorizationFailed", "KeyVaultAccessForbidden", "KeyVaultAuthenticationFailure",
            "KeyVaultPolicyError", "Forbidden", "ForbiddenByRbac", "AccessDenied", "InvalidEncryptionKeyVaultAccess"));

    /**
     * Codes that retrying cannot fix; their Azure message is shown to the user. Among them the 409s that are not
     * "busy" but "taken": {@code ConflictError} (a soft-deleted vault or HSM holds the name: recover or purge it,
     * Azure/azure-rest-api-specs#18732), {@code VaultAlreadyExists}, {@code StorageAccountAlreadyTaken}.
     */
    public static final Set<String> FATAL_CODES = lower(Set.of(
            "BadRequest", "InvalidParameter", "RequestDisallowedByPolicy", "InvalidResourceName",
            "InvalidRequestContent", "LinkedAuthorizationFailed", "KeyNotFound", "InvalidTemplate",
            "SubscriptionNotFound", "ResourceGroupNotFound", "MissingSubscriptionRegistration",
            "ConflictError", "VaultAlreadyExists", "StorageAccountAlreadyTaken"));

    /** Codes of a resource busy with another operation: retry soon. */
    public static final Set<String> BUSY_CODES = lower(Set.of(
            "Conflict", "AnotherOperationInProgress", "ConcurrentOperation"));

    private static final Map<Integer, ErrorClass> BY_STATUS = Map.of(
            408, ErrorClass.RETRYABLE,
            429, ErrorClass.RETRYABLE,
            409, ErrorClass.RETRYABLE);

    private final Duration retryDelay;
    private final Duration propagationDelay;

    /**
     * @param retryDelay       wait for retryable errors that name no {@code Retry-After}
     * @param propagationDelay first wait for propagation errors (the reconciler backs off from there)
     */
    public ErrorClassifier(Duration retryDelay, Duration propagationDelay) {
        this.retryDelay = retryDelay;
        this.propagationDelay = propagationDelay;
    }

    /** The waits of the app's retry story ({@link Retries}). */
    public static ErrorClassifier standard() {
        return new ErrorClassifier(Retries.TRANSIENT, Retries.PROPAGATION_FIRST);
    }

    public Classification classify(AzureCallException error) {
        ErrorClass errorClass = classOf(error);
        Duration wait = switch (errorClass) {
            case FATAL -> Duration.ZERO;
            case SLOW_RETRYABLE -> max(error.retryAfter().orElse(Duration.ZERO), propagationDelay);
            case RETRYABLE -> error.retryAfter().orElse(retryDelay);
        };
        return new Classification(errorClass, wait, describe(error));
    }

    private static ErrorClass classOf(AzureCallException error) {
        if (error.httpStatus() == 429) {
            // throttling, whatever the code: ARM's SubscriptionRequestsThrottled, Compute's OperationNotAllowed
            // (troubleshooting-throttling-errors.md), or a request the app's pacing did not send
            return ErrorClass.RETRYABLE;
        }
        String code = error.errorCode().map(c -> c.toLowerCase(Locale.ROOT)).orElse("");
        if (PROPAGATION_CODES.contains(code)) {
            return ErrorClass.SLOW_RETRYABLE;
        }
        if (FATAL_CODES.contains(code)) {
            return ErrorClass.FATAL;
        }
        if (BUSY_CODES.contains(code)) {
            return ErrorClass.RETRYABLE;
        }
        int status = error.httpStatus();
        if (status == 0 || status >= 500) {
            // no response at all, or a server fault: the request may be fine
            return ErrorClass.RETRYABLE;
        }
        if (status == 403) {
            // a bare 403 from Key Vault or a resource provider reaching the key is, in this app, a grant in flight
            return ErrorClass.SLOW_RETRYABLE;
        }
        return BY_STATUS.getOrDefault(status, ErrorClass.FATAL);
    }

    private static String describe(AzureCallException error) {
        return "HTTP " + error.httpStatus() + error.errorCode().map(code -> " " + code).orElse("")
                + (error.azureMessage().isEmpty() ? "" : ": " + error.azureMessage());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Set<String> lower(Set<String> codes) {
        return codes.stream().map(code -> code.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
