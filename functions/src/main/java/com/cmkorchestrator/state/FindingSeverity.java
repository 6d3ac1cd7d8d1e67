package com.cmkorchestrator.state;

/** How urgent a health-sweep finding is. */
public enum FindingSeverity {
    /** Worth knowing, nothing to do (e.g. a rebind is scheduled). */
    INFO,
    /** Will hurt if left alone (e.g. a key near expiry, a key near its version cap). */
    WARNING,
    /** Hurts now or is about to (e.g. a resource on a disabled or expired version, access missing). */
    CRITICAL
}
