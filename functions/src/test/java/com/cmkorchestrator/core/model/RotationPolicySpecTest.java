package com.cmkorchestrator.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotationPolicySpecTest {

    private static Period p(String text) {
        return text == null || text.isEmpty() ? null : Period.parse(text);
    }

    @ParameterizedTest(name = "rotate {0} expire {1} notify {2}")
    @CsvSource({
            "P28D,,",
            "P90D,P180D,P30D",
            "P1M,,",
            ",P28D,",
            ",P2Y,P30D",
            "P1Y,P2Y,",
            "P1Y,P100Y,P30D",
    })
    void acceptsPoliciesManagedHsmAccepts(String rotate, String expire, String notify) {
        assertThat(new RotationPolicySpec(p(rotate), p(expire), p(notify))).isNotNull();
    }

    @ParameterizedTest(name = "rotate {0} expire {1} notify {2} -> {3}")
    @CsvSource({
            "P27D,,,rotateAfter",
            "P4W-1D,,,rotateAfter",
            ",P27D,,expireAfter",
            "P0D,,,rotateAfter",
            "P-30D,,,rotateAfter",
            ",,P30D,notifyBefore",
            ",P60D,P60D,notifyBefore",
            ",P60D,P-1D,notifyBefore",
            "P180D,P90D,,rotateAfter",
            "P90D,P90D,,rotateAfter",
    })
    void refusesPoliciesThatBreakManagedHsmRules(String rotate, String expire, String notify, String field) {
        Period rotateAfter = "P4W-1D".equals(rotate) ? Period.ofDays(27) : p(rotate);

        assertThatThrownBy(() -> new RotationPolicySpec(rotateAfter, p(expire), p(notify)))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    /** A period near Java's year limit made every pass over the binding throw while adding it to now. */
    @ParameterizedTest(name = "rotate {0} expire {1} -> {2}")
    @CsvSource({
            ",P101Y,expireAfter",
            ",P1213M,expireAfter",
            "P999999999Y,,rotateAfter",
    })
    void refusesPeriodsBeyondACentury(String rotate, String expire, String field) {
        assertThatThrownBy(() -> new RotationPolicySpec(p(rotate), p(expire), null))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void anEmptyPolicyIsRefused() {
        assertThatThrownBy(() -> new RotationPolicySpec(null, null, null)).isInstanceOf(BindingValidationException.class);
    }
}
