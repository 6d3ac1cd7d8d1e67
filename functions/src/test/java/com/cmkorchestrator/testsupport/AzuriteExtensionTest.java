package com.cmkorchestrator.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzuriteExtensionTest {

    @Test
    void a_connection_string_in_the_environment_is_used_as_it_is() {
        Azurite azurite = AzuriteExtension.fromEnvironment(Map.of(AzuriteExtension.CONNECTION_STRING_VARIABLE,
                "UseDevelopmentStorage=true"));

        assertThat(azurite.connectionString()).isEqualTo("UseDevelopmentStorage=true");
    }

    @Test
    void endpoints_in_the_environment_become_a_development_account_connection_string() {
        Azurite azurite = AzuriteExtension.fromEnvironment(Map.of(
                AzuriteExtension.TABLE_ENDPOINT_VARIABLE, "http://127.0.0.1:10002/devstoreaccount1",
                AzuriteExtension.QUEUE_ENDPOINT_VARIABLE, "http://127.0.0.1:10001/devstoreaccount1"));

        assertThat(azurite.connectionString())
                .contains("TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;")
                .contains("QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;")
                .contains("AccountName=devstoreaccount1;");
    }

    @Test
    void only_one_endpoint_in_the_environment_is_an_error_naming_the_other() {
        assertThatThrownBy(() -> AzuriteExtension.fromEnvironment(Map.of(
                AzuriteExtension.TABLE_ENDPOINT_VARIABLE, "http://127.0.0.1:10002/devstoreaccount1")))
                .hasMessageContaining(AzuriteExtension.QUEUE_ENDPOINT_VARIABLE);
    }

    @Test
    void nothing_in_the_environment_means_start_one() {
        assertThat(AzuriteExtension.fromEnvironment(Map.of())).isNull();
    }

    @Test
    void without_an_installed_azurite_the_error_says_to_run_npm_ci(@TempDir Path empty) {
        assertThatThrownBy(() -> AzuriteExtension.installedScript(empty))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("npm ci");
    }

    @Test
    void unique_names_are_valid_table_prefixes_and_queue_names() {
        assertThat(Azurite.uniqueTablePrefix()).matches("[a-z][a-z0-9]{11}").isNotEqualTo(Azurite.uniqueTablePrefix());
        assertThat(Azurite.uniqueQueueName()).matches("q-[a-z0-9]{12}");
    }
}
