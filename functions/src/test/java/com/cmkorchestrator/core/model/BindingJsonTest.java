package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindingJsonTest {

    static String resource(String name) {
        try (InputStream in = BindingJsonTest.class.getResourceAsStream("/core/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheStorageExampleWithEveryField() {
        Binding binding = BindingJson.readBinding(resource("binding-storage.json"));

        assertThat(binding.name()).isEqualTo("orders-storage");
        assertThat(binding.kind()).isEqualTo(TargetKind.STORAGE_ACCOUNT);
        assertThat(binding.hsm().resourceName()).isEqualTo("contoso-hsm");
        assertThat(binding.key().size()).isEqualTo(3072);
        assertThat(binding.key().rotationPolicy().rotateAfter()).isEqualTo(Period.ofDays(90));
        assertThat(binding.key().rotationPolicy().notifyBefore()).isEqualTo(Period.ofDays(30));
        assertThat(binding.versionPolicy()).isEqualTo(VersionPolicy.AUTO);
        assertThat(binding.identityId()).hasValueSatisfying(id -> assertThat(id.toString()).isEqualTo(
                "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-app/providers/"
                        + "Microsoft.ManagedIdentity/userAssignedIdentities/orders-cmk-id"));
    }

    @Test
    void writesCamelCaseJsonThatReadsBackEqual() throws Exception {
        for (String file : new String[]{"binding-storage.json", "binding-des.json", "binding-databricks.json"}) {
            Binding binding = BindingJson.readBinding(resource(file));
            String json = BindingJson.write(binding);

            assertThat(BindingJson.readBinding(json)).as(file).isEqualTo(binding);
            JsonNode tree = BindingJson.mapper().readTree(json);
            assertThat(tree.has("versionPolicy")).as(file).isTrue();
        }
        JsonNode storage = BindingJson.mapper().readTree(BindingJson.write(BindingJson.readBinding(resource("binding-storage.json"))));
        assertThat(storage.at("/key/rotationPolicy/expireAfter").asText()).isEqualTo("P180D");
        assertThat(storage.at("/key/type").asText()).isEqualTo("RSA-HSM");
    }

    @Test
    void fillsTheKindsDefaultVersionPolicyWhenOmitted() {
        assertThat(BindingJson.readBinding(resource("binding-des.json")).versionPolicy()).isEqualTo(VersionPolicy.AUTO);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"size\": 3072|\"size\": 1024|key.size",
            "\"size\": 3072|\"size\": \"big\"|key.size",
            "\"name\": \"orders-cmk\"|\"name\": \"orders_cmk!\"|key.name",
            "\"type\": \"RSA-HSM\"|\"type\": \"RSA\"|key.type",
            "\"rotateAfter\": \"P90D\"|\"rotateAfter\": \"P7D\"|key.rotationPolicy.rotateAfter",
            "\"rotateAfter\": \"P90D\"|\"rotateAfter\": \"ninety days\"|key.rotationPolicy.rotateAfter",
            "\"expireAfter\": \"P180D\"|\"expireAfter\": \"P20D\"|key.rotationPolicy.expireAfter",
            "\"name\": \"orders-cmk-id\"|\"name\": \"x\"|identity.create.name",
            "\"versionPolicy\": \"auto\"|\"versionPolicy\": \"sometimes\"|versionPolicy",
            "\"name\": \"orders-storage\"|\"name\": \"Orders Storage\"|name",
            "resourceGroups/rg-data/providers|resourceGroups/rg-data/provider|target",
            "Microsoft.Storage/storageAccounts|Microsoft.Sql/servers|target",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hsm|/subscriptions/not-a-guid/resourceGroups/rg-hsm|hsm",
            "\"versionPolicy\": \"auto\"|\"versionPolicy\": \"auto\", \"colour\": \"red\"|colour",
    })
    void namesTheFieldAtFault(String original, String replacement, String field) {
        String json = resource("binding-storage.json").replace(original, replacement);

        assertThatThrownBy(() -> BindingJson.readBinding(json))
                .isInstanceOfSatisfying(BindingValidationException.class,
                        e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        String withoutTarget = resource("binding-des.json").replaceAll(",\\s*\"target\": \"[^\"]+\"", "");

        assertThatThrownBy(() -> BindingJson.readBinding(withoutTarget))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEqualTo("target"));
    }

    @Test
    void malformedJsonIsAValidationErrorOfTheWholeDocument() {
        assertThatThrownBy(() -> BindingJson.readBinding("{\"name\": "))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.field()).isEmpty());
    }

    @Test
    void everyFaultOfABindingIsNamedNotJustTheFirst() {
        String json = resource("binding-storage.json")
                .replace("\"name\": \"orders-storage\"", "\"name\": \"Orders Storage\"")
                .replace("\"size\": 3072", "\"size\": 1024")
                .replace("\"rotateAfter\": \"P90D\"", "\"rotateAfter\": \"P7D\"")
                .replace("\"name\": \"orders-cmk-id\"", "\"name\": \"x\"")
                .replace("\"versionPolicy\": \"auto\"", "\"versionPolicy\": \"sometimes\", \"colour\": \"red\"");

        assertThatThrownBy(() -> BindingJson.readBinding(json))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.faults())
                        .extracting(FieldFault::field).containsExactlyInAnyOrder("name", "key.size",
                                "key.rotationPolicy.rotateAfter", "identity.create.name", "versionPolicy", "colour"));
    }

    @Test
    void aRecordsOwnChecksStillRunWhenOneOfItsFieldsCannotBeRead() {
        String withoutIdentity = resource("binding-storage.json")
                .replaceAll(",\\s*\"identity\": \\{[^}]*\\} \\}", "")
                .replace("\"size\": 3072", "\"size\": \"big\"");

        assertThatThrownBy(() -> BindingJson.readBinding(withoutIdentity))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.faults())
                        .extracting(FieldFault::field).containsExactly("key.size", "identity"));
    }

    @Test
    void aFieldThatCannotBeReadIsNotAlsoReportedAsMissing() {
        String json = resource("binding-storage.json").replace("\"target\": \"/subscriptions", "\"target\": \"subscriptions");

        assertThatThrownBy(() -> BindingJson.readBinding(json))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.faults())
                        .extracting(FieldFault::field).containsExactly("target"));
    }

    @Test
    void faultsAreListedInTheOrderOfTheFieldsOfABinding() {
        String json = "{\"name\": \"Vm Disks\", \"key\": {\"name\": \"k\", \"type\": \"RSA-HSM\", \"size\": 1024}, "
                + "\"versionPolicy\": \"sometimes\"}";

        assertThatThrownBy(() -> BindingJson.readBinding(json))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.faults())
                        .extracting(FieldFault::field).containsExactly("name", "hsm", "key.size", "target", "versionPolicy"));
    }
}
