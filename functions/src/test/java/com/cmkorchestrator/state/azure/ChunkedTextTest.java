package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.state.StateLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkedTextTest {

    @Test
    void aShortTextIsOnePropertyOfTheGivenName() {
        TableEntity entity = new TableEntity("p", "r");

        ChunkedText.put(entity, "Spec", "{}");

        assertThat(entity.getProperties()).containsEntry("Spec", "{}").doesNotContainKey("Spec_1");
        assertThat(ChunkedText.get(entity, "Spec")).isEqualTo("{}");
    }

    @Test
    void aLongTextIsSplitIntoPropertiesNoLongerThanAChunkAndJoinedBack() {
        String text = "x".repeat(StateLimits.CHUNK_CHARS * 2 + 5);
        TableEntity entity = new TableEntity("p", "r");

        ChunkedText.put(entity, "Spec", text);

        assertThat(entity.getProperties()).containsKeys("Spec", "Spec_1", "Spec_2").doesNotContainKey("Spec_3");
        assertThat(((String) entity.getProperty("Spec_2"))).hasSize(5);
        assertThat(ChunkedText.get(entity, "Spec")).isEqualTo(text);
    }

    @Test
    void aSurrogatePairOnAChunkBoundaryIsNeverSplit() {
        // the emoji's two chars would fall on either side of the first boundary
        String text = "a".repeat(StateLimits.CHUNK_CHARS - 1) + "😀" + "ключ".repeat(10);
        TableEntity entity = new TableEntity("p", "r");

        ChunkedText.put(entity, "Spec", text);

        String first = (String) entity.getProperty("Spec");
        assertThat(Character.isHighSurrogate(first.charAt(first.length() - 1))).isFalse();
        assertThat(((String) entity.getProperty("Spec_1"))).startsWith("😀");
        assertThat(ChunkedText.get(entity, "Spec")).isEqualTo(text);
    }

    @Test
    void theEmptyTextIsStoredAsOneEmptyProperty() {
        TableEntity entity = new TableEntity("p", "r");

        ChunkedText.put(entity, "Versions", "");

        assertThat(ChunkedText.get(entity, "Versions")).isEmpty();
    }
}
