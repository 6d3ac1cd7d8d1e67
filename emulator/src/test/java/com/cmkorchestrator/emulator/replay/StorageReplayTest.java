package com.cmkorchestrator.emulator.replay;

import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.FakeFleet;
import com.cmkorchestrator.emulator.support.JsonShape;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.cmkorchestrator.emulator.support.RestExample;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays of the official Microsoft.Storage/storageAccounts examples (2025-08-01), with the
 * example's key vault replaced by an emulated Managed HSM that grants the identity the key.
 */
class StorageReplayTest {
    /** What the GET examples show that the emulator does not model (replication, routing, migration). */
    private static final Set<String> NOT_MODELLED = Set.of("properties.geoReplicationStats", "properties.isHnsEnabled",
            "properties.keyCreationTime", "properties.secondaryLocation", "properties.statusOfSecondary",
            "properties.routingPreference", "properties.primaryEndpoints.microsoftEndpoints",
            "properties.primaryEndpoints.internetEndpoints", "properties.networkAcls.resourceAccessRules",
            "properties.accountMigrationInProgress", "properties.isSkuConversionBlocked",
            "properties.geoPriorityReplicationStatus");
    private static EmulatorFixture fixture;
    private static String subscription;
    private static FakeFleet.Hsm hsm;
    private static Identity identity;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        subscription = fixture.emulator.options().subscriptionId();
        ArmScenario arm = new ArmScenario(fixture);
        arm.group("res9101");
        arm.group("res9407");
        identity = arm.identity("res9101", "cmk-identity");
        hsm = fixture.fakeFleet.hsm(arm.hsm("res9101", "hsm-replay").id());
        hsm.rotate("wrappingKey");
        hsm.grant(identity.principalId(), "wrappingKey");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void creatingWithACustomerManagedKeyAnswersWithTheExamplesShape() {
        RestExample example = RestExample.load("storage/StorageAccountCreateUserAssignedEncryptionIdentityWithCMK.json");

        RawHttp.Answer answer = fixture.raw.send("PUT", account("res9101", "sto4445", example),
                localized(example.requestBody("parameters")).toString(), Principals.DEPLOYER);

        assertThat(answer.status()).isEqualTo(200);
        // the example's answer says StorageV2 and Hot for a request of kind Storage; the emulator keeps the kind asked for
        assertThat(JsonShape.differences(example.responseBody(200), answer.json(), with("properties.accessTier"))).isEmpty();
        assertThat(answer.json().path("properties").path("encryption").path("keyvaultproperties")
                .path("currentVersionedKeyIdentifier").asText()).startsWith(hsm.uri() + "keys/wrappingKey/");
    }

    @Test
    void updatingToACustomerManagedKeyAnswersWithTheExamplesShape() {
        RestExample example = RestExample.load("storage/StorageAccountUpdateUserAssignedEncryptionIdentityWithCMK.json");
        fixture.raw.send("PUT", account("res9101", "sto4446", example),
                "{\"location\":\"eastus\",\"kind\":\"StorageV2\",\"sku\":{\"name\":\"Standard_LRS\"}}", Principals.DEPLOYER);

        RawHttp.Answer answer = fixture.raw.send("PATCH", account("res9101", "sto4446", example),
                localized(example.requestBody("parameters")).toString(), Principals.DEPLOYER);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(JsonShape.differences(example.responseBody(200), answer.json(), with("properties.accessTier"))).isEmpty();
    }

    @Test
    void readingAnAccountWithMicrosoftManagedKeysAnswersWithTheExamplesShape() {
        RestExample example = RestExample.load("storage/StorageAccountGetProperties.json");
        fixture.raw.send("PUT", account("res9407", "sto8596", example), "{\"location\":\"eastus2\",\"kind\":\"Storage\","
                + "\"sku\":{\"name\":\"Standard_GRS\"},\"tags\":{\"key1\":\"value1\"}}", Principals.DEPLOYER);

        RawHttp.Answer answer = fixture.raw.send("GET", account("res9407", "sto8596", example), null, Principals.DEPLOYER);

        assertThat(JsonShape.differences(example.responseBody(200), answer.json(), NOT_MODELLED)).isEmpty();
    }

    @Test
    void readingAnAccountWithACustomerManagedKeyAnswersWithTheExamplesShape() {
        RestExample example = RestExample.load("storage/StorageAccountGetPropertiesCMKEnabled.json");
        String url = account("res9407", "sto8597", example);
        RawHttp.Answer created = fixture.raw.send("PUT", url, "{\"location\":\"eastus2\",\"kind\":\"Storage\","
                + "\"sku\":{\"name\":\"Standard_GRS\"},\"identity\":{\"type\":\"SystemAssigned\"}}", Principals.DEPLOYER);
        hsm.grant(created.json().path("identity").path("principalId").asText(), "wrappingKey");
        fixture.raw.send("PATCH", url, "{\"properties\":{\"encryption\":{\"keySource\":\"Microsoft.Keyvault\","
                + "\"keyvaultproperties\":{\"keyvaulturi\":\"" + hsm.uri() + "\",\"keyname\":\"wrappingKey\",\"keyversion\":\"\"}}}}",
                Principals.DEPLOYER);

        RawHttp.Answer answer = fixture.raw.send("GET", url, null, Principals.DEPLOYER);

        assertThat(JsonShape.differences(example.responseBody(200), answer.json(), NOT_MODELLED)).isEmpty();
    }

    private static Set<String> with(String extra) {
        java.util.Set<String> all = new java.util.HashSet<>(NOT_MODELLED);
        all.add(extra);
        return all;
    }

    /** The example's identity placeholders and key vault made real. */
    private static ObjectNode localized(ObjectNode body) {
        ObjectNode result = RestExample.substitute(body, "{subscription-id}", subscription);
        result = RestExample.substitute(result, "{managed-identity-name}", "cmk-identity");
        return RestExample.substitute(result, "https://myvault8569.vault.azure.net", hsm.uri().toString());
    }

    private static String account(String group, String name, RestExample example) {
        return "/subscriptions/" + subscription + "/resourceGroups/" + group + "/providers/Microsoft.Storage/storageAccounts/"
                + name + "?api-version=" + example.apiVersion();
    }
}
