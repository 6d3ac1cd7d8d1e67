package com.cmkorchestrator.state;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecRecordTest {

    private static final SpecRecord RECORD =
            new SpecRecord("orders-db", "{\"a\":1}", "{}", 3, 2, Instant.parse("2025-03-01T10:00:00Z"), "\"e1\"");

    @Test
    void the_same_spec_again_is_no_change() {
        assertThat(RECORD.withSpec("{\"a\":1}")).isSameAs(RECORD);
    }

    @Test
    void a_new_spec_is_the_next_generation_and_keeps_the_etag_it_was_read_with() {
        SpecRecord changed = RECORD.withSpec("{\"a\":2}");

        assertThat(changed.generation()).isEqualTo(4);
        assertThat(changed.observedGeneration()).isEqualTo(2);
        assertThat(changed.etag()).isEqualTo(RECORD.etag());
    }

    @Test
    void a_status_cannot_claim_a_generation_that_does_not_exist_yet() {
        assertThatThrownBy(() -> RECORD.withStatus("{}", 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("observedGeneration");
    }

    @Test
    void documents_must_not_be_blank() {
        assertThatThrownBy(() -> RECORD.withSpec(" ")).hasMessageContaining("specJson");
        assertThatThrownBy(() -> RECORD.withStatus(null, 3)).hasMessageContaining("statusJson");
    }

    @Test
    void a_status_for_the_current_generation_is_up_to_date() {
        assertThat(RECORD.upToDate()).isFalse();
        assertThat(RECORD.withStatus("{\"Bound\":\"True\"}", 3).upToDate()).isTrue();
    }
}
