package com.cmkorchestrator.core.engine;

/**
 * Managed HSM's role assignment limits (azure-facts 8, from the Key Vault service limits): 10 per key scope
 * ({@code /keys/<name>}), 50 at HSM scope ({@code /} and {@code /keys} together). The app counts before it grants, so
 * that a full scope is a condition naming the limit and the ways out, not Azure's bare refusal.
 */
final class RoleAssignmentLimits {

    static final int PER_KEY_SCOPE = 10;
    static final int AT_HSM_SCOPE = 50;

    private RoleAssignmentLimits() {
    }

    /** The most assignments {@code scope} may hold. */
    static int limitAt(String scope) {
        return scope.startsWith("/keys/") ? PER_KEY_SCOPE : AT_HSM_SCOPE;
    }

    /** Whether one more assignment fits next to the {@code present} ones. */
    static boolean fits(String scope, int present) {
        return present < limitAt(scope);
    }

    /** What the condition says when {@code scope} is full: which limit, how many exist, and the two ways out. */
    static String reached(String scope, int present, String principal) {
        boolean keyScope = scope.startsWith("/keys/");
        String limit = keyScope
                ? "Managed HSM allows " + PER_KEY_SCOPE + " role assignments per key scope, and " + scope + " has "
                + present
                : "Managed HSM allows " + AT_HSM_SCOPE + " role assignments at HSM scope (/ and /keys together), and it "
                + "has " + present;
        String broader = keyScope
                ? "grant at the HSM's /keys scope (\"identity\": {..., \"grantScope\": \"allKeys\"}; counted against the"
                + " HSM's " + AT_HSM_SCOPE + ")"
                : "grant per key (\"identity\": {..., \"grantScope\": \"key\"}; " + PER_KEY_SCOPE + " per key)";
        return limit + ": no grant can be added for " + principal + ". Two ways out: share one identity per key"
                + " (\"identity\": {\"create\": {\"resourceGroup\": \"...\"}} without a name: one assignment serves every"
                + " resource bound to the key), or " + broader;
    }
}
