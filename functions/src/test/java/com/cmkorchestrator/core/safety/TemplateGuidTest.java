package com.cmkorchestrator.core.safety;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARM's {@code guid()}: the expected values were computed independently with Python's {@code uuid.uuid5} (the RFC
 * 4122 reference implementation) in ARM's namespace, of the arguments joined by {@code -}.
 */
class TemplateGuidTest {

    @Test
    void isTheVersion5UuidOfTheArgumentsJoinedByHyphensInArmsNamespace() {
        assertThat(TemplateGuid.of("cmk-demo-hsm", "cmk-orchestrator key operator"))
                .isEqualTo("2c6574f9-358f-57cc-b48d-1567dc89bf54");
        assertThat(TemplateGuid.of("contoso-hsm", "cmk-orchestrator key operator"))
                .isEqualTo("008ec34e-adcf-5cc6-942e-f23d5e6ac1f2");
    }

    @Test
    void differentArgumentsGiveDifferentNames() {
        assertThat(TemplateGuid.of("a", "b")).isNotEqualTo(TemplateGuid.of("b", "a"));
    }
}
