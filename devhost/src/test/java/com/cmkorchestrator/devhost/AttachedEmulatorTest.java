package com.cmkorchestrator.devhost;

import com.cmkorchestrator.emulator.Emulator;
import com.cmkorchestrator.emulator.EmulatorOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A host's view of an emulator another process runs, reached through its first line and its admin API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttachedEmulatorTest {

    private Emulator emulator;
    private AttachedEmulator attached;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        emulator = Emulator.start(EmulatorOptions.forTests(dir).withTimeScale(5));
        Path firstLine = dir.resolve("emulator.out");
        Files.writeString(firstLine, emulator.info().toString() + "\n");
        attached = AttachedEmulator.attach(firstLine.toString());
    }

    @AfterAll
    void stop() {
        attached.close();
        emulator.close();
    }

    @Test
    void itKnowsWhereTheEmulatorListensAndHowItsTimeRuns() {
        assertThat(attached.armEndpoint()).isEqualTo(emulator.armEndpoint());
        assertThat(attached.trustStorePath()).isEqualTo(emulator.trustStorePath().toAbsolutePath());
        assertThat(attached.timeScale()).isEqualTo(5.0);
        assertThat(attached.hsmProvisioning()).isEqualTo(emulator.options().hsmProvisioningDuration());
        assertThat(attached.databricksAppObjectId()).isEqualTo(emulator.options().databricksAppObjectId());
    }

    @Test
    void anAdvanceMovesTheEmulatorsClockAndItsFollowerAtOnce() {
        Instant before = emulator.clock().instant();

        attached.advance(Duration.ofDays(3));

        assertThat(emulator.clock().instant()).isAfterOrEqualTo(before.plus(Duration.ofDays(3)));
        assertThat(attached.clock().instant()).isAfterOrEqualTo(before.plus(Duration.ofDays(3)));
    }

    @Test
    void aTopicIsCreatedOnceAndFoundByTheNextHost() {
        EmulatorAccess.Topic first = attached.topic("attach-topic", "rg-attach");
        EmulatorAccess.Topic second = attached.topic("attach-topic", "rg-attach");

        assertThat(second).isEqualTo(first);
        assertThat(emulator.eventGrid().topic("attach-topic")).hasValueSatisfying(topic ->
                assertThat(topic.key()).isEqualTo(first.key()));
    }

    @Test
    void aFirstLineWithoutTheTimingIsRefusedNamingWhatIsMissing() {
        String old = emulator.info().without("timing").toString();

        assertThatThrownBy(() -> AttachedEmulator.attach(old)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'timing'");
    }
}
