package com.cmkorchestrator.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkItemTest {

    @Test
    void a_binding_item_has_a_small_json_form_without_empty_fields() {
        assertThat(WorkItem.forBinding("orders-db", "created").toJson())
                .isEqualTo("{\"binding\":\"orders-db\",\"reason\":\"created\",\"attempt\":1}");
    }

    @Test
    void an_item_survives_its_json_form() {
        WorkItem item = new WorkItem(null, "contoso", "cmk", "KeyNearExpiry", 3, "429 Too Many Requests");

        assertThat(WorkItem.fromJson(item.toJson())).isEqualTo(item);
    }

    @Test
    void unknown_fields_from_newer_producers_are_ignored() {
        assertThat(WorkItem.fromJson("{\"binding\":\"orders-db\",\"reason\":\"r\",\"attempt\":1,\"traceId\":\"x\"}"))
                .isEqualTo(WorkItem.forBinding("orders-db", "r"));
    }

    @Test
    void a_message_without_a_target_is_rejected_saying_what_is_missing() {
        assertThatThrownBy(() -> WorkItem.fromJson("{\"reason\":\"r\",\"attempt\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a target");
    }

    @Test
    void an_item_cannot_target_a_binding_and_a_key_at_once() {
        assertThatThrownBy(() -> new WorkItem("orders-db", "contoso", "cmk", "r", 1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    @Test
    void text_that_is_not_json_is_rejected() {
        assertThatThrownBy(() -> WorkItem.fromJson("look at orders-db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a work item");
    }

    @Test
    void a_failure_moves_the_attempt_on_and_keeps_a_bounded_error() {
        WorkItem failed = WorkItem.forKey("contoso", "cmk", "rotate").failedWith("x".repeat(10_000));

        assertThat(failed.attempt()).isEqualTo(2);
        assertThat(failed.lastError()).hasSize(WorkItem.MAX_ERROR_CHARS).endsWith("…");
        assertThat(failed.poisonedWith("final").attempt()).isEqualTo(2);
    }

    @Test
    void the_target_reads_well_in_logs() {
        assertThat(WorkItem.forHsm("contoso", "provisioned").target()).isEqualTo("hsm contoso");
        assertThat(WorkItem.forKey("contoso", "cmk", "rotated").target()).isEqualTo("hsm contoso/key cmk");
    }
}
