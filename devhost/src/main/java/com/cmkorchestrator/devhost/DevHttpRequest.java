package com.cmkorchestrator.devhost;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link HttpRequestMessage} the development host hands to HTTP-triggered functions, with the
 * body as {@code Optional<String>} (the type this app's functions declare). Header names are
 * case-insensitive, as in the Functions host.
 */
public record DevHttpRequest(URI uri, HttpMethod method, Map<String, String> headers,
                             Map<String, String> queryParameters, Optional<String> body)
        implements HttpRequestMessage<Optional<String>> {

    public DevHttpRequest {
        Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = caseInsensitive;
        queryParameters = new LinkedHashMap<>(queryParameters);
    }

    @Override
    public URI getUri() { return uri; }

    @Override
    public HttpMethod getHttpMethod() { return method; }

    @Override
    public Map<String, String> getHeaders() { return headers; }

    @Override
    public Map<String, String> getQueryParameters() { return queryParameters; }

    @Override
    public Optional<String> getBody() { return body; }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new DevHttpResponse.Builder().status(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new DevHttpResponse.Builder().status(status);
    }
}
