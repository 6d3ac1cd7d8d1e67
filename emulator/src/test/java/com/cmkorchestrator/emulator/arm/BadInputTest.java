package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests get Azure's code and status, never a 500, and change nothing. */
class BadInputTest {
    private static EmulatorFixture fixture;
    private static String sub;
    private static String identityId;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        sub = "/subscriptions/" + fixture.emulator.options().subscriptionId();
        ArmScenario arm = new ArmScenario(fixture);
        arm.group("bad-rg");
        identityId = arm.identity("bad-rg", "uami-bad").id();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static RawHttp.Answer send(String method, String path, String body) {
        return fixture.raw.send(method, path, body, Principals.DEPLOYER);
    }

    @Test
    void malformedJsonIsInvalidRequestContentAndCreatesNothing() {
        RawHttp.Answer answer = send("PUT", sub + "/resourcegroups/rg-garbled?api-version=2025-04-01", "{\"location\": \"westus\"");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("InvalidRequestContent");
        assertThat(send("HEAD", sub + "/resourcegroups/rg-garbled?api-version=2025-04-01", null).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {4}")
    @CsvSource(delimiter = '|', value = {
        "PUT|/resourcegroups/rg-x?api-version=2099-01-01|{\"location\":\"westus\"}|400|InvalidApiVersionParameter",
        "GET|/resourcegroups/rg-x|-|400|MissingApiVersionParameter",
        "PUT|/resourceGroups/bad-rg/providers/Microsoft.Storage/storageAccounts/stx?api-version=2019-06-01|{\"location\":\"westus\"}|400|NoRegisteredProviderFound",
        "GET|/resourceGroups/bad-rg/providers/Microsoft.Nope/things/x?api-version=2025-04-01|-|400|InvalidResourceNamespace",
        "GET|/resourceGroups/bad-rg/providers/Microsoft.Storage/things/x?api-version=2025-06-01|-|400|InvalidResourceType",
        "GET|/resourceGroups/bad-rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default?api-version=2025-06-01|-|400|InvalidResourceType",
        "GET|/resourceGroups/no-such-rg/providers/Microsoft.Storage/storageAccounts/st?api-version=2025-06-01|-|404|ResourceGroupNotFound",
        "GET|/resourceGroups/bad-rg/providers/Microsoft.Storage/storageAccounts/nosuch?api-version=2025-06-01|-|404|ResourceNotFound",
        "PUT|/resourceGroups/bad-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/-bad?api-version=2024-11-30|{\"location\":\"westus\"}|400|InvalidResourceName",
        "PUT|/resourceGroups/bad-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami-nowhere?api-version=2024-11-30|{\"location\":\"atlantis\"}|400|LocationNotAvailableForResourceType",
        "PUT|/resourceGroups/bad-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami-tags?api-version=2024-11-30|{\"location\":\"westus\",\"tags\":{\"n\":1}}|400|InvalidRequestContent",
        "PUT|/resourceGroups/bad-rg/providers/Microsoft.Compute/diskEncryptionSets/des%20bad?api-version=2025-01-02|{\"location\":\"westus\"}|400|InvalidParameter",
        "PUT|/resourceGroups/bad-rg/providers/Microsoft.Databricks/workspaces/w?api-version=2026-01-01|{\"location\":\"westus\"}|400|InvalidWorkspaceName",
        "PUT|/resourceGroups/bad-rg/providers/Microsoft.Storage/storageAccounts/stnosku?api-version=2025-06-01|{\"location\":\"westus\",\"kind\":\"StorageV2\"}|400|InvalidRequestContent",
        "PUT|/resourceGroups/bad-rg/providers/Microsoft.Storage/storageAccounts/stbadsku?api-version=2025-06-01|{\"location\":\"westus\",\"kind\":\"StorageV2\",\"sku\":{\"name\":\"Gold\"}}|400|InvalidValuesForRequestParameters",
    })
    void aBadRequestGetsAzuresCode(String method, String path, String body, int status, String code) {
        RawHttp.Answer answer = send(method, sub + path, "-".equals(body) ? null : body);

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.errorCode()).isEqualTo(code);
    }

    @Test
    void aMalformedSubscriptionIdIsInvalidSubscriptionId() {
        RawHttp.Answer answer = send("GET", "/subscriptions/not-a-guid/resourcegroups?api-version=2025-04-01", null);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("InvalidSubscriptionId");
    }

    @Test
    void anotherSubscriptionIsSubscriptionNotFound() {
        RawHttp.Answer answer = send("GET", "/subscriptions/99999999-9999-9999-9999-999999999999/resourcegroups?api-version=2025-04-01", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("SubscriptionNotFound");
    }

    @Test
    void aMalformedIdentityIdIsLinkedInvalidPropertyIdAndCreatesNothing() {
        String body = "{\"location\":\"westus\",\"kind\":\"StorageV2\",\"sku\":{\"name\":\"Standard_LRS\"},"
                + "\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\"uami-by-name\":{}}}}";

        RawHttp.Answer answer = send("PUT", sub + "/resourceGroups/bad-rg/providers/Microsoft.Storage/storageAccounts/stlinked?api-version=2025-06-01", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("LinkedInvalidPropertyId");
        assertThat(fixture.emulator.armDocuments()).noneMatch(doc -> doc.path("name").asText().equals("stlinked"));
    }

    @Test
    void anIdentityThatDoesNotExistIsRefused() {
        String missing = identityId.replace("uami-bad", "uami-missing");
        String body = "{\"location\":\"westus\",\"kind\":\"StorageV2\",\"sku\":{\"name\":\"Standard_LRS\"},"
                + "\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\"" + missing + "\":{}}}}";

        RawHttp.Answer answer = send("PUT", sub + "/resourceGroups/bad-rg/providers/Microsoft.Storage/storageAccounts/stghost?api-version=2025-06-01", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("FailedIdentityOperation");
    }

    @Test
    void aRequestWithoutTokenIsChallenged() {
        RawHttp.Answer answer = fixture.raw.send("GET", sub + "/resourcegroups?api-version=2025-04-01", null, null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("AuthenticationFailed");
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer authorization_uri=");
    }

    @Test
    void anUnknownPathIsNotFound() {
        RawHttp.Answer answer = send("GET", "/not/arm", null);

        assertThat(answer.status()).isEqualTo(404);
    }

    @Test
    void aFailedWriteLeavesTheResourceAsItWas() {
        String path = sub + "/resourceGroups/bad-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami-bad?api-version=2024-11-30";
        String before = send("GET", path, null).json().toString();

        RawHttp.Answer answer = send("PUT", path, "{\"location\":\"eastus\",\"tags\":{\"changed\":\"yes\"}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("InvalidResourceLocation");
        assertThat(send("GET", path, null).json().toString()).isEqualTo(before);
    }
}
