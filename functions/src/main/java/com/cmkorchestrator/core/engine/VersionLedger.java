package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.status.VersionUse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the record of which version each slot uses and when it left the others: the memory the retention guard
 * needs, since Azure does not say when a service stopped using a version.
 */
final class VersionLedger {

    /** Retired entries are kept this long beyond their pickup window, then forgotten. */
    static final Duration KEEP_AFTER_WINDOW = Duration.ofDays(7);

    private VersionLedger() {
    }

    static List<VersionUse> update(List<VersionUse> previous, Map<KeySlot, String> inForce, Instant now) {
        List<VersionUse> next = new ArrayList<>();
        for (VersionUse use : previous) {
            String current = inForce.get(use.slot());
            boolean stillUsed = current == null || use.version().equalsIgnoreCase(current);
            if (use.inUse() && !stillUsed) {
                next.add(use.retiredAt(now));
            } else if (use.inUse() || now.isBefore(use.leftUseAt().plus(use.slot().kind().pickupWindow())
                    .plus(KEEP_AFTER_WINDOW))) {
                next.add(use);
            }
        }
        inForce.forEach((slot, version) -> {
            boolean known = next.stream().anyMatch(use -> use.slot() == slot && use.inUse()
                    && use.version().equalsIgnoreCase(version));
            if (!known) {
                next.add(new VersionUse(slot, version, now, null));
            }
        });
        return next;
    }
}
