package com.cmkorchestrator.core.errors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTest {

    private final ErrorClassifier classifier = new ErrorClassifier(Duration.ofSeconds(10), Duration.ofSeconds(30));

    @ParameterizedTest(name = "HTTP {0} {1} Retry-After {2}s -> {3} after {4}s")
    @CsvSource(nullValues = "-", value = {
            // throttling and server faults retry, honouring Retry-After
            "429, -,                          17, RETRYABLE,      17",
            "429, TooManyRequests,            -,  RETRYABLE,      10",
            // a 429 is throttling whatever its code: Compute's own limit answers OperationNotAllowed
            "429, OperationNotAllowed,        12, RETRYABLE,      12",
            "429, BadRequest,                 3,  RETRYABLE,      3",
            "500, InternalServerError,        -,  RETRYABLE,      10",
            "502, -,                          -,  RETRYABLE,      10",
            "503, ServiceUnavailable,         45, RETRYABLE,      45",
            "504, GatewayTimeout,             -,  RETRYABLE,      10",
            "0,   -,                          -,  RETRYABLE,      10",
            "408, -,                          -,  RETRYABLE,      10",
            "409, AnotherOperationInProgress, -,  RETRYABLE,      10",
            // propagation: retried slowly, whatever the status
            "400, PrincipalNotFound,          -,  SLOW_RETRYABLE, 30",
            "403, AuthorizationFailed,        -,  SLOW_RETRYABLE, 30",
            "400, KeyVaultAccessForbidden,    -,  SLOW_RETRYABLE, 30",
            "400, KeyVaultAuthenticationFailure, -, SLOW_RETRYABLE, 30",
            "403, Forbidden,                  -,  SLOW_RETRYABLE, 30",
            "403, ForbiddenByRbac,            120, SLOW_RETRYABLE, 120",
            "403, -,                          -,  SLOW_RETRYABLE, 30",
            "400, InvalidEncryptionKeyVaultAccess, -, SLOW_RETRYABLE, 30",
            // the request is wrong: fatal
            "400, BadRequest,                 -,  FATAL,          0",
            "400, InvalidParameter,           5,  FATAL,          0",
            "403, RequestDisallowedByPolicy,  -,  FATAL,          0",
            "400, -,                          -,  FATAL,          0",
            "404, ResourceNotFound,           -,  FATAL,          0",
            "400, invalidparameter,           -,  FATAL,          0",
            // a name that is taken (by a soft-deleted HSM or someone else) stays taken: not "busy"
            "409, ConflictError,              -,  FATAL,          0",
            "409, VaultAlreadyExists,         -,  FATAL,          0",
            "409, StorageAccountAlreadyTaken, -,  FATAL,          0",
            "409, Conflict,                   -,  RETRYABLE,      10",
    })
    void classifiesEachAzureErrorOnce(int status, String code, Integer retryAfterSeconds, ErrorClass expected,
                                      int expectedWaitSeconds) {
        AzureCallException error = new AzureCallException("PUT x", status, code, "Azure says no",
                retryAfterSeconds == null ? null : Duration.ofSeconds(retryAfterSeconds), null);

        Classification verdict = classifier.classify(error);

        assertThat(verdict.errorClass()).isEqualTo(expected);
        assertThat(verdict.retryAfter()).isEqualTo(Duration.ofSeconds(expectedWaitSeconds));
    }

    @ParameterizedTest
    @CsvSource({"BadRequest", "InvalidParameter", "RequestDisallowedByPolicy"})
    void fatalErrorsSurfaceAzuresCodeAndMessage(String code) {
        AzureCallException error = new AzureCallException("PATCH storageAccounts/x", 400, code,
                "Resource 'x' was disallowed by policy 'deny-cmk'.");

        assertThat(classifier.classify(error).description())
                .contains(code).contains("Resource 'x' was disallowed by policy 'deny-cmk'.");
    }
}
