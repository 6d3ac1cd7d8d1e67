package com.cmkorchestrator.adapters;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.WrappingCertificate;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import com.cmkorchestrator.core.ports.SecurityDomainOperation;
import com.cmkorchestrator.core.ports.SecurityDomainPort;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * {@link SecurityDomainPort} through an azure-core {@code HttpPipeline}: Java has no security-domain client
 * (azure-facts 4). The response body is the security domain itself, so it is never logged, never put in an
 * exception message, and handed over only as an {@link EncryptedSecurityDomain}, whose {@code toString} hides it.
 */
public final class SecurityDomainDownload implements SecurityDomainPort {
    static final String API_VERSION = "7.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AzureConnection azure;

    public SecurityDomainDownload(AzureConnection azure) {
        this.azure = azure;
    }

    @Override
    public EncryptedSecurityDomain download(URI hsmUri, List<WrappingCertificate> certificates, int quorum) {
        String operation = "POST " + AzureCalls.onHsm(hsmUri, "securitydomain/download");
        ObjectNode body = JSON.createObjectNode();
        certificates.forEach(certificate -> body.withArray("certificates").add(WrappingKeyJwk.of(certificate)));
        body.put("required", quorum);
        HttpRequest request = new HttpRequest(HttpMethod.POST, url(hsmUri, "securitydomain/download"))
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
                .setBody(body.toString());
        return AzureCalls.call(operation, () -> {
            try (HttpResponse response = azure.managedHsmPipeline(hsmUri).sendSync(request, Context.NONE)) {
                String text = response.getBodyAsBinaryData().toString();
                if (response.getStatusCode() != 202 && response.getStatusCode() != 200) {
                    throw AzureErrorTranslator.fromResponse(operation, response, text);
                }
                JsonNode value = read(operation, response, text).path("value");
                if (!value.isTextual() || value.asText().isEmpty()) {
                    throw new AzureCallException(operation, response.getStatusCode(), null,
                            "the download answered without a security domain in 'value'");
                }
                return new EncryptedSecurityDomain(value.asText());
            }
        });
    }

    @Override
    public SecurityDomainOperation downloadStatus(URI hsmUri) {
        String operation = "GET " + AzureCalls.onHsm(hsmUri, "securitydomain/download/pending");
        HttpRequest request = new HttpRequest(HttpMethod.GET, url(hsmUri, "securitydomain/download/pending"));
        return AzureCalls.call(operation, () -> {
            try (HttpResponse response = azure.managedHsmPipeline(hsmUri).sendSync(request, Context.NONE)) {
                String text = response.getBodyAsBinaryData().toString();
                if (response.getStatusCode() != 200) {
                    throw AzureErrorTranslator.fromResponse(operation, response, text);
                }
                JsonNode status = read(operation, response, text);
                return new SecurityDomainOperation(status(status.path("status").asText()),
                        status.path("status_details").asText(""));
            }
        });
    }

    /** {@code Success} and {@code Failed} are final; anything else ({@code InProgress}, new values) means wait. */
    static SecurityDomainOperation.Status status(String azure) {
        if ("Success".equalsIgnoreCase(azure)) {
            return SecurityDomainOperation.Status.SUCCESS;
        }
        return "Failed".equalsIgnoreCase(azure) ? SecurityDomainOperation.Status.FAILED
                : SecurityDomainOperation.Status.IN_PROGRESS;
    }

    private static String url(URI hsmUri, String path) {
        return AzureCalls.onHsm(hsmUri, path) + "?api-version=" + API_VERSION;
    }

    /** Parses a success body; a parse failure names the operation only, never the body. */
    private static JsonNode read(String operation, HttpResponse response, String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AzureCallException(operation, response.getStatusCode(), null, "the answer is not JSON");
        }
    }
}
