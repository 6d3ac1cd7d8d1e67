package com.cmkorchestrator.emulator.hsm.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** ISO 8601 durations as rotation policies write them. */
class IsoPeriodTest {

    @ParameterizedTest
    @CsvSource({"P90D,90", "P2Y,730", "P18M,540", "P1Y6M,545", "P4W,28", "P28DT12H,28"})
    void readsNominalLengthsInDays(String text, long days) {
        assertThat(IsoPeriod.parse(text)).hasValueSatisfying(p -> assertThat(p.nominal().toDays()).isEqualTo(days));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "P", "PT", "90D", "P-1D", "P0D", "P1.5D", "PT1X", "p30d"})
    void refusesWhatIsNotAPositiveIsoDuration(String text) {
        assertThat(IsoPeriod.parse(text)).isEmpty();
    }

    @Test
    void addsMonthsOnTheCalendar() {
        IsoPeriod month = IsoPeriod.parse("P1M").orElseThrow();

        assertThat(month.addTo(Instant.parse("2025-01-31T10:00:00Z"))).isEqualTo(Instant.parse("2025-02-28T10:00:00Z"));
        assertThat(month.subtractFrom(Instant.parse("2025-03-31T10:00:00Z"))).isEqualTo(Instant.parse("2025-02-28T10:00:00Z"));
    }

    @Test
    void keepsTheTextAsSent() {
        assertThat(IsoPeriod.parse("P1Y6M").orElseThrow().toString()).isEqualTo("P1Y6M");
    }
}
