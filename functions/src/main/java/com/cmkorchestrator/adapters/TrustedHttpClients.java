package com.cmkorchestrator.adapters;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * HTTP clients for the Azure SDK that trust exactly one PKCS12 trust store (the local emulator's
 * generated certificate) instead of the public CAs. Never a trust-all manager: a client built here
 * refuses every other certificate.
 */
public final class TrustedHttpClients {
    private TrustedHttpClients() {
    }

    public static HttpClient trusting(Path trustStore, String password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SslContext ssl = SslContextBuilder.forClient().trustManager(trust).build();
            reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create()
                    .secure(spec -> spec.sslContext(ssl));
            return new NettyAsyncHttpClientBuilder(netty).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }
}
