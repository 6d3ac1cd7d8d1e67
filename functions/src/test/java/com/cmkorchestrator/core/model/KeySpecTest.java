package com.cmkorchestrator.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeySpecTest {

    @ParameterizedTest
    @ValueSource(ints = {2048, 3072, 4096})
    void acceptsTheRsaSizesManagedHsmOffers(int size) {
        assertThat(KeySpec.rsa("k", size).size()).isEqualTo(size);
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 2047, 8192, 0, -1})
    void refusesOtherRsaSizes(int size) {
        assertThatThrownBy(() -> KeySpec.rsa("k", size))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo("size"));
    }

    @Test
    void defaultsRsaToAzures2048Bits() {
        assertThat(new KeySpec("k", KeyType.RSA_HSM, null, null, null).size()).isEqualTo(2048);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "under_score", "dot.ted", "slash/ed"})
    void refusesNamesOutsideKeyVaultsAlphabet(String name) {
        assertThatThrownBy(() -> KeySpec.rsa(name, 2048))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void acceptsA127CharacterNameAndRefusesA128CharacterOne() {
        assertThat(KeySpec.rsa("a".repeat(127), 2048).name()).hasSize(127);
        assertThatThrownBy(() -> KeySpec.rsa("a".repeat(128), 2048)).isInstanceOf(BindingValidationException.class);
    }

    @Test
    void ecKeysTakeACurveNotASize() {
        assertThat(new KeySpec("k", KeyType.EC_HSM, null, null, null).curve()).isEqualTo("P-256");
        assertThatThrownBy(() -> new KeySpec("k", KeyType.EC_HSM, 2048, null, null))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo("size"));
        assertThatThrownBy(() -> new KeySpec("k", KeyType.RSA_HSM, 2048, "P-256", null))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo("curve"));
        assertThatThrownBy(() -> new KeySpec("k", KeyType.EC_HSM, null, "P-999", null))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo("curve"));
    }
}
