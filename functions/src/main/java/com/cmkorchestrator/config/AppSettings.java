package com.cmkorchestrator.config;

import com.cmkorchestrator.retry.Retries;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place the app reads its settings. Built from {@code System.getenv()} in Azure and from a
 * map in tests and the local run. Every value is parsed when this object is built, and all problems
 * are reported together in one {@link InvalidSettingException} naming each setting.
 *
 * <p>The constants are the setting names, exactly as {@code local.settings.sample.json},
 * the README and {@code bicep/main.bicep} spell them; a Bicep check compares them.
 */
public final class AppSettings {

    // Named after the setting itself (not Java style) so the Bicep check can match constant and name.
    /** Storage account the Functions host and the state use, through the app's identity. */
    public static final String AzureWebJobsStorage__accountName = "AzureWebJobsStorage__accountName";
    public static final String APPLICATIONINSIGHTS_CONNECTION_STRING = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public static final String CMK_AZURE_CLIENT_ID = "CMK_AZURE_CLIENT_ID";
    public static final String CMK_SUBSCRIPTION_ID = "CMK_SUBSCRIPTION_ID";
    public static final String CMK_TENANT_ID = "CMK_TENANT_ID";
    public static final String CMK_SCOPE_ALLOW_LIST = "CMK_SCOPE_ALLOW_LIST";
    public static final String CMK_ARM_ENDPOINT = "CMK_ARM_ENDPOINT";
    public static final String CMK_EMULATOR_TRUST_STORE = "CMK_EMULATOR_TRUST_STORE";
    public static final String CMK_EMULATOR_TRUST_STORE_PASSWORD = "CMK_EMULATOR_TRUST_STORE_PASSWORD";
    public static final String CMK_STATE_TABLE_PREFIX = "CMK_STATE_TABLE_PREFIX";
    public static final String CMK_RECONCILE_QUEUE = "CMK_RECONCILE_QUEUE";
    public static final String CMK_KEY_EVENTS_TOPIC_ENDPOINT = "CMK_KEY_EVENTS_TOPIC_ENDPOINT";
    public static final String CMK_BRIDGE_SCHEDULE = "CMK_BRIDGE_SCHEDULE";
    public static final String CMK_HEALTH_SCHEDULE = "CMK_HEALTH_SCHEDULE";
    public static final String CMK_DATABRICKS_APP_OBJECT_ID = "CMK_DATABRICKS_APP_OBJECT_ID";
    public static final String CMK_HSM_PROVISIONING_ENABLED = "CMK_HSM_PROVISIONING_ENABLED";
    public static final String CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT = "CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT";
    public static final String CMK_MAX_RECONCILE_ATTEMPTS = "CMK_MAX_RECONCILE_ATTEMPTS";
    /** Local runs and tests only: a storage connection string (Azurite). Empty in Azure. */
    public static final String CMK_STORAGE_CONNECTION_STRING = "CMK_STORAGE_CONNECTION_STRING";
    /** Who may call the HTTP API: {@code entra} (App Service authentication, app roles) or {@code none}. */
    public static final String CMK_API_AUTH = "CMK_API_AUTH";

    /** Every setting name above, in documentation order. */
    public static final List<String> ALL = List.of(
            AzureWebJobsStorage__accountName, APPLICATIONINSIGHTS_CONNECTION_STRING, CMK_AZURE_CLIENT_ID,
            CMK_SUBSCRIPTION_ID, CMK_TENANT_ID, CMK_SCOPE_ALLOW_LIST, CMK_ARM_ENDPOINT, CMK_EMULATOR_TRUST_STORE,
            CMK_EMULATOR_TRUST_STORE_PASSWORD, CMK_STATE_TABLE_PREFIX, CMK_RECONCILE_QUEUE,
            CMK_KEY_EVENTS_TOPIC_ENDPOINT, CMK_BRIDGE_SCHEDULE, CMK_HEALTH_SCHEDULE, CMK_DATABRICKS_APP_OBJECT_ID,
            CMK_HSM_PROVISIONING_ENABLED, CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT, CMK_MAX_RECONCILE_ATTEMPTS,
            CMK_STORAGE_CONNECTION_STRING, CMK_API_AUTH);

