package com.cmkorchestrator.core.rotation;

import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiryAssessmentTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private final ExpiryAssessment assessment = ExpiryAssessment.standard();

    @ParameterizedTest(name = "expires day {0}, now day {1}, rotate after {2} / before expiry {3} -> {4}")
    @CsvSource(nullValues = "-", value = {
            // never expires
            "-,   300, -,    -,    FINE",
            // far from expiry
            "180, 100, -,    -,    FINE",
            // near expiry (30 days), no policy
            "180, 160, -,    -,    ROTATE_NOW",
            // near expiry, policy rotates at day 90: missed long ago
            "180, 160, P90D, -,    ROTATE_NOW",
            // near expiry, policy rotates at day 170, 10 days before expiry: in time
            "180, 160, P170D, -,   NEAR_EXPIRY_POLICY_ROTATES",
            // policy rotates less than the 24 h pickup window before expiry: too late
            "180, 160, P180D, -,   ROTATE_NOW",
            // rotate-before-expiry trigger 15 days before: in time
            "180, 160, -,    P15D, NEAR_EXPIRY_POLICY_ROTATES",
            // expired
            "180, 181, P170D, -,   EXPIRED",
            "180, 180, -,    -,    EXPIRED",
    })
    void decidesWhetherToRotate(Integer expiresDay, int nowDay, String rotateAfter, String rotateBefore,
                                ExpiryVerdict.State expected) {
        Instant expires = expiresDay == null ? null : CREATED.plus(Duration.ofDays(expiresDay));
        KeyVersion version = new KeyVersion("v", true, CREATED, expires, null);
        Optional<KeyRotationPolicy> policy = rotateAfter == null && rotateBefore == null ? Optional.empty()
                : Optional.of(new KeyRotationPolicy(rotateAfter == null ? null : Period.parse(rotateAfter),
                rotateBefore == null ? null : Period.parse(rotateBefore), null, null));

        ExpiryVerdict verdict = assessment.assess(version, policy, Period.ofDays(30), CREATED.plus(Duration.ofDays(nowDay)));

        assertThat(verdict.state()).isEqualTo(expected);
    }
}
