package com.cmkorchestrator.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GuidTest {

    @ParameterizedTest
    @ValueSource(strings = {"72f988bf-86f1-41af-91ab-2d7cd011db47", "72F988BF-86F1-41AF-91AB-2D7CD011DB47"})
    void aGuidInEitherCaseIsOne(String text) {
        assertThat(Guid.is(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{72f988bf-86f1-41af-91ab-2d7cd011db47}", "72f988bf86f141af91ab2d7cd011db47",
            "72f988bf-86f1-41af-91ab-2d7cd011db4", "72f988bf-86f1-41af-91ab-2d7cd011db47\n",
            "g2f988bf-86f1-41af-91ab-2d7cd011db47", ""})
    void anythingElseIsNot(String text) {
        assertThat(Guid.is(text)).isFalse();
    }

    @Test
    void nullIsNoGuid() {
        assertThat(Guid.is(null)).isFalse();
    }
}
