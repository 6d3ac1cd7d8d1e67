package com.cmkorchestrator.emulator.hsm.rbac;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Managed HSM RBAC scopes: what they look like on the wire and which scopes they cover. */
class RoleScopeTest {

    @ParameterizedTest
    @CsvSource({"'',/", "/,/", "///,/", "keys,/keys", "//keys,/keys", "/KEYS/,/keys", "/keys/cmk,/keys/cmk", "Keys/Cmk-1,/keys/Cmk-1"})
    void normalizesScopesAsTheSdksSendThem(String raw, String scope) {
        assertThat(RoleScope.parse(raw).value()).isEqualTo(scope);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/secrets", "/keys/a/b", "/keys/bad_name", "/providers"})
    void refusesScopesOutsideTheHsmModel(String raw) {
        assertThatThrownBy(() -> RoleScope.parse(raw)).isInstanceOf(KeyVaultError.class)
                .extracting(e -> ((KeyVaultError) e).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @CsvSource({"/,/keys/cmk,true", "/keys,/keys/cmk,true", "/keys/cmk,/keys/CMK,true", "/keys/cmk,/keys/other,false",
        "/keys,/,false", "/keys/cmk,/keys,false", "/,/,true"})
    void anAssignmentCoversItsScopeAndEverythingBelow(String assigned, String target, boolean covers) {
        assertThat(RoleScope.parse(assigned).covers(RoleScope.parse(target))).isEqualTo(covers);
    }
}
