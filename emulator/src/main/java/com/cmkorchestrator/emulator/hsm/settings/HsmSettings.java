package com.cmkorchestrator.emulator.hsm.settings;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HSM's account settings. Only {@code AllowKeyManagementOperationsThroughARM} exists (boolean,
 * {@code false} on a new HSM: "Azure Managed HSM does not trust Azure Resource Manager by default").
 * Not thread-safe: the owning HSM serializes access.
 */
public final class HsmSettings {
    public static final String ALLOW_KEY_MANAGEMENT_THROUGH_ARM = "AllowKeyManagementOperationsThroughARM";

    private final Map<String, Boolean> values = new LinkedHashMap<>(Map.of(ALLOW_KEY_MANAGEMENT_THROUGH_ARM, false));

    /** Canonical name and value; the name is matched case-insensitively. */
    public record Setting(String name, boolean value) {
        public String type() { return "boolean"; }
    }

    public Map<String, Boolean> all() { return Map.copyOf(values); }

    public boolean allowKeyManagementThroughArm() { return values.get(ALLOW_KEY_MANAGEMENT_THROUGH_ARM); }

    /** @throws KeyVaultError 404 for a setting the HSM does not have */
    public Setting get(String name) {
        String canonical = canonical(name);
        return new Setting(canonical, values.get(canonical));
    }

    /**
     * @param value {@code "true"} or {@code "false"} (any case), as the SDK sends it
     * @throws KeyVaultError 400 for another value, 404 for an unknown setting
     */
    public Setting update(String name, String value) {
        String canonical = canonical(name);
        String normalized = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!normalized.equals("true") && !normalized.equals("false")) {
            throw KeyVaultError.badParameter("The value of setting '" + canonical
                    + "' must be 'true' or 'false', got '" + value + "'.");
        }
        values.put(canonical, Boolean.parseBoolean(normalized));
        return get(canonical);
    }

    private String canonical(String name) {
        return values.keySet().stream().filter(known -> known.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new KeyVaultError(404, "NotFound", "The setting '" + name
                        + "' does not exist. Known settings: " + String.join(", ", values.keySet()) + "."));
    }
}
