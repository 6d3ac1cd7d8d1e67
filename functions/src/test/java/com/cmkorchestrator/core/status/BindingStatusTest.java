package com.cmkorchestrator.core.status;

import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindingStatusTest {

    @Test
    void aStatusWritesConditionsAsTheApiShowsThemAndReadsBackEqual() throws Exception {
        Scenario scenario = new Scenario();
        ReconcileOutcome outcome = scenario.converge(Scenario.storageBinding(KeySpec.rsa("k", 2048), VersionPolicy.AUTO));

        String json = BindingJson.write(outcome.status());
        JsonNode tree = BindingJson.mapper().readTree(json);

        assertThat(tree.at("/conditions/0/type").asText()).isEqualTo("HsmReady");
        assertThat(tree.at("/conditions/0/status").asText()).isEqualTo("True");
        assertThat(tree.at("/conditions/5/reason").asText()).isEqualTo("Verified");
        assertThat(tree.at("/conditions/5/lastTransitionTime").asText()).endsWith("Z");
        assertThat(tree.at("/versions/0/slot").asText()).isEqualTo("encryption");
        assertThat(tree.has("ready")).isFalse();
        assertThat(BindingJson.read(json, BindingStatus.class)).isEqualTo(outcome.status());
    }

    @Test
    void aStatusHasExactlyTheSixConditionsInChainOrder() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        List<Condition> reversed = new java.util.ArrayList<>(BindingStatus.initial("b", now).conditions());
        java.util.Collections.reverse(reversed);

        assertThatThrownBy(() -> new BindingStatus("b", reversed, List.of(), null, false, now, now))
                .hasMessageContaining("in order");
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileNothingChanges() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Condition before = Condition.waiting(ConditionType.BOUND, Reason.AWAITING_PROPAGATION, "first", t0);

        Condition same = Condition.waiting(ConditionType.BOUND, Reason.AWAITING_PROPAGATION, "again", t0.plusSeconds(60))
                .since(before);
        Condition changed = Condition.isTrue(ConditionType.BOUND, Reason.BOUND, "ok", t0.plusSeconds(120)).since(before);

        assertThat(same.lastTransitionTime()).isEqualTo(t0);
        assertThat(same.message()).isEqualTo("again");
        assertThat(changed.lastTransitionTime()).isEqualTo(t0.plusSeconds(120));
    }
}
