package com.cmkorchestrator.app.health;

import com.cmkorchestrator.core.model.Periods;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.state.FindingSeverity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What lies ahead for one key, as the health sweep reads it from the HSM: the current version's expiry against the
 * notify window (the rotation policy's, else the app's default), and how close the key is to Managed HSM's cap of
 * 100 versions.
 *
 * @param key          the key, or null when it could not be read
 * @param notifyWindow how long before expiry counts as near
 * @param readError    why the key could not be read, or null
 */
public record KeyHorizon(KeyState key, Duration notifyWindow, String readError) {

    /** Versions at which the sweep starts warning: ten rotations before the cap. */
    public static final int VERSION_WARNING = KeyState.VERSION_CAP - 10;

    public static KeyHorizon of(KeyState key, Optional<KeyRotationPolicy> policy, Duration defaultWindow) {
        KeyVersion current = key.latest();
        Duration window = policy.map(KeyRotationPolicy::notifyBeforeExpiry)
                .filter(period -> current.expiresOn() != null)
                .map(period -> Duration.between(Periods.before(current.expiresOn(), period), current.expiresOn()))
                .orElse(defaultWindow);
        return new KeyHorizon(key, window, null);
    }

    public static KeyHorizon unreadable(String error) {
        return new KeyHorizon(null, Duration.ZERO, error);
    }

    /** A problem seen from here: severity and message. */
    public record Concern(FindingSeverity severity, String message) {
    }

    public List<Concern> concerns(Instant now) {
        List<Concern> concerns = new ArrayList<>();
        if (key == null) {
            concerns.add(new Concern(FindingSeverity.WARNING, "the key could not be read: " + readError));
            return concerns;
        }
        KeyVersion current = key.latest();
        if (current.expiresOn() != null) {
            if (current.isExpiredAt(now)) {
                concerns.add(new Concern(FindingSeverity.CRITICAL, "key " + key.name() + " version " + current.version()
                        + " expired at " + current.expiresOn() + ": services lose access"));
            } else if (!now.isBefore(current.expiresOn().minus(notifyWindow))) {
                concerns.add(new Concern(FindingSeverity.WARNING, "key " + key.name() + " version " + current.version()
                        + " expires at " + current.expiresOn() + " (within the " + notifyWindow.toDays()
                        + "-day notice window)"));
            }
        }
        if (key.versions().size() >= VERSION_WARNING) {
            concerns.add(new Concern(key.atVersionCap() ? FindingSeverity.CRITICAL : FindingSeverity.WARNING,
                    "key " + key.name() + " has " + key.versions().size() + " of " + KeyState.VERSION_CAP
                            + " versions; at the cap it can no longer rotate"));
        }
        return concerns;
    }
}
