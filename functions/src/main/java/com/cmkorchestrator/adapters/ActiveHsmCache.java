package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers an <em>active</em> HSM's ARM state for a short while, so that a rotation fanning out to hundreds of
 * bindings on one HSM reads it from ARM a few times rather than once per binding: every pass starts with the HSM,
 * and ARM's read bucket (250 burst, 25/s per subscription and principal) is shared with everything else the
 * subscription runs. Only an HSM that is provisioned and active is remembered - one still provisioning or awaiting
 * activation is read every time, so readiness is seen at once. Staleness is harmless: an active HSM stays active
 * unless deleted, and then its data-plane calls fail and are classified like any other.
 */
final class ActiveHsmCache implements HsmPort {
    static final Duration TIME_TO_LIVE = Duration.ofSeconds(30);

    private final HsmPort arm;
    private final Clock clock;
    private final ConcurrentMap<String, Remembered> active = new ConcurrentHashMap<>();

    ActiveHsmCache(HsmPort arm, Clock clock) {
        this.arm = arm;
        this.clock = clock;
    }

    @Override
    public Optional<HsmState> get(ArmId hsm) {
        String key = key(hsm);
        Instant now = clock.instant();
        Remembered remembered = active.get(key);
        if (remembered != null && now.isBefore(remembered.until())) {
            return Optional.of(remembered.state());
        }
        Optional<HsmState> state = arm.get(hsm);
        if (state.filter(HsmState::isActive).isPresent()) {
            active.put(key, new Remembered(state.get(), now.plus(TIME_TO_LIVE)));
        } else {
            active.remove(key);
        }
        return state;
    }

    @Override
    public void beginCreate(HsmRequest request) {
        active.remove(key(request.hsm()));
        arm.beginCreate(request);
    }

    /** ARM IDs compare without regard to case. */
    private static String key(ArmId hsm) {
        return hsm.toString().toLowerCase(Locale.ROOT);
    }

    private record Remembered(HsmState state, Instant until) {
    }
}
