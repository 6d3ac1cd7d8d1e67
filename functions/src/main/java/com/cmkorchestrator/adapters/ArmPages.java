package com.cmkorchestrator.adapters;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The items of an ARM list ({@code {"value": [...], "nextLink": ...}}), one page fetched at a time as they are
 * consumed, for the listings no typed client covers. Written by hand: azure-core's paging types need a typed
 * service interface, which these generic listings do not have.
 */
final class ArmPages implements Iterator<JsonNode> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpPipeline pipeline;
    private final Deque<JsonNode> items = new ArrayDeque<>();
    private String next;

    ArmPages(HttpPipeline pipeline, String firstPage) {
        this.pipeline = pipeline;
        this.next = firstPage;
    }

    @Override
    public boolean hasNext() {
        while (items.isEmpty() && next != null) {
            fetch(next);
        }
        return !items.isEmpty();
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return items.removeFirst();
    }

    private void fetch(String url) {
        try (HttpResponse response = pipeline.sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE)) {
            String body = response.getBodyAsBinaryData().toString();
            if (response.getStatusCode() != 200) {
                throw AzureErrorTranslator.fromResponse("GET " + url, response, body);
            }
            JsonNode page = JSON.readTree(body);
            page.path("value").forEach(items::addLast);
            String link = page.path("nextLink").asText("");
            next = link.isBlank() ? null : link;
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " answered a body that is not JSON", e);
        }
    }
}