    public static final String DEFAULT_ARM_ENDPOINT = "https://management.azure.com/";
    public static final String DEFAULT_STATE_TABLE_PREFIX = "cmk";
    public static final String DEFAULT_RECONCILE_QUEUE = "cmk-reconcile";
    public static final String DEFAULT_BRIDGE_SCHEDULE = "0 */5 * * * *";
    public static final String DEFAULT_HEALTH_SCHEDULE = "0 0 * * * *";
    public static final String DEFAULT_HSM_PROVISIONING_ENABLED = "false";
    public static final String DEFAULT_NOTIFY_BEFORE_EXPIRY = "P30D";
    /** {@link Retries#MAX_RECONCILE_ATTEMPTS}, as {@code extensions.queues.maxDequeueCount} in host.json. */
    public static final String DEFAULT_MAX_RECONCILE_ATTEMPTS = String.valueOf(Retries.MAX_RECONCILE_ATTEMPTS);
    /** Sign-in is on unless a deployment turns it off explicitly. */
    public static final String DEFAULT_API_AUTH = "entra";

    private final Optional<String> storageAccountName;
    private final Optional<String> applicationInsightsConnectionString;
    private final Optional<String> managedIdentityClientId;
    private final Optional<String> subscriptionId;
    private final Optional<String> tenantId;
    private final List<String> scopeAllowList;
    private final URI armEndpoint;
    private final Optional<Path> emulatorTrustStore;
    private final Optional<String> emulatorTrustStorePassword;
    private final String stateTablePrefix;
    private final String reconcileQueue;
    private final Optional<URI> keyEventsTopicEndpoint;
    private final String bridgeSchedule;
    private final String healthSchedule;
    private final Optional<String> databricksAppObjectId;
    private final boolean hsmProvisioningEnabled;
    private final Duration notifyBeforeExpiryDefault;
    private final int maxReconcileAttempts;
    private final Optional<String> storageConnectionString;
    private final ApiAuth apiAuth;

    private AppSettings(SettingValues values) {
        storageAccountName = values.optional(AzureWebJobsStorage__accountName, SettingFormats::storageAccountName);
        applicationInsightsConnectionString = values.text(APPLICATIONINSIGHTS_CONNECTION_STRING);
        managedIdentityClientId = values.optional(CMK_AZURE_CLIENT_ID, SettingFormats::guid);
        subscriptionId = values.optional(CMK_SUBSCRIPTION_ID, SettingFormats::guid);
        tenantId = values.optional(CMK_TENANT_ID, SettingFormats::guid);
        scopeAllowList = values.optional(CMK_SCOPE_ALLOW_LIST, SettingFormats::armScopes).orElse(List.of());
        armEndpoint = values.withDefault(CMK_ARM_ENDPOINT, SettingFormats::httpsBaseUri, DEFAULT_ARM_ENDPOINT);
        emulatorTrustStore = values.text(CMK_EMULATOR_TRUST_STORE).map(Path::of);
        emulatorTrustStorePassword = values.text(CMK_EMULATOR_TRUST_STORE_PASSWORD);
        stateTablePrefix = values.withDefault(CMK_STATE_TABLE_PREFIX, SettingFormats::tablePrefix,
                DEFAULT_STATE_TABLE_PREFIX);
        reconcileQueue = values.withDefault(CMK_RECONCILE_QUEUE, SettingFormats::queueName, DEFAULT_RECONCILE_QUEUE);
        keyEventsTopicEndpoint = values.optional(CMK_KEY_EVENTS_TOPIC_ENDPOINT, SettingFormats::httpsUri);
        bridgeSchedule = values.withDefault(CMK_BRIDGE_SCHEDULE, SettingFormats::ncrontab, DEFAULT_BRIDGE_SCHEDULE);
        healthSchedule = values.withDefault(CMK_HEALTH_SCHEDULE, SettingFormats::ncrontab, DEFAULT_HEALTH_SCHEDULE);
        databricksAppObjectId = values.optional(CMK_DATABRICKS_APP_OBJECT_ID, SettingFormats::guid);
        hsmProvisioningEnabled = values.withDefault(CMK_HSM_PROVISIONING_ENABLED, SettingFormats::bool,
                DEFAULT_HSM_PROVISIONING_ENABLED);
        notifyBeforeExpiryDefault = values.withDefault(CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT,
                SettingFormats::positiveDuration, DEFAULT_NOTIFY_BEFORE_EXPIRY);
        maxReconcileAttempts = values.withDefault(CMK_MAX_RECONCILE_ATTEMPTS, SettingFormats::positiveInt,
                DEFAULT_MAX_RECONCILE_ATTEMPTS);
        storageConnectionString = values.text(CMK_STORAGE_CONNECTION_STRING);
        apiAuth = values.withDefault(CMK_API_AUTH, ApiAuth::parse, DEFAULT_API_AUTH);
        values.throwIfInvalid();
    }

    /**
     * Parses every setting.
     *
     * @throws InvalidSettingException naming every malformed setting
     */
    public static AppSettings from(Map<String, String> values) {
        return new AppSettings(new SettingValues(values));
    }

