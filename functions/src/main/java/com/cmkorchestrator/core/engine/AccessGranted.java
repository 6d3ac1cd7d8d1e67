package com.cmkorchestrator.core.engine;

import java.util.Set;

/**
 * {@code AccessGranted} holds: every principal that reaches the key holds its role.
 *
 * @param principals the principals found holding a grant, or granted one in this pass
 */
record AccessGranted(IdentityReady identity, Set<String> principals) {

    AccessGranted {
        principals = Set.copyOf(principals);
    }

    KeyReady key() {
        return identity.key();
    }
}
