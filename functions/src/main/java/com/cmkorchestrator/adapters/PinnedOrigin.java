package com.cmkorchestrator.adapters;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.URL;
import java.util.Locale;

/**
 * Lets a client send requests to one origin only (scheme, host and port): the endpoint ARM reported for a resource
 * in scope, or ARM itself. It runs on every attempt after the authentication policy has set the token and before
 * anything leaves the process, so neither a redirect nor a URL built from an answer (a poll URL, a next link) can
 * carry the app's token to another host.
 */
public final class PinnedOrigin implements HttpPipelinePolicy {

    private final String scheme;
    private final String host;
    private final int port;

    private PinnedOrigin(String scheme, String host, int port) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
    }

    public static PinnedOrigin to(URI origin) {
        String scheme = origin.getScheme().toLowerCase(Locale.ROOT);
        return new PinnedOrigin(scheme, origin.getHost().toLowerCase(Locale.ROOT), port(scheme, origin.getPort()));
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        String refusal = refusal(context.getHttpRequest().getUrl());
        return refusal == null ? next.process() : Mono.error(new IllegalStateException(refusal));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        String refusal = refusal(context.getHttpRequest().getUrl());
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        return next.processSync();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    private String refusal(URL url) {
        String urlScheme = url.getProtocol().toLowerCase(Locale.ROOT);
        boolean same = urlScheme.equals(scheme) && url.getHost().toLowerCase(Locale.ROOT).equals(host)
                && port(urlScheme, url.getPort()) == port;
        return same ? null : "refused to send a request to " + url.getProtocol() + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort()) + ": this client talks to " + scheme + "://" + host
                + ":" + port + " only";
    }

    private static int port(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return "http".equals(scheme) ? 80 : 443;
    }
}
