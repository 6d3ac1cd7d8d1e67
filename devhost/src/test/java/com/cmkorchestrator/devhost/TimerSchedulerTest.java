package com.cmkorchestrator.devhost;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimerSchedulerTest {

    @Test
    void readsSixFieldNcrontabWithSecondsFirst() {
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 28, 10, 3, 20, 0, ZoneOffset.UTC);
        assertThat(TimerScheduler.untilNext(TimerScheduler.executionTime("0 */5 * * * *"), now))
                .isEqualTo(Duration.ofMinutes(1).plusSeconds(40));
        assertThat(TimerScheduler.untilNext(TimerScheduler.executionTime("0 0 * * * *"), now))
                .isEqualTo(Duration.ofMinutes(56).plusSeconds(40));
    }

    @Test
    void rejectsAMalformedScheduleNamingIt() {
        assertThatThrownBy(() -> TimerScheduler.executionTime("every five minutes"))
                .hasMessageContaining("every five minutes");
    }
}
