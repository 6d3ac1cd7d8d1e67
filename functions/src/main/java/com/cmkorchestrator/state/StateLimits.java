package com.cmkorchestrator.state;

import java.util.regex.Pattern;

/**
 * The limits of Azure Table storage, enforced identically by every store implementation so that a
 * record the in-memory store accepts is one Azure accepts too.
 *
 * <p>Azure: a string property holds at most 64 KiB of UTF-16 (32 Ki chars), an entity at most 1 MiB
 * counting 2 bytes per char, keys at most 1 KiB and never {@code / \ # ?} or control characters.
 * JSON documents are split into {@value #CHUNK_CHARS}-char properties; their total is capped at
 * {@value #MAX_JSON_CHARS} chars so that the entity stays under 1 MiB with room for the other properties.
 */
public final class StateLimits {

    /** Chars per stored property: under the 32,768-char limit, with margin. */
    public static final int CHUNK_CHARS = 32_000;
    /** Chars of JSON one record may hold in total (spec and status together). */
    public static final int MAX_JSON_CHARS = 15 * CHUNK_CHARS;
    /** Length of a record name (a table key); Azure's limit is 1 KiB, i.e. 512 chars. */
    public static final int MAX_NAME_CHARS = 255;

    private static final Pattern FORBIDDEN_IN_KEYS = Pattern.compile("[/\\\\#?\\u0000-\\u001F\\u007F-\\u009F]");
    // Managed HSM names, key names and key versions are all letters, digits and hyphens.
    private static final Pattern KEY_VAULT_NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");

    private StateLimits() {
    }

    /** A record name usable as a table key. */
    public static String requireName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " name must not be blank");
        }
        if (name.length() > MAX_NAME_CHARS || FORBIDDEN_IN_KEYS.matcher(name).find()) {
            throw new IllegalArgumentException(what + " name '" + name + "' must be at most " + MAX_NAME_CHARS
                    + " characters without / \\ # ? or control characters");
        }
        return name;
    }

    /** An HSM name, key name or key version: letters, digits and hyphens, as Key Vault allows. */
    public static String requireKeyVaultName(String what, String value) {
        if (value == null || !KEY_VAULT_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' must be 1-127 letters, digits or hyphens");
        }
        return value;
    }

    /**
     * Fails when the JSON documents of one record exceed what an entity holds.
     *
     * @throws StateTooLargeException naming the record and its size
     */
    public static void requireFits(String what, String... jsonDocuments) {
        long chars = 0;
        for (String json : jsonDocuments) {
            chars += json.length();
        }
        if (chars > MAX_JSON_CHARS) {
            throw new StateTooLargeException(what + " holds " + chars + " characters of JSON; the state table holds at most "
                    + MAX_JSON_CHARS + " per record (Azure Table storage: 1 MiB per entity)");
        }
    }
}
