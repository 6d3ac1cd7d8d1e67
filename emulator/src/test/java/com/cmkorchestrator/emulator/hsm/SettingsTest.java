package com.cmkorchestrator.emulator.hsm;

import com.azure.core.http.HttpMethod;
import com.azure.security.keyvault.administration.KeyVaultSettingsClient;
import com.azure.security.keyvault.administration.models.KeyVaultSetting;
import com.azure.security.keyvault.administration.models.KeyVaultSettingType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static com.cmkorchestrator.emulator.hsm.HsmTestbed.ADMIN;
import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code AllowKeyManagementOperationsThroughARM} through the real KeyVaultSettingsClient. */
class SettingsTest {
    static final String ARM_SETTING = "AllowKeyManagementOperationsThroughARM";

    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    @Test
    void armKeyManagementIsOffOnANewHsm() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultSettingsClient settings = testbed.settings(hsm, ADMIN);

        KeyVaultSetting setting = settings.getSetting(ARM_SETTING);

        assertThat(setting.getType()).isEqualTo(KeyVaultSettingType.BOOLEAN);
        assertThat(setting.asBoolean()).isFalse();
        assertThat(settings.getSettings().getSettings()).extracting(KeyVaultSetting::getName).containsExactly(ARM_SETTING);
        assertThat(hsm.allowsKeyManagementThroughArm()).isFalse();
    }

    @Test
    void anAdministratorTurnsArmKeyManagementOn() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        KeyVaultSetting updated = testbed.settings(hsm, ADMIN).updateSetting(new KeyVaultSetting(ARM_SETTING, true));

        assertThat(updated.asBoolean()).isTrue();
        assertThat(testbed.settings(hsm, ADMIN).getSetting(ARM_SETTING).asBoolean()).isTrue();
        assertThat(hsm.allowsKeyManagementThroughArm()).isTrue();
    }

    @Test
    void aCryptoUserCannotChangeSettings() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        assertThatThrownBy(() -> testbed.settings(hsm, OPERATOR).updateSetting(new KeyVaultSetting(ARM_SETTING, true)))
                .hasMessageContaining("403").hasMessageContaining("AccessDenied");
        assertThat(hsm.allowsKeyManagementThroughArm()).isFalse();
    }

    @Test
    void refusesAValueThatIsNotABoolean() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        HsmTestbed.Rest.Answer answer = testbed.rest(ADMIN).sendRaw(HttpMethod.PATCH,
                hsm.uri() + "settings/" + ARM_SETTING + "?api-version=7.5", "{\"value\":\"yes\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BadParameter");
        assertThat(hsm.allowsKeyManagementThroughArm()).isFalse();
    }

    @Test
    void anUnknownSettingIsNotFound() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        assertThat(testbed.rest(ADMIN).get(hsm, "/settings/NoSuchSetting").status()).isEqualTo(404);
    }
}
