package com.cmkorchestrator.adapters.support;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A fixed HTTP answer, for unit tests of code that reads SDK exceptions without a server. */
public final class CannedResponse extends HttpResponse {
    private final int status;
    private final HttpHeaders headers;
    private final String body;

    public CannedResponse(int status, HttpHeaders headers, String body) {
        super(new HttpRequest(HttpMethod.GET, "https://example.invalid/"));
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    @Override
    public int getStatusCode() { return status; }

    @Override
    public String getHeaderValue(String name) { return headers.getValue(name); }

    @Override
    public HttpHeaders getHeaders() { return headers; }

    @Override
    public Flux<ByteBuffer> getBody() {
        return body == null ? Flux.empty() : Flux.just(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
        return body == null ? Mono.empty() : Mono.just(body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Mono<String> getBodyAsString() { return Mono.justOrEmpty(body); }

    @Override
    public Mono<String> getBodyAsString(Charset charset) { return Mono.justOrEmpty(body); }
}
