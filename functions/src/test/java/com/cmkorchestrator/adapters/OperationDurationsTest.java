package com.cmkorchestrator.adapters;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class OperationDurationsTest {

    @Test
    void beforeAnyOperationEndedTheFirstLookIsArmsRetryAfter() {
        assertThat(new OperationDurations().firstLook(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theFirstLookWaitsTheMedianOfWhatArmReportedButNeverLessThanRetryAfter() {
        OperationDurations durations = new OperationDurations();
        durations.ended("2026-12-07T10:00:00Z", "2026-12-07T10:00:30Z");
        durations.ended("2026-12-07T10:00:00.0000000+00:00", "2026-12-07T10:00:31.5000000+00:00");
        durations.ended("2026-12-07T10:00:00Z", "2026-12-07T10:02:00Z");

        assertThat(durations.firstLook(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(31_500));
        assertThat(durations.firstLook(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anOutlierNeitherMovesTheMedianMuchNorStallsALook() {
        OperationDurations durations = new OperationDurations();
        for (int i = 0; i < OperationDurations.KEPT; i++) {
            durations.ended(Duration.ofHours(2));
        }
        assertThat(durations.typical()).contains(OperationDurations.LONGEST_FIRST_LOOK);
        for (int i = 0; i < OperationDurations.KEPT; i++) {
            durations.ended(Duration.ofSeconds(20));
        }
        assertThat(durations.typical()).as("only the last few count").contains(Duration.ofSeconds(20));
    }

    @Test
    void aStatusWithoutUsableTimesTeachesNothing() {
        OperationDurations durations = new OperationDurations();
        durations.ended(null, "2026-12-07T10:00:30Z");
        durations.ended("yesterday", "2026-12-07T10:00:30Z");
        durations.ended("2026-12-07T10:00:30Z", "2026-12-07T10:00:00Z");

        assertThat(durations.typical()).isEmpty();
    }
}
