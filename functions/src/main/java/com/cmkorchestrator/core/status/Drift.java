package com.cmkorchestrator.core.status;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The last change to a binding's target that the app did not make: kept in the status for {@link #REMEMBERED}, so that
 * the health report lists it as a finding after the pass that repaired it has long been superseded.
 *
 * @param at        when a pass found it
 * @param change    what differed from what the app had bound
 * @param repaired  whether the pass wrote the binding's settings back ({@code onDrift: repair})
 * @param noticedBy what queued the pass that found it, as the app recorded it: the event, with its caller, when an
 *                  ARM write event led there; null until the app records the pass
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Drift(Instant at, String change, boolean repaired, String noticedBy) {

    /** How long a drift stays in the status (and in the findings) after it was found. */
    public static final Duration REMEMBERED = Duration.ofDays(7);

    public Drift {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(change, "change");
    }

    public Drift noticedBy(String cause) {
        return new Drift(at, change, repaired, cause);
    }

    public boolean rememberedAt(Instant now) {
        return now.isBefore(at.plus(REMEMBERED));
    }

    /** One line for people: what changed, who or what noticed, and what the app did. */
    public String describe() {
        return "the target's key settings were changed outside the app (" + change + "); noticed by "
                + (noticedBy == null ? "a reconcile pass" : noticedBy) + " at " + at + "; "
                + (repaired ? "repaired" : "left as found (onDrift: report)");
    }
}
