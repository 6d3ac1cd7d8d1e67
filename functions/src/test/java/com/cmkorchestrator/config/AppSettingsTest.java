package com.cmkorchestrator.config;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppSettingsTest {

    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";

    @Test
    void absentSettingsTakeTheirDefaults() {
        AppSettings settings = AppSettings.from(Map.of());

        assertThat(settings.armEndpoint()).isEqualTo(URI.create("https://management.azure.com/"));
        assertThat(settings.stateTablePrefix()).isEqualTo("cmk");
        assertThat(settings.reconcileQueue()).isEqualTo("cmk-reconcile");
        assertThat(settings.bridgeSchedule()).isEqualTo("0 */5 * * * *");
        assertThat(settings.healthSchedule()).isEqualTo("0 0 * * * *");
        assertThat(settings.hsmProvisioningEnabled()).isFalse();
        assertThat(settings.notifyBeforeExpiryDefault()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.maxReconcileAttempts()).isEqualTo(8);
        assertThat(settings.scopeAllowList()).isEmpty();
        assertThat(settings.storageAccountName()).isEmpty();
        assertThat(settings.keyEventsTopicEndpoint()).isEmpty();
    }

    @Test
    void blankValuesCountAsAbsent() {
        AppSettings settings = AppSettings.from(Map.of(
                AppSettings.CMK_STATE_TABLE_PREFIX, "  ",
                AppSettings.CMK_EMULATOR_TRUST_STORE, "",
                AppSettings.CMK_DATABRICKS_APP_OBJECT_ID, ""));

        assertThat(settings.stateTablePrefix()).isEqualTo("cmk");
        assertThat(settings.emulatorTrustStore()).isEmpty();
        assertThat(settings.databricksAppObjectId()).isEmpty();
    }

    @Test
    void valuesAreParsedIntoTheirTypes() {
        AppSettings settings = AppSettings.from(Map.of(
                AppSettings.CMK_HSM_PROVISIONING_ENABLED, "TRUE",
                AppSettings.CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT, "PT36H",
                AppSettings.CMK_MAX_RECONCILE_ATTEMPTS, "5",
                AppSettings.CMK_ARM_ENDPOINT, "https://localhost:8443",
                AppSettings.CMK_SUBSCRIPTION_ID, SUBSCRIPTION));

        assertThat(settings.hsmProvisioningEnabled()).isTrue();
        assertThat(settings.notifyBeforeExpiryDefault()).isEqualTo(Duration.ofHours(36));
        assertThat(settings.maxReconcileAttempts()).isEqualTo(5);
        assertThat(settings.armEndpoint()).hasToString("https://localhost:8443/");
        assertThat(settings.subscriptionId()).isEqualTo(SUBSCRIPTION);
    }

    @Test
    void theAllowListHoldsSubscriptionAndResourceGroupIds() {
        AppSettings settings = AppSettings.from(Map.of(AppSettings.CMK_SCOPE_ALLOW_LIST,
                "/subscriptions/" + SUBSCRIPTION + ", /subscriptions/" + SUBSCRIPTION
                        + "/resourceGroups/rg-cmk.workloads(1)/,"));

        assertThat(settings.scopeAllowList()).containsExactly("/subscriptions/" + SUBSCRIPTION,
                "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-cmk.workloads(1)");
    }

    @Test
    void anAllowListEntryThatIsNotAScopeIdIsNamedInTheError() {
        String storageAccount = "/subscriptions/" + SUBSCRIPTION
                + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1";

        assertThatThrownBy(() -> AppSettings.from(Map.of(AppSettings.CMK_SCOPE_ALLOW_LIST, storageAccount)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(AppSettings.CMK_SCOPE_ALLOW_LIST)
                .hasMessageContaining(storageAccount);
    }

    @Test
    void aMalformedDurationIsNamedInTheError() {
        assertThatThrownBy(() -> AppSettings.from(Map.of(AppSettings.CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT, "30 days")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(AppSettings.CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT)
                .hasMessageContaining("ISO-8601").hasMessageContaining("30 days");
    }

    @Test
    void everyMalformedSettingIsReportedAtOnce() {
        InvalidSettingException error = (InvalidSettingException) catchError(Map.of(
                AppSettings.CMK_MAX_RECONCILE_ATTEMPTS, "0",
                AppSettings.CMK_HSM_PROVISIONING_ENABLED, "yes",
                AppSettings.CMK_BRIDGE_SCHEDULE, "*/5 * * * *",
                AppSettings.CMK_KEY_EVENTS_TOPIC_ENDPOINT, "http://topic.example/api/events",
                AppSettings.CMK_TENANT_ID, "contoso.onmicrosoft.com"));

        assertThat(error.settingNames()).containsExactlyInAnyOrder(AppSettings.CMK_MAX_RECONCILE_ATTEMPTS,
                AppSettings.CMK_HSM_PROVISIONING_ENABLED, AppSettings.CMK_BRIDGE_SCHEDULE,
                AppSettings.CMK_KEY_EVENTS_TOPIC_ENDPOINT, AppSettings.CMK_TENANT_ID);
        assertThat(error).hasMessageContaining("six-field NCRONTAB").hasMessageContaining("https://")
                .hasMessageContaining("true or false").hasMessageContaining("GUID");
    }

    @Test
    void namesAzureStorageWouldRefuseAreRejected() {
        assertThat(catchError(Map.of(AppSettings.CMK_STATE_TABLE_PREFIX, "cmk-state")))
                .hasMessageContaining(AppSettings.CMK_STATE_TABLE_PREFIX);
        assertThat(catchError(Map.of(AppSettings.CMK_RECONCILE_QUEUE, "Reconcile")))
                .hasMessageContaining(AppSettings.CMK_RECONCILE_QUEUE);
        assertThat(catchError(Map.of(AppSettings.CMK_RECONCILE_QUEUE, "q" + "-x".repeat(28))))
                .as("no room left for -poison").hasMessageContaining(AppSettings.CMK_RECONCILE_QUEUE);
        assertThat(catchError(Map.of(AppSettings.AzureWebJobsStorage__accountName, "St_Cmk")))
                .hasMessageContaining(AppSettings.AzureWebJobsStorage__accountName);
    }

    @Test
    void aRequiredSettingThatIsMissingIsNamedWhenAskedFor() {
        AppSettings settings = AppSettings.from(Map.of());

        assertThatThrownBy(settings::subscriptionId).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(AppSettings.CMK_SUBSCRIPTION_ID);
        assertThatThrownBy(settings::tenantId).hasMessageContaining(AppSettings.CMK_TENANT_ID);
    }

    @Test
    void secretsAreNeverEchoedInErrors() {
        Throwable error = catchError(Map.of(
                AppSettings.CMK_EMULATOR_TRUST_STORE_PASSWORD, "s3cret!",
                AppSettings.CMK_MAX_RECONCILE_ATTEMPTS, "many"));

        assertThat(error).hasMessageNotContaining("s3cret!");
    }

    @Test
    void apiAuthDefaultsToEntraWhenUnsetOrBlank() {
        assertThat(AppSettings.from(Map.of()).apiAuth()).isEqualTo(ApiAuth.ENTRA);
        assertThat(AppSettings.from(Map.of(AppSettings.CMK_API_AUTH, " ")).apiAuth()).isEqualTo(ApiAuth.ENTRA);
    }

    @Test
    void apiAuthTakesEntraOrNoneInAnyCase() {
        assertThat(AppSettings.from(Map.of(AppSettings.CMK_API_AUTH, "none")).apiAuth()).isEqualTo(ApiAuth.NONE);
        assertThat(AppSettings.from(Map.of(AppSettings.CMK_API_AUTH, " Entra ")).apiAuth()).isEqualTo(ApiAuth.ENTRA);
    }

    @Test
    void anUnknownApiAuthIsNamedInTheErrorInsteadOfFallingBackToNoSignIn() {
        assertThat(catchError(Map.of(AppSettings.CMK_API_AUTH, "off")))
                .hasMessageContaining(AppSettings.CMK_API_AUTH).hasMessageContaining("entra or none")
                .hasMessageContaining("off");
    }

    @Test
    void eachSettingConstantIsNamedAfterTheSettingAndListedInAll() throws IllegalAccessException {
        List<String> constants = new ArrayList<>();
        for (Field field : AppSettings.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().startsWith("DEFAULT_")) {
                assertThat(field.get(null)).as(field.getName()).isEqualTo(field.getName());
                constants.add(field.getName());
            }
        }

        assertThat(AppSettings.ALL).containsExactlyInAnyOrderElementsOf(constants).doesNotHaveDuplicates();
    }

    private static Throwable catchError(Map<String, String> values) {
        try {
            AppSettings.from(values);
        } catch (InvalidSettingException e) {
            return e;
        }
        throw new AssertionError("expected an InvalidSettingException for " + values);
    }
}