    /** The settings of this process: the app settings, in Azure. */
    public static AppSettings fromEnvironment() {
        return from(System.getenv());
    }

    /** {@value #AzureWebJobsStorage__accountName}: the storage account reached through the app's identity. */
    public Optional<String> storageAccountName() {
        return storageAccountName;
    }

    /** {@value #APPLICATIONINSIGHTS_CONNECTION_STRING}; the Functions host reads it too. */
    public Optional<String> applicationInsightsConnectionString() {
        return applicationInsightsConnectionString;
    }

    /** {@value #CMK_AZURE_CLIENT_ID}: client ID of the user-assigned managed identity; empty uses the default chain. */
    public Optional<String> managedIdentityClientId() {
        return managedIdentityClientId;
    }

    /**
     * {@value #CMK_SUBSCRIPTION_ID}: the subscription HSMs are provisioned in.
     *
     * @throws InvalidSettingException when the setting is not set
     */
    public String subscriptionId() {
        return required(CMK_SUBSCRIPTION_ID, subscriptionId);
    }

    /**
     * {@value #CMK_TENANT_ID}: the Entra tenant of the HSMs and identities.
     *
     * @throws InvalidSettingException when the setting is not set
     */
    public String tenantId() {
        return required(CMK_TENANT_ID, tenantId);
    }

    /** {@value #CMK_SCOPE_ALLOW_LIST}: subscription and resource-group IDs the app may act in; empty allows nothing. */
    public List<String> scopeAllowList() {
        return scopeAllowList;
    }

    /** {@value #CMK_ARM_ENDPOINT}, always ending with '/'. */
    public URI armEndpoint() {
        return armEndpoint;
    }

    /** {@value #CMK_EMULATOR_TRUST_STORE}: trust store holding the emulator's TLS certificate; empty in Azure. */
    public Optional<Path> emulatorTrustStore() {
        return emulatorTrustStore;
    }

    /** {@value #CMK_EMULATOR_TRUST_STORE_PASSWORD}; empty in Azure. */
    public Optional<String> emulatorTrustStorePassword() {
        return emulatorTrustStorePassword;
    }

    /** {@value #CMK_STATE_TABLE_PREFIX}: prefix of every state table name. */
    public String stateTablePrefix() {
        return stateTablePrefix;
    }

    /** {@value #CMK_RECONCILE_QUEUE}: the work queue; its poison queue is this name plus {@code -poison}. */
    public String reconcileQueue() {
        return reconcileQueue;
    }

    /** {@value #CMK_KEY_EVENTS_TOPIC_ENDPOINT}: Event Grid custom topic the HSM event bridge publishes to. */
    public Optional<URI> keyEventsTopicEndpoint() {
        return keyEventsTopicEndpoint;
    }

    /** {@value #CMK_BRIDGE_SCHEDULE}: six-field NCRONTAB of the HSM event bridge timer. */
    public String bridgeSchedule() {
        return bridgeSchedule;
    }

    /** {@value #CMK_HEALTH_SCHEDULE}: six-field NCRONTAB of the health sweep timer. */
    public String healthSchedule() {
        return healthSchedule;
    }

    /** {@value #CMK_DATABRICKS_APP_OBJECT_ID}: object ID of the AzureDatabricks enterprise app in this tenant. */
    public Optional<String> databricksAppObjectId() {
        return databricksAppObjectId;
    }

    /** {@value #CMK_HSM_PROVISIONING_ENABLED}: whether {@code POST /api/hsms} may create Managed HSMs. */
    public boolean hsmProvisioningEnabled() {
        return hsmProvisioningEnabled;
    }

    /** {@value #CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT}: how long before expiry a key is reported near expiry. */
    public Duration notifyBeforeExpiryDefault() {
        return notifyBeforeExpiryDefault;
    }

    /** {@value #CMK_MAX_RECONCILE_ATTEMPTS}: attempts of one work item before it goes to the poison queue. */
    public int maxReconcileAttempts() {
        return maxReconcileAttempts;
    }

    /** {@value #CMK_STORAGE_CONNECTION_STRING}: local runs and tests only; in Azure the identity is used. */
    public Optional<String> storageConnectionString() {
        return storageConnectionString;
    }

    /** {@value #CMK_API_AUTH}: whether callers of the HTTP API must sign in with Entra ID and hold an app role. */
    public ApiAuth apiAuth() {
        return apiAuth;
    }

    private static String required(String name, Optional<String> value) {
        return value.orElseThrow(() -> InvalidSettingException.of(name, name + " is not set"));
    }
}
