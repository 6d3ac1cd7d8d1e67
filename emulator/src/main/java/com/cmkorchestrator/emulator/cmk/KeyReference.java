package com.cmkorchestrator.emulator.cmk;

import com.cmkorchestrator.emulator.transport.EmuException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer-managed key as a resource refers to it: the HSM (or vault) URI, the key name and,
 * when pinned, the version. Built from a key URL ({@code https://<hsm>/keys/<name>[/<version>]},
 * Disk Encryption Sets) or from separate fields (Storage, Databricks).
 *
 * @param version null for a versionless reference
 */
public record KeyReference(URI vaultUri, String keyName, String version) {
    private static final Pattern KEY_URL = Pattern.compile("^(https://[^/]+)/keys/([^/]+)(?:/([^/]*))?/?$");
    private static final Pattern KEY_NAME = Pattern.compile("^[a-zA-Z0-9-]{1,127}$");

    public KeyReference {
        if (vaultUri == null || !"https".equalsIgnoreCase(vaultUri.getScheme()) || vaultUri.getHost() == null) {
            throw new IllegalArgumentException("the vault URI must be an https URI, got " + vaultUri);
        }
        if (keyName == null || !KEY_NAME.matcher(keyName).matches()) {
            throw new IllegalArgumentException("invalid key name: " + keyName);
        }
        if (version != null && version.isEmpty()) {
            version = null;
        }
    }

    /**
     * Parses a key URL.
     *
     * @param invalid the resource provider's error for a URL it cannot use
     */
    public static KeyReference fromKeyUrl(String url, EmuException invalid) {
        Matcher matcher = url == null ? null : KEY_URL.matcher(url);
        if (matcher == null || !matcher.matches() || !KEY_NAME.matcher(matcher.group(2)).matches()) {
            throw invalid;
        }
        String version = matcher.group(3);
        return new KeyReference(URI.create(matcher.group(1) + "/"), matcher.group(2),
                version == null || version.isEmpty() ? null : version);
    }

    /** Builds a reference from a vault URI and key fields, or throws {@code invalid}. */
    public static KeyReference of(String vaultUri, String keyName, String version, EmuException invalid) {
        try {
            URI uri = new URI(vaultUri == null ? "" : vaultUri.trim());
            if (uri.getHost() == null || !"https".equalsIgnoreCase(uri.getScheme())
                    || (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath()))) {
                throw invalid;
            }
            return new KeyReference(URI.create("https://" + uri.getRawAuthority() + "/"), keyName, version);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw invalid;
        }
    }

    public boolean isVersioned() { return version != null; }

    /** {@code https://<hsm>/keys/<name>[/<version>]} */
    public String keyUrl() {
        String base = vaultUri.toString().endsWith("/") ? vaultUri.toString() : vaultUri + "/";
        return base + "keys/" + keyName + (version == null ? "" : "/" + version);
    }

    /** The version part of a versioned key ID {@code .../keys/<name>/<version>}. */
    public static String versionOf(String versionedKeyId) {
        return versionedKeyId.substring(versionedKeyId.lastIndexOf('/') + 1);
    }
}
