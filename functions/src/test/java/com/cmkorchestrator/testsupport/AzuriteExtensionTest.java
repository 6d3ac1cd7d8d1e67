package com.cmkorchestrator.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzuriteExtensionTest {

    @Test
    void aConnectionStringInTheEnvironmentIsUsedAsItIs() {
        Azurite azurite = AzuriteExtension.fromEnvironment(Map.of(AzuriteExtension.CONNECTION_STRING_VARIABLE,
                "UseDevelopmentStorage=true"));

        assertThat(azurite.connectionString()).isEqualTo("UseDevelopmentStorage=true");
    }

    @Test
    void endpointsInTheEnvironmentBecomeADevelopmentAccountConnectionString() {
        Azurite azurite = AzuriteExtension.fromEnvironment(Map.of(
                AzuriteExtension.TABLE_ENDPOINT_VARIABLE, "http://127.0.0.1:10002/devstoreaccount1",
                AzuriteExtension.QUEUE_ENDPOINT_VARIABLE, "http://127.0.0.1:10001/devstoreaccount1"));

        assertThat(azurite.connectionString())
                .contains("TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;")
                .contains("QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;")
                .contains("AccountName=devstoreaccount1;");
    }

    @Test
    void onlyOneEndpointInTheEnvironmentIsAnErrorNamingTheOther() {
        assertThatThrownBy(() -> AzuriteExtension.fromEnvironment(Map.of(
                AzuriteExtension.TABLE_ENDPOINT_VARIABLE, "http://127.0.0.1:10002/devstoreaccount1")))
                .hasMessageContaining(AzuriteExtension.QUEUE_ENDPOINT_VARIABLE);
    }

    @Test
    void nothingInTheEnvironmentMeansStartOne() {
        assertThat(AzuriteExtension.fromEnvironment(Map.of())).isNull();
    }

    @Test
    void withoutAnInstalledAzuriteTheErrorSaysToRunNpmCi(@TempDir Path empty) {
        assertThatThrownBy(() -> AzuriteExtension.installedScript(empty))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("npm ci");
    }

    @Test
    void uniqueNamesAreValidTablePrefixesAndQueueNames() {
        assertThat(Azurite.uniqueTablePrefix()).matches("[a-z][a-z0-9]{11}").isNotEqualTo(Azurite.uniqueTablePrefix());
        assertThat(Azurite.uniqueQueueName()).matches("q-[a-z0-9]{12}");
    }
}
