package com.cmkorchestrator.devhost;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;

import java.util.Map;
import java.util.TreeMap;

/** The response a function builds with {@code request.createResponseBuilder(...)}. */
public record DevHttpResponse(HttpStatusType status, Map<String, String> headers, Object body)
        implements HttpResponseMessage {

    @Override
    public HttpStatusType getStatus() { return status; }

    @Override
    public String getHeader(String name) { return headers.get(name); }

    @Override
    public Object getBody() { return body; }

    /** Builder with case-insensitive header names. */
    public static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private Object body;

        @Override
        public Builder status(HttpStatusType status) {
            this.status = status;
            return this;
        }

        @Override
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        @Override
        public Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            if (status == null) {
                throw new IllegalStateException("a response needs a status");
            }
            return new DevHttpResponse(status, new TreeMap<>(headers), body);
        }
    }
}
