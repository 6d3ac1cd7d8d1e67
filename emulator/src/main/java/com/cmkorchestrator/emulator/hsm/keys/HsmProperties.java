package com.cmkorchestrator.emulator.hsm.keys;

/**
 * The ARM properties of a {@code Microsoft.KeyVault/managedHSMs} resource that change data-plane
 * behaviour: how long deleted keys stay recoverable and whether they may be purged early.
 *
 * @param softDeleteRetentionInDays 7..90 (ARM's range; default 90)
 * @param purgeProtectionEnabled when on, deleted keys cannot be purged before their scheduled purge date
 */
public record HsmProperties(int softDeleteRetentionInDays, boolean purgeProtectionEnabled) {

    /** What our ARM emulation uses when the template says nothing: 90 days, purge protection on. */
    public static final HsmProperties DEFAULTS = new HsmProperties(90, true);

    public HsmProperties {
        if (softDeleteRetentionInDays < 7 || softDeleteRetentionInDays > 90) {
            throw new IllegalArgumentException("softDeleteRetentionInDays must be 7..90, got " + softDeleteRetentionInDays);
        }
    }

    /** The same retention with purge protection on (turning it on through ARM; it cannot be turned off). */
    public HsmProperties withPurgeProtection() {
        return new HsmProperties(softDeleteRetentionInDays, true);
    }

    /**
     * Key Vault's {@code recoveryLevel} for these settings: "Customized" below 90 days, and
     * "+Purgeable" unless purge protection forbids early purge.
     */
    public String recoveryLevel() {
        String level = softDeleteRetentionInDays == 90 ? "Recoverable" : "CustomizedRecoverable";
        return purgeProtectionEnabled ? level : level + "+Purgeable";
    }
}
