package com.cmkorchestrator.adapters;

import com.azure.core.exception.HttpResponseException;
import com.cmkorchestrator.core.errors.AzureCallException;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How every adapter makes an SDK call: failures leave as {@link AzureCallException} (through
 * {@link AzureErrorTranslator}), and reads that the ports define as "empty when not found" turn a 404 into
 * {@link Optional#empty()}.
 */
final class AzureCalls {
    private AzureCalls() {
    }

    /** Runs {@code call}, translating its failure. */
    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw AzureErrorTranslator.translate(operation, e);
        }
    }

    static void run(String operation, Runnable call) {
        call(operation, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Runs a read: its result, empty when Azure answered 404 (any code: {@code ResourceNotFound},
     * {@code ResourceGroupNotFound}, {@code KeyNotFound}, ...), or a translated failure.
     */
    static <T> Optional<T> find(String operation, Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw AzureErrorTranslator.translate(operation, e);
        } catch (RuntimeException e) {
            throw AzureErrorTranslator.translate(operation, e);
        }
    }

    /** {@code <hsmUri>/<path>}, whether or not the HSM URI ends with '/': for requests and error messages. */
    static String onHsm(URI hsmUri, String path) {
        String base = hsmUri.toString();
        return (base.endsWith("/") ? base : base + "/") + path;
    }
}
