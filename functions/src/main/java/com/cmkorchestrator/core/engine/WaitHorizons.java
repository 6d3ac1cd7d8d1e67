package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.Reason;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;

/**
 * Every wait has a horizon (docs/concurrency.md section 6): each {@code Waiting} reason has the time it is expected to
 * take at most, and a condition still waiting for the same reason past it turns {@code False} with that reason and a
 * message saying how long it waited and what to do. Its {@code lastTransitionTime} stays when the wait began, so the
 * horizon holds however often the step looks again; a step that gets there after all turns the condition {@code True}.
 * Bindings' conditions and HSM requests' both pass through here.
 */
public final class WaitHorizons {

    /** How long a wait is expected to take at most, and what a person does once it took longer. */
    record Horizon(Duration expected, String advice) {
    }

    /** For a waiting reason not listed below (a new one): an hour, then a person looks. */
    static final Horizon DEFAULT = new Horizon(Duration.ofHours(1), "look at the message and at Azure's side");

    private static final Map<Reason, Horizon> HORIZONS = Map.ofEntries(
            entry(Reason.AZURE_RETRYING, new Horizon(Duration.ofHours(1),
                    "Azure keeps failing the call; check Azure's service health and the error in the message")),
            // RBAC changes take up to 10 minutes (azure-facts 9; older docs said 30)
            entry(Reason.AWAITING_PROPAGATION, new Horizon(Duration.ofMinutes(30),
                    "a grant that never takes effect is usually for the wrong principal or scope, or one the caller "
                            + "lacks: check the principal's local role assignments on the HSM")),
            // Terraform's create timeout is 1 h; its acceptance runs took 31-42 minutes (azure-facts 1)
            entry(Reason.HSM_PROVISIONING, new Horizon(Duration.ofHours(2),
                    "check the HSM's provisioning state and activity log in Azure")),
            entry(Reason.HSM_PROVISIONING_STARTED, new Horizon(Duration.ofHours(2),
                    "check the HSM's provisioning state and activity log in Azure")),
            entry(Reason.HSM_UNAVAILABLE, new Horizon(Duration.ofHours(2),
                    "check the HSM's provisioning state in Azure")),
            entry(Reason.NOT_ACTIVATED, new Horizon(Duration.ofDays(7),
                    "an initial administrator must activate the HSM with the command in the message")),
            entry(Reason.SECURITY_DOMAIN_DOWNLOADED, new Horizon(Duration.ofHours(1),
                    "the activation did not finish: check the HSM's activation status, and download the security "
                            + "domain again if it failed")),
            entry(Reason.KEY_CREATED, new Horizon(Duration.ofMinutes(15), "check that the key exists on the HSM")),
            entry(Reason.KEY_RECOVERING, new Horizon(Duration.ofHours(1),
                    "check the soft-deleted key's recovery on the HSM")),
            entry(Reason.ROTATION_POLICY_UPDATED, new Horizon(Duration.ofMinutes(15),
                    "the key's current version stays unusable: rotate the key or fix its policy")),
            entry(Reason.IDENTITY_CREATED, new Horizon(Duration.ofMinutes(30),
                    "check that the identity exists and the app may attach it to the target")),
            entry(Reason.ROLE_ASSIGNMENT_CREATED, new Horizon(Duration.ofMinutes(30),
                    "check the principals' role assignments on the HSM")),
            entry(Reason.TARGET_BUSY, new Horizon(Duration.ofHours(2),
                    "the target stays busy with another operation: check it in Azure")),
            // a DES or workspace write ARM runs as a long-running operation ends in minutes; like a busy target
            entry(Reason.OPERATION_IN_PROGRESS, new Horizon(Duration.ofHours(2),
                    "ARM's long-running write does not end: check the operation in the resource's activity log")),
            entry(Reason.AWAITING_PICKUP, new Horizon(Duration.ofHours(25),
                    "the service never reported the version it uses: check the resource's encryption in Azure")),
            entry(Reason.AWAITING_MANAGED_DISK_IDENTITY, new Horizon(Duration.ofHours(1),
                    "check the workspace's managed disk identity and its grant on the key")),
            // the longest lease lives 15 minutes and is renewed only while its holder polls
            entry(Reason.LEASE_HELD, new Horizon(Duration.ofHours(1),
                    "an instance keeps the lease named in the message: look for a step that never ends")),
            entry(Reason.PACED, new Horizon(Duration.ofMinutes(15),
                    "the HSM's shared pace never has a slot: look for a runaway writer")));

    private WaitHorizons() {
    }

    /** How long a wait for {@code reason} is expected to take at most; empty for a reason that is no wait of its own. */
    public static Optional<Duration> expected(Reason reason) {
        if (reason == Reason.WAITING_FOR_PREVIOUS) {
            return Optional.empty();
        }
        return Optional.of(horizon(reason).expected());
    }

    static Horizon horizon(Reason reason) {
        return HORIZONS.getOrDefault(reason, DEFAULT);
    }

    /**
     * {@code fresh} as a step reported it, or, when it waits for the same reason as {@code previous} did and has
     * waited past its horizon, {@code False} with that reason, dated from when the wait began.
     */
    static Condition apply(Condition fresh, Condition previous, Instant now) {
        if (fresh.status() != ConditionStatus.WAITING || fresh.reason() == Reason.WAITING_FOR_PREVIOUS) {
            return fresh;
        }
        boolean continues = previous != null && previous.reason() == fresh.reason()
                && previous.status() != ConditionStatus.TRUE && !previous.lastTransitionTime().isAfter(now);
        Instant since = continues ? previous.lastTransitionTime() : now;
        Duration waited = Duration.between(since, now);
        Horizon horizon = horizon(fresh.reason());
        if (waited.compareTo(horizon.expected()) <= 0) {
            return fresh;
        }
        String message = "waited " + describe(waited) + " (since " + since + "), longer than the " + describe(
                horizon.expected()) + " this takes: " + horizon.advice() + ". Last seen: " + fresh.message();
        return new Condition(fresh.type(), ConditionStatus.FALSE, fresh.reason(), message, since, fresh.keyVersion());
    }

    /** {@code 4 d 6 h}, {@code 2 h 5 min}, {@code 45 min}, {@code 30 s}. */
    static String describe(Duration duration) {
        long days = duration.toDays();
        long hours = duration.toHoursPart();
        long minutes = duration.toMinutesPart();
        if (days > 0) {
            return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        }
        return minutes > 0 ? minutes + " min" : duration.toSecondsPart() + " s";
    }
}
