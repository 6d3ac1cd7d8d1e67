package com.cmkorchestrator.adapters;

import com.azure.core.exception.HttpResponseException;
import com.cmkorchestrator.core.errors.AzureCallException;

import java.net.URI;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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

    /**
     * A listing read as it is consumed, each page's failure translated like any other call's. The SDK's paged
     * iterables fetch the next page inside {@code hasNext()}, outside any {@link #call}.
     */
    static <T> Stream<T> stream(String operation, Supplier<Iterator<T>> pages) {
        Iterator<T> items = call(operation, pages);
        Iterator<T> translated = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return call(operation, items::hasNext);
            }

            @Override
            public T next() {
                return call(operation, items::next);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(translated, Spliterator.ORDERED), false);
    }

    /** {@code <hsmUri>/<path>}, whether or not the HSM URI ends with '/': for requests and error messages. */
    static String onHsm(URI hsmUri, String path) {
        String base = hsmUri.toString();
        return (base.endsWith("/") ? base : base + "/") + path;
    }
}
