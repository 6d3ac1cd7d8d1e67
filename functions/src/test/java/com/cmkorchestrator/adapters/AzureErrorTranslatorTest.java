package com.cmkorchestrator.adapters;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.cmkorchestrator.adapters.support.CannedResponse;
import com.cmkorchestrator.core.errors.AzureCallException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** The one SDK-error-to-core translation, on canned answers shaped as ARM and Key Vault send them. */
class AzureErrorTranslatorTest {

    @Test
    void anArmErrorKeepsItsStatusCodeAndMessage() {
        CannedResponse response = new CannedResponse(400, new HttpHeaders(), null);
        ManagementException error = new ManagementException("refused", response,
                new ManagementError("KeyVaultAccessForbidden", "Unable to access key vault resource"));

        AzureCallException translated = translate("PATCH des", error);

        assertThat(translated.httpStatus()).isEqualTo(400);
        assertThat(translated.errorCode()).contains("KeyVaultAccessForbidden");
        assertThat(translated.azureMessage()).isEqualTo("Unable to access key vault resource");
        assertThat(translated.operation()).isEqualTo("PATCH des");
        assertThat(translated.getCause()).isSameAs(error);
    }

    @Test
    void anArmErrorWithoutTopLevelCodeTakesItsFirstDetail() throws IOException {
        CannedResponse response = new CannedResponse(400, new HttpHeaders(), null);
        ManagementException error = new ManagementException("refused", response,
                ManagementError.fromJson(com.azure.json.JsonProviders.createReader(
                        "{\"message\":\"outer\",\"details\":[{\"code\":\"InvalidParameter\",\"message\":\"keyVersion is required\"}]}")));

        assertThat(translate("PUT workspace", error).errorCode()).contains("InvalidParameter");
    }

    @Test
    void aKeyVaultErrorPrefersItsInnerCode() {
        String body = "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Caller is not authorized\","
                + "\"innererror\":{\"code\":\"ForbiddenByRbac\"}}}";
        HttpResponseException error = new HttpResponseException("Status code 403", new CannedResponse(403, new HttpHeaders(), body));

        AzureCallException translated = translate("GET key", error);

        assertThat(translated.httpStatus()).isEqualTo(403);
        assertThat(translated.errorCode()).contains("ForbiddenByRbac");
        assertThat(translated.azureMessage()).isEqualTo("Caller is not authorized");
    }

    @Test
    void aKeyVaultErrorCarriedAsTheExceptionsValueIsRead() {
        String body = "{\"error\":{\"code\":\"KeyNotFound\",\"message\":\"A key with (name/id) k was not found\"}}";
        ResourceNotFoundException error = new ResourceNotFoundException("Status code 404",
                new CannedResponse(404, new HttpHeaders(), null), body);

        AzureCallException translated = translate("GET key", error);

        assertThat(translated.errorCode()).contains("KeyNotFound");
        assertThat(translated.azureMessage()).contains("was not found");
    }

    @Test
    void aBodyThatIsNotJsonLeavesTheCodeEmptyAndKeepsTheSdkMessage() {
        HttpResponseException error = new HttpResponseException("Status code 502, \"Bad Gateway\"",
                new CannedResponse(502, new HttpHeaders(), "<html>Bad Gateway</html>"));

        AzureCallException translated = translate("GET hsm", error);

        assertThat(translated.errorCode()).isEmpty();
        assertThat(translated.azureMessage()).contains("Bad Gateway");
    }

    @Test
    void noAnswerAtAllIsStatusZero() {
        UncheckedIOException error = new UncheckedIOException(new IOException("Connection reset by peer"));

        AzureCallException translated = translate("GET keys", error);

        assertThat(translated.httpStatus()).isZero();
        assertThat(translated.azureMessage()).contains("Connection reset");
    }

    @Test
    void aProgrammingErrorIsNotDisguisedAsAnAzureError() {
        IllegalArgumentException bug = new IllegalArgumentException("null key name");

        assertThat(AzureErrorTranslator.translate("GET key", bug)).isSameAs(bug);
    }

    @Test
    void retryAfterInSecondsIsRead() {
        assertThat(AzureErrorTranslator.retryAfter(new HttpHeaders().set("Retry-After", "17")))
                .isEqualTo(Duration.ofSeconds(17));
    }

    @Test
    void retryAfterInMillisecondsWinsOverSeconds() {
        HttpHeaders headers = new HttpHeaders().set("Retry-After", "17").set("x-ms-retry-after-ms", "1500");

        assertThat(AzureErrorTranslator.retryAfter(headers)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));

        Duration wait = AzureErrorTranslator.retryAfter(new HttpHeaders().set("Retry-After", inAMinute));

        assertThat(wait).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
    }

    @Test
    void noOrMalformedRetryAfterIsNoDelay() {
        assertThat(AzureErrorTranslator.retryAfter(new HttpHeaders())).isNull();
        assertThat(AzureErrorTranslator.retryAfter(new HttpHeaders().set("Retry-After", "soon"))).isNull();
    }

    @Test
    void theRetryAfterOfAThrottledAnswerTravelsWithTheError() {
        CannedResponse response = new CannedResponse(429, new HttpHeaders().set("Retry-After", "9"), null);
        ManagementException error = new ManagementException("throttled", response,
                new ManagementError("SubscriptionRequestsThrottled", "Number of 'write' requests exceeded"));

        assertThat(translate("PUT identity", error).retryAfter()).contains(Duration.ofSeconds(9));
    }

    private static AzureCallException translate(String operation, RuntimeException error) {
        RuntimeException translated = AzureErrorTranslator.translate(operation, error);
        assertThat(translated).isInstanceOf(AzureCallException.class);
        return (AzureCallException) translated;
    }
}
