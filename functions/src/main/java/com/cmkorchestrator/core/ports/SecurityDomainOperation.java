package com.cmkorchestrator.core.ports;

import java.util.Objects;

/**
 * {@code GET {hsmUri}/securitydomain/download/pending}: {@code {"status": "...", "status_details": "..."}}.
 */
public record SecurityDomainOperation(Status status, String details) {

    public enum Status { IN_PROGRESS, SUCCESS, FAILED }

    public SecurityDomainOperation {
        Objects.requireNonNull(status, "status");
        details = details == null ? "" : details;
    }
}
