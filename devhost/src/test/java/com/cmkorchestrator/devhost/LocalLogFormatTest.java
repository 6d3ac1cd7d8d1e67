package com.cmkorchestrator.devhost;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class LocalLogFormatTest {

    private static LogRecord record(String logger, String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName(logger);
        return record;
    }

    @Test
    void aLineCarriesTheRealTimeAndTheEmulatedTimeLabelled() {
        Clock emulated = Clock.fixed(Instant.parse("2027-03-07T05:28:22.617Z"), ZoneOffset.UTC);

        String line = new LocalLogFormat(new AtomicReference<>(emulated)).format(record("Function.Reconcile", "done"));

        assertThat(line).matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[emulated 2027-03-07T05:28:22Z\\] INFO Reconcile: done\\R");
    }

    @Test
    void beforeTheEmulatorRunsALineCarriesTheRealTimeOnly() {
        String line = new LocalLogFormat(new AtomicReference<>()).format(record("com.azure.Some", "started"));

        assertThat(line).matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO Some: started\\R");
    }
}
