package com.cmkorchestrator.app.events;

/**
 * The {@code data} of Key Vault's key events ({@code Microsoft.KeyVault.KeyNewVersionCreated}, {@code KeyNearExpiry},
 * {@code KeyExpired}) in Key Vault's own schema, which the HSM event bridge also publishes so that one handler serves
 * both sources (azure-facts 6). Its JSON form is the Event Grid adapter's business
 * ({@code adapters/eventgrid/KeyVaultEventJson}).
 *
 * @param id         the key identifier, {@code https://<vault>/keys/<name>/<version>}
 * @param vaultName  the vault's (for the bridge: the Managed HSM's) name
 * @param objectType {@code Key}
 * @param objectName the key's name
 * @param version    the key version
 * @param nbf        not-before, epoch seconds, or null
 * @param exp        expiry, epoch seconds, or null
 */
public record KeyVaultEventData(String id, String vaultName, String objectType, String objectName, String version,
                                Long nbf, Long exp) {

    public static final String KEY_OBJECT_TYPE = "Key";
}
