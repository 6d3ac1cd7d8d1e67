package com.cmkorchestrator.retry;

import java.time.Duration;

/**
 * The app's one retry story, with every number in it. Who looks again at what, and when (docs/concurrency.md 3):
 *
 * <ol>
 *   <li><b>An Azure call is never retried where it failed.</b> The Azure SDK's own retry policy is off on every
 *       client that reaches Azure (ARM managers, Key Vault clients, the Managed HSM pipeline, Event Grid, blobs):
 *       {@link #SDK_RETRIES} is 0. A failed call ends its step at once, with its {@code Retry-After}, instead of
 *       sleeping inside a function invocation while the SDK tries again.</li>
 *   <li><b>An ARM request may wait before it is sent, never after it failed</b> ({@code adapters/pacing}): the
 *       process paces its ARM requests from the remaining counts ARM reports and pauses a subscription for a 429's
 *       {@code Retry-After}, for at most {@link #ARM_PACING_LONGEST_WAIT} in all; a longer wait ends the call as
 *       throttled, unsent, and the pass's re-check waits instead.</li>
 *   <li><b>The error classifier decides when to look again</b> ({@code core/errors/ErrorClassifier}): a transient
 *       failure after {@code Retry-After}, else {@link #TRANSIENT}; a grant or principal still propagating after at
 *       least {@link #PROPAGATION_FIRST}, the engine doubling the wait up to {@link #PROPAGATION_LONGEST}; a fatal one
 *       after {@link #FAILED_RECHECK}, when a person may have fixed it.</li>
 *   <li><b>The pass's re-check goes on the reconcile queue</b> with the delay its first unmet condition asked for:
 *       {@link #AFTER_CHANGE} after a write whose effect the next pass checks, {@link #NEW_PRINCIPAL} after creating
 *       an identity, a long-running operation's {@code Retry-After} (else {@link #OPERATION_POLL}) while it runs,
 *       {@link #HSM_POLL} while an HSM provisions or activates (a manual activation's polls growing up to
 *       {@link #ACTIVATION_POLL_LONGEST}), {@link #STEADY_RECHECK} once everything holds. This is the only retry of an
 *       Azure call: a new pass, which reads Azure again before it writes.</li>
 *   <li><b>The queue retries a work item whose processing threw</b> (a bug, storage down): the worker puts it back
 *       after {@link #WORK_ITEM_FIRST} doubling up to {@link #WORK_ITEM_LONGEST}, for at most
 *       {@code CMK_MAX_RECONCILE_ATTEMPTS} attempts ({@link #MAX_RECONCILE_ATTEMPTS} by default), then poisons it with
 *       its last error. {@code host.json}'s {@code extensions.queues.maxDequeueCount} is the same number, so that the
 *       host, should it see the item first, poisons it at the same count (a test compares the two, and Bicep's).</li>
 *   <li><b>State writes retry their ETag races</b> ({@code state/OptimisticRetry}), up to
 *       {@link #STATE_WRITE_ATTEMPTS} times: that is the app's own state, not Azure. The Table and Queue clients of
 *       that state keep the Storage SDK's retry of transient storage faults: failing there would throw away a pass
 *       whose Azure work is done.</li>
 *   <li>Event Grid redelivers an event whose handler threw, under its subscription's retry policy; the handler only
 *       queues work, so a redelivery costs a look.</li>
 * </ol>
 */
public final class Retries {

    /** Retries of the Azure SDK's own retry policy on every client that reaches Azure: none. */
    public static final int SDK_RETRIES = 0;

    /**
     * The longest an ARM request waits in the process for ARM's budget (the pacing's spacing below a bucket's floor,
     * or a 429's pause of its subscription); a longer wait ends the call as throttled and the pass's re-check waits
     * on the queue for it instead, holding no worker.
     */
    public static final Duration ARM_PACING_LONGEST_WAIT = Duration.ofSeconds(10);

    /** A transient Azure failure (5xx, 408, 429, a busy resource) that named no {@code Retry-After}. */
    public static final Duration TRANSIENT = Duration.ofSeconds(10);
    /** First wait for a grant or principal to propagate (azure-facts 9: RBAC can take 10 minutes). */
    public static final Duration PROPAGATION_FIRST = Duration.ofSeconds(30);
    /** Longest such wait: the waits double, as long again as already waited, up to this. */
    public static final Duration PROPAGATION_LONGEST = Duration.ofMinutes(5);

    /** After a change whose effect the next pass checks (a key created, a policy set, one of several grants). */
    public static final Duration AFTER_CHANGE = Duration.ofSeconds(5);
    /** After creating an identity: new principals take a while to reach the directory the HSM checks. */
    public static final Duration NEW_PRINCIPAL = Duration.ofSeconds(20);
    /** A long-running ARM operation whose answer named no {@code Retry-After}: when the pass polls it next. */
    public static final Duration OPERATION_POLL = Duration.ofSeconds(10);
    /** While an HSM provisions or activates, or a target is busy with another operation. */
    public static final Duration HSM_POLL = Duration.ofMinutes(1);
    /** Longest pause between looks at an HSM that waits for its administrators to activate it. */
    public static final Duration ACTIVATION_POLL_LONGEST = Duration.ofMinutes(15);
    /** A binding with a False condition: a person, or an event, may fix it meanwhile. */
    public static final Duration FAILED_RECHECK = Duration.ofHours(1);
    /** A converged binding (the health sweep looks too). */
    public static final Duration STEADY_RECHECK = Duration.ofHours(6);

    /** A work item whose processing threw, on its first failure; each further failure doubles it. */
    public static final Duration WORK_ITEM_FIRST = Duration.ofSeconds(10);
    /** The longest pause before a failed work item's next attempt. */
    public static final Duration WORK_ITEM_LONGEST = Duration.ofMinutes(15);
    /** Default of {@code CMK_MAX_RECONCILE_ATTEMPTS}, and {@code host.json}'s {@code maxDequeueCount}. */
    public static final int MAX_RECONCILE_ATTEMPTS = 8;

    /** Attempts of a state write that keeps losing its ETag race before it is reported. */
    public static final int STATE_WRITE_ATTEMPTS = 5;

    private Retries() {
    }
}
