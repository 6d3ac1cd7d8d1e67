package com.cmkorchestrator.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkItemTest {

    @Test
    void aBindingItemHasASmallJsonFormWithoutEmptyFields() {
        assertThat(WorkItem.forBinding("orders-db", "created").toJson())
                .isEqualTo("{\"binding\":\"orders-db\",\"reason\":\"created\",\"attempt\":1}");
    }

    @Test
    void anItemSurvivesItsJsonForm() {
        WorkItem item = new WorkItem(null, "contoso", "cmk", "KeyNearExpiry", 3, "429 Too Many Requests");

        assertThat(WorkItem.fromJson(item.toJson())).isEqualTo(item);
    }

    @Test
    void theCallerOfAWriteTravelsWithTheItemThroughItsRetriesAndAnItemNoOneCausedNamesNone() {
        WorkItem.Caller caller = new WorkItem.Caller("5eb0e000-0000-4000-8000-00000000b0b0", null);
        WorkItem item = WorkItem.forBindingChangedBy("orders-db", "ResourceWriteSuccess event e1", caller);

        WorkItem retried = WorkItem.fromJson(item.failedWith("storage down").toJson());

        assertThat(retried.caller()).isEqualTo(caller);
        assertThat(retried.caller()).hasToString("object ID 5eb0e000-0000-4000-8000-00000000b0b0");
        assertThat(WorkItem.forBinding("orders-db", "created").toJson()).doesNotContain("caller");
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() {
        assertThat(WorkItem.fromJson("{\"binding\":\"orders-db\",\"reason\":\"r\",\"attempt\":1,\"traceId\":\"x\"}"))
                .isEqualTo(WorkItem.forBinding("orders-db", "r"));
    }

    @Test
    void aMessageWithoutATargetIsRejectedSayingWhatIsMissing() {
        assertThatThrownBy(() -> WorkItem.fromJson("{\"reason\":\"r\",\"attempt\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a target");
    }

    @Test
    void anItemCannotTargetABindingAndAKeyAtOnce() {
        assertThatThrownBy(() -> new WorkItem("orders-db", "contoso", "cmk", "r", 1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    @Test
    void textThatIsNotJsonIsRejected() {
        assertThatThrownBy(() -> WorkItem.fromJson("look at orders-db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a work item");
    }

    @Test
    void aFailureMovesTheAttemptOnAndKeepsABoundedError() {
        WorkItem failed = WorkItem.forKey("contoso", "cmk", "rotate").failedWith("x".repeat(10_000));

        assertThat(failed.attempt()).isEqualTo(2);
        assertThat(failed.lastError()).hasSize(WorkItem.MAX_ERROR_CHARS).endsWith("…");
        assertThat(failed.poisonedWith("final").attempt()).isEqualTo(2);
    }

    @Test
    void theTargetReadsWellInLogs() {
        assertThat(WorkItem.forHsm("contoso", "provisioned").target()).isEqualTo("hsm contoso");
        assertThat(WorkItem.forKey("contoso", "cmk", "rotated").target()).isEqualTo("hsm contoso/key cmk");
    }

    @Test
    void theCallerOfAChangeTravelsWithTheItemThroughFailures() {
        WorkItem.Caller caller = new WorkItem.Caller("0f3c1a52-8d3e-4d7e-9b1a-2f6f1c0e7a11", "alice@contoso.com");
        WorkItem item = WorkItem.forBindingChangedBy("orders-db", "ResourceWriteSuccess", caller);

        assertThat(WorkItem.fromJson(item.failedWith("boom").toJson()).caller()).isEqualTo(caller);
        assertThat(caller).hasToString("alice@contoso.com (object ID 0f3c1a52-8d3e-4d7e-9b1a-2f6f1c0e7a11)");
    }

    @Test
    void aCallerIsAnObjectIdOrABoundedPrintableName() {
        assertThatThrownBy(() -> new WorkItem.Caller("not-a-guid", null)).hasMessageContaining("GUID");
        assertThatThrownBy(() -> new WorkItem.Caller(null, "eve\u0000")).hasMessageContaining("control");
        assertThatThrownBy(() -> new WorkItem.Caller(null, null)).hasMessageContaining("object ID or a name");
    }
}
