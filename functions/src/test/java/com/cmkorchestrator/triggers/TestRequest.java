package com.cmkorchestrator.triggers;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** The request and context the Functions worker would pass, for calling HTTP function methods directly. */
record TestRequest(HttpMethod method, String path, Map<String, String> headers, Optional<String> body)
        implements HttpRequestMessage<Optional<String>> {

    static TestRequest of(HttpMethod method, String path, String body, String... headers) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return new TestRequest(method, path, map, Optional.ofNullable(body));
    }

    /** A request with the context to call a function with, and the functions to call. */
    record Call(TestRequest request, ExecutionContext context, Triggers functions) {
    }

    static final ExecutionContext CONTEXT = new ExecutionContext() {
        @Override
        public Logger getLogger() { return Logger.getLogger("test-function"); }

        @Override
        public String getInvocationId() { return "test-invocation"; }

        @Override
        public String getFunctionName() { return "test-function"; }
    };

    @Override
    public URI getUri() { return URI.create("http://localhost:7071" + path); }

    @Override
    public HttpMethod getHttpMethod() { return method; }

    @Override
    public Map<String, String> getHeaders() { return headers; }

    @Override
    public Map<String, String> getQueryParameters() { return Map.of(); }

    @Override
    public Optional<String> getBody() { return body; }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new Response.Builder().status(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new Response.Builder().status(status);
    }

    record Response(HttpStatusType status, Map<String, String> headers, Object body) implements HttpResponseMessage {
        @Override
        public HttpStatusType getStatus() { return status; }

        @Override
        public String getHeader(String name) { return headers.get(name); }

        @Override
        public Object getBody() { return body; }

        static final class Builder implements HttpResponseMessage.Builder {
            private HttpStatusType status;
            private final Map<String, String> headers = new HashMap<>();
            private Object body;

            @Override
            public Builder status(HttpStatusType value) { status = value; return this; }

            @Override
            public Builder header(String name, String value) { headers.put(name, value); return this; }

            @Override
            public Builder body(Object value) { body = value; return this; }

            @Override
            public HttpResponseMessage build() { return new Response(status, Map.copyOf(headers), body); }
        }
    }
}
