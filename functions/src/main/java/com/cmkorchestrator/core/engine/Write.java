package com.cmkorchestrator.core.engine;

/**
 * One change the orchestrator made in Azure: what, on which resource, and a line for people.
 * Outcomes list them, so a test can assert that a converged pass writes nothing.
 */
public record Write(Kind kind, String resource, String detail) {

    public enum Kind {
        CREATE_HSM, DOWNLOAD_SECURITY_DOMAIN, CREATE_KEY, RECOVER_KEY, SET_ROTATION_POLICY, ROTATE_KEY,
        DISABLE_KEY_VERSION, CREATE_IDENTITY, ATTACH_IDENTITY, CREATE_ROLE_ASSIGNMENT, DEFINE_ROLE, BIND
    }
}
