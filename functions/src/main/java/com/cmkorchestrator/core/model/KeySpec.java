package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Period;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The desired key in the HSM.
 *
 * @param name           key name, {@code ^[a-zA-Z0-9-]{1,127}$}
 * @param type           {@code RSA-HSM} or {@code EC-HSM}
 * @param size           RSA modulus bits: 2048, 3072 or 4096 (2048 when omitted, Azure's default); absent for EC
 * @param curve          EC curve ({@code P-256} when omitted); absent for RSA
 * @param rotationPolicy optional rotation policy, applied at creation and kept in line afterwards
 * @param adopt          {@code true} to take over a key that exists and the app did not create; left out (or
 *                       {@code false}), an existing key the app does not own is reported and never written to.
 *                       Adopting changes the key's rotation policy only when {@code rotationPolicy} is given
 * @param retireAfter    optional: disable a version this long after its successor became current, once every
 *                       resource in the allow-list that uses the key shows a newer version and its service's pickup
 *                       window has passed (never deleted; only a key the app owns; absent: versions stay enabled)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeySpec(String name, KeyType type, Integer size, String curve, RotationPolicySpec rotationPolicy,
                      Boolean adopt, Period retireAfter) {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9-]{1,127}$");
    public static final List<Integer> RSA_SIZES = List.of(2048, 3072, 4096);
    public static final List<String> EC_CURVES = List.of("P-256", "P-256K", "P-384", "P-521");

    public KeySpec {
        Faults faults = new Faults();
        if (faults.required(name, "name")) {
            faults.check(NAME.matcher(name).matches(), "name", "must match ^[a-zA-Z0-9-]{1,127}$, not '" + name + "'");
        }
        if (type == KeyType.RSA_HSM) {
            faults.check(curve == null, "curve", "applies to EC-HSM keys only");
            size = size == null ? 2048 : size;
            faults.check(RSA_SIZES.contains(size), "size", "must be 2048, 3072 or 4096 for RSA-HSM, not " + size);
        } else if (faults.required(type, "type")) {
            faults.check(size == null, "size", "applies to RSA-HSM keys only; EC-HSM keys take a curve");
            curve = curve == null ? "P-256" : curve;
            faults.check(EC_CURVES.contains(curve), "curve", "must be one of " + EC_CURVES + ", not '" + curve + "'");
        }
        // a day at least: no service's pickup window is longer, so a shorter wait could only ever be refused
        faults.check(retireAfter == null || Periods.isPositive(retireAfter) && Periods.minimumDays(retireAfter) >= 1,
                "retireAfter", "must be an ISO-8601 period of at least a day, such as P30D");
        faults.throwIfAny();
        // stored only when asked for, so a binding that never adopts keeps the JSON it always had
        adopt = Boolean.TRUE.equals(adopt) ? Boolean.TRUE : null;
    }

    /** Whether the binding takes over an existing key the app did not create. */
    public boolean adopts() {
        return Boolean.TRUE.equals(adopt);
    }

    /** The same key, adopted if it exists. */
    public KeySpec adopting() {
        return new KeySpec(name, type, size, curve, rotationPolicy, true, retireAfter);
    }

    public KeySpec(String name, KeyType type, Integer size, String curve, RotationPolicySpec rotationPolicy) {
        this(name, type, size, curve, rotationPolicy, null, null);
    }

    /** An RSA-HSM key without rotation policy. */
    public static KeySpec rsa(String name, int size) {
        return new KeySpec(name, KeyType.RSA_HSM, size, null, null);
    }

    public KeySpec withRotationPolicy(RotationPolicySpec policy) {
        return new KeySpec(name, type, size, curve, policy, adopt, retireAfter);
    }

    public KeySpec withRetireAfter(Period period) {
        return new KeySpec(name, type, size, curve, rotationPolicy, adopt, period);
    }
}
