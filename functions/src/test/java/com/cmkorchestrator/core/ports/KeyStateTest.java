package com.cmkorchestrator.core.ports;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyStateTest {

    private static final Instant SAME_SECOND = Instant.parse("2026-11-28T10:00:00Z");
    private static final KeyVersion CREATED = new KeyVersion("aaa-created", true, SAME_SECOND, null, null);
    private static final KeyVersion ROTATED = new KeyVersion("zzz-rotated", true, SAME_SECOND, null, null);

    @Test
    void theHsmsOwnAnswerDecidesBetweenVersionsMadeInTheSameSecond() {
        assertThat(new KeyState("k", "RSA-HSM", 2048, null, List.of(ROTATED, CREATED), "aaa-created").latest())
                .isEqualTo(CREATED);
        assertThat(new KeyState("k", "RSA-HSM", 2048, null, List.of(CREATED, ROTATED), "zzz-rotated").latest())
                .isEqualTo(ROTATED);
    }

    @Test
    void withoutItTheNewestCreationTimeWins() {
        KeyVersion later = new KeyVersion("later", true, SAME_SECOND.plusSeconds(1), null, null);

        assertThat(new KeyState("k", "RSA-HSM", 2048, null, List.of(later, CREATED)).latest()).isEqualTo(later);
    }

    @Test
    void aCurrentVersionMissingFromTheListFallsBackToCreationTime() {
        KeyVersion later = new KeyVersion("later", true, SAME_SECOND.plusSeconds(1), null, null);

        assertThat(new KeyState("k", "RSA-HSM", 2048, null, List.of(CREATED, later), "vanished").latest())
                .isEqualTo(later);
    }
}
