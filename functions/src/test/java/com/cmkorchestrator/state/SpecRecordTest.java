package com.cmkorchestrator.state;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecRecordTest {

    private static final SpecRecord RECORD =
            new SpecRecord("orders-db", "{\"a\":1}", "{}", 3, 2, Instant.parse("2025-03-01T10:00:00Z"), "\"e1\"");

    @Test
    void theSameSpecAgainIsNoChange() {
        assertThat(RECORD.withSpec("{\"a\":1}")).isSameAs(RECORD);
    }

    @Test
    void aNewSpecIsTheNextGenerationAndKeepsTheEtagItWasReadWith() {
        SpecRecord changed = RECORD.withSpec("{\"a\":2}");

        assertThat(changed.generation()).isEqualTo(4);
        assertThat(changed.observedGeneration()).isEqualTo(2);
        assertThat(changed.etag()).isEqualTo(RECORD.etag());
    }

    @Test
    void aStatusCannotClaimAGenerationThatDoesNotExistYet() {
        assertThatThrownBy(() -> RECORD.withStatus("{}", 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("observedGeneration");
    }

    @Test
    void documentsMustNotBeBlank() {
        assertThatThrownBy(() -> RECORD.withSpec(" ")).hasMessageContaining("specJson");
        assertThatThrownBy(() -> RECORD.withStatus(null, 3)).hasMessageContaining("statusJson");
    }

    @Test
    void aStatusForTheCurrentGenerationIsUpToDate() {
        assertThat(RECORD.upToDate()).isFalse();
        assertThat(RECORD.withStatus("{\"Bound\":\"True\"}", 3).upToDate()).isTrue();
    }
}
