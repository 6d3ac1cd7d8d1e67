package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.state.StateLimits;

/**
 * Stores a long string in consecutive table properties {@code Name}, {@code Name_1}, {@code Name_2}...
 * of at most {@link StateLimits#CHUNK_CHARS} chars each: a table string property holds only 32 Ki
 * chars. Hand-written because the Tables SDK has no such feature.
 */
final class ChunkedText {

    private ChunkedText() {
    }

    static void put(TableEntity entity, String property, String text) {
        int chunk = 0;
        int start = 0;
        do {
            int end = Math.min(text.length(), start + StateLimits.CHUNK_CHARS);
            // never split a surrogate pair: half a character is not valid UTF-16 on the wire
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            entity.addProperty(chunkName(property, chunk++), text.substring(start, end));
            start = end;
        } while (start < text.length());
    }

    static String get(TableEntity entity, String property) {
        Object first = entity.getProperty(property);
        if (!(first instanceof String text)) {
            throw new IllegalStateException("entity " + entity.getPartitionKey() + "/" + entity.getRowKey()
                    + " has no text property " + property);
        }
        StringBuilder joined = new StringBuilder(text);
        for (int chunk = 1; entity.getProperty(chunkName(property, chunk)) instanceof String next; chunk++) {
            joined.append(next);
        }
        return joined.toString();
    }

    private static String chunkName(String property, int chunk) {
        return chunk == 0 ? property : property + "_" + chunk;
    }
}
