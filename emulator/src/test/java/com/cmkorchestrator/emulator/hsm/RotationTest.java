package com.cmkorchestrator.emulator.hsm;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpMethod;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rotation policies (Managed HSM's rules), on-demand rotation, and automatic rotation on the emulated clock. */
class RotationTest {
    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    private static KeyRotationPolicy rotateAfter(String afterCreate, String expiry) {
        return new KeyRotationPolicy().setExpiresIn(expiry).setLifetimeActions(List.of(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate(afterCreate)));
    }

    private static List<KeyProperties> versionsOldestFirst(KeyClient keys, String name) {
        return keys.listPropertiesOfKeyVersions(name).stream()
                .sorted(Comparator.comparing(KeyProperties::getCreatedOn)).toList();
    }

    @Test
    void storesAndReturnsAPolicy() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("p").setHardwareProtected(true));

        keys.updateKeyRotationPolicy("p", rotateAfter("P90D", "P1Y"));
        KeyRotationPolicy policy = keys.getKeyRotationPolicy("p");

        assertThat(policy.getId()).isEqualTo(hsm.uri() + "keys/p/rotationpolicy");
        assertThat(policy.getExpiresIn()).isEqualTo("P1Y");
        assertThat(policy.getLifetimeActions()).singleElement().satisfies(action -> {
            assertThat(action.getAction()).isEqualTo(KeyRotationPolicyAction.ROTATE);
            assertThat(action.getTimeAfterCreate()).isEqualTo("P90D");
        });
        assertThat(policy.getCreatedOn()).isNotNull();
    }

    @Test
    void theOwnershipTagStaysOnEveryVersionARotationAdds() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("owned").setHardwareProtected(true)
                .setTags(java.util.Map.of("managed-by", "cmk-orchestrator")));
        keys.updateKeyRotationPolicy("owned", rotateAfter("P90D", "P1Y"));

        KeyVaultKey rotated = keys.rotateKey("owned");
        testbed.clock.advance(Duration.ofDays(91));

        assertThat(rotated.getProperties().getTags()).containsEntry("managed-by", "cmk-orchestrator");
        assertThat(versionsOldestFirst(keys, "owned")).hasSize(3)
                .allSatisfy(version -> assertThat(version.getTags()).containsEntry("managed-by", "cmk-orchestrator"));
        assertThat(keys.listPropertiesOfKeys().stream().filter(key -> key.getName().equals("owned")))
                .singleElement().satisfies(key -> assertThat(key.getTags()).containsEntry("managed-by", "cmk-orchestrator"));
    }

    @Test
    void aKeyWithoutPolicyAnswersAnEmptyPolicy() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("none").setHardwareProtected(true));

        assertThat(keys.getKeyRotationPolicy("none").getLifetimeActions()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rotate sooner than 28 days after creation|{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P27D\"},\"action\":{\"type\":\"Rotate\"}}],\"attributes\":{\"expiryTime\":\"P1Y\"}}|timeAfterCreate",
        "expiry shorter than 28 days|{\"lifetimeActions\":[],\"attributes\":{\"expiryTime\":\"P20D\"}}|expiryTime",
        "timeBeforeExpiry without expiryTime|{\"lifetimeActions\":[{\"trigger\":{\"timeBeforeExpiry\":\"P30D\"},\"action\":{\"type\":\"Rotate\"}}]}|needs attributes.expiryTime",
        "timeBeforeExpiry leaving under 28 days|{\"lifetimeActions\":[{\"trigger\":{\"timeBeforeExpiry\":\"P40D\"},\"action\":{\"type\":\"Rotate\"}}],\"attributes\":{\"expiryTime\":\"P60D\"}}|28 days",
        "two rotate actions|{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P30D\"},\"action\":{\"type\":\"Rotate\"}},{\"trigger\":{\"timeAfterCreate\":\"P60D\"},\"action\":{\"type\":\"Rotate\"}}]}|only one Rotate",
        "both triggers at once|{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P30D\",\"timeBeforeExpiry\":\"P30D\"},\"action\":{\"type\":\"Rotate\"}}],\"attributes\":{\"expiryTime\":\"P1Y\"}}|exactly one",
        "not an ISO duration|{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"90 days\"},\"action\":{\"type\":\"Rotate\"}}]}|ISO 8601",
        "unknown action|{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P30D\"},\"action\":{\"type\":\"Delete\"}}]}|Rotate or Notify",
        "malformed JSON|{\"lifetimeActions\":[|could not be deserialized"
    })
    void refusesAPolicyBreakingManagedHsmRulesAndKeepsTheOldOne(String rule, String body, String messagePart) {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("strict").setHardwareProtected(true));
        keys.updateKeyRotationPolicy("strict", rotateAfter("P90D", "P1Y"));

        HsmTestbed.Rest.Answer answer = testbed.rest(OPERATOR).sendRaw(HttpMethod.PUT,
                hsm.uri() + "keys/strict/rotationpolicy?api-version=7.6", body);

        assertThat(answer.status()).as(rule).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BadParameter");
        assertThat(answer.body().path("error").path("message").asText()).contains(messagePart);
        assertThat(keys.getKeyRotationPolicy("strict").getLifetimeActions().get(0).getTimeAfterCreate()).isEqualTo("P90D");
    }

    @Test
    void rotatingOnDemandNeedsAPolicyFirst() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("nopolicy").setHardwareProtected(true));

        assertThatThrownBy(() -> keys.rotateKey("nopolicy")).isInstanceOf(HttpResponseException.class)
                .hasMessageContaining("400").hasMessageContaining("rotation policy");
        assertThat(keys.listPropertiesOfKeyVersions("nopolicy").stream()).hasSize(1);
    }

    @Test
    void rotatingOnDemandCreatesAVersionThatExpiresPerPolicy() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        KeyVaultKey first = keys.createRsaKey(new CreateRsaKeyOptions("ondemand").setHardwareProtected(true));
        keys.updateKeyRotationPolicy("ondemand", rotateAfter("P90D", "P1Y"));

        KeyVaultKey rotated = keys.rotateKey("ondemand");

        assertThat(rotated.getId()).isNotEqualTo(first.getId());
        assertThat(keys.getKey("ondemand").getId()).isEqualTo(rotated.getId());
        assertThat(rotated.getProperties().getExpiresOn())
                .isEqualTo(rotated.getProperties().getCreatedOn().plusYears(1));
        assertThat(rotated.getKey().getN()).isNotEqualTo(first.getKey().getN());
    }

    @Test
    void rotatesAutomaticallyWhenEmulatedTimePassesTimeAfterCreate() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        KeyVaultKey first = keys.createRsaKey(new CreateRsaKeyOptions("auto").setHardwareProtected(true));
        keys.updateKeyRotationPolicy("auto", rotateAfter("P30D", "P90D"));

        testbed.clock.advance(Duration.ofDays(29));
        assertThat(keys.getKey("auto").getId()).isEqualTo(first.getId());

        testbed.clock.advance(Duration.ofDays(2));
        KeyVaultKey current = keys.getKey("auto");

        assertThat(current.getId()).isNotEqualTo(first.getId());
        assertThat(current.getProperties().getCreatedOn())
                .isEqualTo(first.getProperties().getCreatedOn().plusDays(30));
        assertThat(current.getProperties().getExpiresOn()).isEqualTo(current.getProperties().getCreatedOn().plusDays(90));
    }

    @Test
    void aLongJumpInTimeCatchesUpWithEveryRotationThatFellDue() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        KeyVaultKey first = keys.createRsaKey(new CreateRsaKeyOptions("jump").setHardwareProtected(true));
        keys.updateKeyRotationPolicy("jump", rotateAfter("P90D", "P1Y"));

        testbed.clock.advance(Duration.ofDays(365));

        List<KeyProperties> versions = versionsOldestFirst(keys, "jump");
        assertThat(versions).hasSize(5);
        OffsetDateTime created = first.getProperties().getCreatedOn();
        for (int i = 1; i < versions.size(); i++) {
            assertThat(versions.get(i).getCreatedOn()).isEqualTo(created.plusDays(90L * i));
        }
    }

    @Test
    void rotatesBeforeExpiryWhenTheTriggerIsTimeBeforeExpiry() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        Instant now = testbed.clock.instant();
        KeyVaultKey first = keys.createRsaKey(new CreateRsaKeyOptions("bexp").setHardwareProtected(true)
                .setExpiresOn(OffsetDateTime.ofInstant(now, ZoneOffset.UTC).plusDays(60)));
        keys.updateKeyRotationPolicy("bexp", new KeyRotationPolicy().setExpiresIn("P90D").setLifetimeActions(List.of(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeBeforeExpiry("P30D"))));

        testbed.clock.advance(Duration.ofDays(31));

        KeyVaultKey current = keys.getKey("bexp");
        assertThat(current.getId()).isNotEqualTo(first.getId());
        assertThat(current.getProperties().getCreatedOn())
                .isEqualTo(first.getProperties().getExpiresOn().minusDays(30));
    }

    @Test
    void aNotifyActionIsStoredButRotatesNothing() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("notify").setHardwareProtected(true));
        JsonNode policy = EmuRequest.JSON.createObjectNode().set("lifetimeActions", EmuRequest.JSON.createArrayNode()
                .add(EmuRequest.JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("trigger",
                        EmuRequest.JSON.createObjectNode().put("timeAfterCreate", "P30D"))
                        .set("action", EmuRequest.JSON.createObjectNode().put("type", "Notify"))));

        HsmTestbed.Rest.Answer answer = testbed.rest(OPERATOR).send(HttpMethod.PUT, hsm, "/keys/notify/rotationpolicy", policy);
        testbed.clock.advance(Duration.ofDays(40));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(keys.listPropertiesOfKeyVersions("notify").stream()).hasSize(1);
    }
}
