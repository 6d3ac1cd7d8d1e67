package com.cmkorchestrator.wiring;

import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.config.InvalidSettingException;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The graph Azure runs, built from app settings alone. Nothing here calls Azure: building it only creates the
 * state tables and queue (in Azurite), so the bindings API can be exercised against Azure Table storage.
 */
@ExtendWith(AzuriteExtension.class)
class AzureGraphTest {

    private static Map<String, String> settings(Azurite azurite) {
        Map<String, String> settings = new HashMap<>();
        settings.put(AppSettings.CMK_TENANT_ID, "72f988bf-86f1-41af-91ab-2d7cd011db47");
        settings.put(AppSettings.CMK_SUBSCRIPTION_ID, "11111111-2222-3333-4444-555555555555");
        settings.put(AppSettings.CMK_SCOPE_ALLOW_LIST, "/subscriptions/11111111-2222-3333-4444-555555555555");
        settings.put(AppSettings.CMK_STORAGE_CONNECTION_STRING, azurite.connectionString());
        settings.put(AppSettings.CMK_STATE_TABLE_PREFIX, Azurite.uniqueTablePrefix());
        settings.put(AppSettings.CMK_RECONCILE_QUEUE, Azurite.uniqueQueueName());
        return settings;
    }

    @Test
    void aGraphBuiltFromSettingsKeepsBindingsInTableStorageAndQueuesTheirWork(Azurite azurite) {
        AppGraph graph = AzureGraph.from(AppSettings.from(settings(azurite)));
        Binding binding = new Binding("orders-storage", Scenario.HSM, KeySpec.rsa("k", 2048),
                IdentitySpec.create("rg-app", "id-orders"), Scenario.STORAGE, VersionPolicy.AUTO);

        graph.bindings().declare(binding, Optional.empty());

        assertThat(graph.bindings().get("orders-storage").generation()).isEqualTo(1);
        assertThat(graph.queue().receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(5)))
                .singleElement().satisfies(work -> assertThat(work.item().binding()).isEqualTo("orders-storage"));
        assertThat(graph.bridge()).as("no topic configured, so no bridge").isEmpty();
    }

    @Test
    void aMissingTenantIsNamedBeforeAnythingIsBuilt(Azurite azurite) {
        Map<String, String> settings = settings(azurite);
        settings.remove(AppSettings.CMK_TENANT_ID);

        assertThatThrownBy(() -> AzureGraph.from(AppSettings.from(settings)))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.settingNames()).containsExactly(AppSettings.CMK_TENANT_ID));
    }
}
