package com.cmkorchestrator.adapters.pacing;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which writes begin long-running operations is learnt from ARM's answers, per method and resource type. */
class WriteKindsTest {

    private static final String GROUP = "https://management.azure.com/subscriptions/s1/resourceGroups/rg/providers/";
    private final ArmBudget budget = ArmBudget.fromHeaders(ArmLimits.azure(),
            new MutableClock(Instant.parse("2026-03-01T08:00:00Z")));

    @Test
    void aWritesKindIsItsMethodAndResourceType() {
        assertThat(ArmPacing.kindOf(new HttpRequest(HttpMethod.PATCH,
                GROUP + "Microsoft.Compute/diskEncryptionSets/des-1?api-version=2024-03-02")))
                .isEqualTo("PATCH microsoft.compute/diskencryptionsets");
        assertThat(ArmPacing.kindOf(new HttpRequest(HttpMethod.PUT, GROUP + "Microsoft.Databricks/workspaces/w")))
                .isEqualTo("PUT microsoft.databricks/workspaces");
        assertThat(ArmPacing.kindOf(new HttpRequest(HttpMethod.PUT,
                "https://management.azure.com/subscriptions/s1/resourcegroups/rg"))).isNull();
    }

    @Test
    void anAnswerNamingAnOperationTeachesThatTheKindRunsLongAndAFinalAnswerThatItDoesNot() {
        send(HttpMethod.PATCH, GROUP + "Microsoft.Compute/diskEncryptionSets/des-1", 202,
                new HttpHeaders().set("Azure-AsyncOperation", "https://management.azure.com/op/1"));
        send(HttpMethod.PATCH, GROUP + "Microsoft.Storage/storageAccounts/st1", 200, new HttpHeaders());
        send(HttpMethod.PUT, GROUP + "Microsoft.Databricks/workspaces/w", 201,
                new HttpHeaders().set("Location", "https://management.azure.com/op/2"));

        assertThat(budget.beginsOperations("PATCH microsoft.compute/diskencryptionsets")).isTrue();
        assertThat(budget.beginsOperations("PATCH microsoft.storage/storageaccounts")).isFalse();
        assertThat(budget.beginsOperations("PUT microsoft.databricks/workspaces")).isTrue();

        send(HttpMethod.PATCH, GROUP + "Microsoft.Compute/diskEncryptionSets/des-1", 200, new HttpHeaders());
        assertThat(budget.beginsOperations("PATCH microsoft.compute/diskencryptionsets")).as("the last answer decides")
                .isFalse();
    }

    private void send(HttpMethod method, String url, int status, HttpHeaders headers) {
        HttpPipeline pipeline = new HttpPipelineBuilder().policies(new ArmPacing(budget))
                .httpClient(request -> Mono.just(new Answer(request, status, headers))).build();
        try (HttpResponse response = pipeline.sendSync(new HttpRequest(method, url), Context.NONE)) {
            assertThat(response.getStatusCode()).isEqualTo(status);
        }
    }

    /** ARM's answer, headers only: all the pacing looks at. */
    private static final class Answer extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;

        Answer(HttpRequest request, int status, HttpHeaders headers) {
            super(request);
            this.status = status;
            this.headers = headers;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(new byte[0]);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just("");
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just("");
        }
    }
}
