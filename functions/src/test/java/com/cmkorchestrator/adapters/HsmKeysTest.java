package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.errors.ErrorClass;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.model.KeyType;
import com.cmkorchestrator.core.ports.DeletedKey;
import com.cmkorchestrator.core.ports.KeyCreation;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.emulator.hsm.HsmSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HsmKeys}: the HSM's keys through the real {@code KeyClient}, as the deployer (an HSM administrator). */
class HsmKeysTest {
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("keys-rg").withActiveHsm("hsm-keys");
    private final URI hsm = azure.hsm();
    private final HsmKeys keys = new HsmKeys(azure.connection());

    @Test
    void aKeyThatDoesNotExistReadsAsEmpty() {
        assertThat(keys.getKey(hsm, "no-such-key")).isEmpty();
        assertThat(keys.getDeletedKey(hsm, "no-such-key")).isEmpty();
    }

    @Test
    void anRsaHsmKeyIsCreatedWithItsSizeOperationsAndExpiry() {
        Instant expiry = Instant.now().plus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        KeyVersion first = keys.createKey(hsm, new KeyCreation("rsa-key", KeyType.RSA_HSM, 3072, null,
                KeyCreation.CMK_OPERATIONS, expiry));

        KeyState state = keys.getKey(hsm, "rsa-key").orElseThrow();
        assertThat(state.kty()).isEqualTo("RSA-HSM");
        assertThat(state.size()).isEqualTo(3072);
        assertThat(state.versions()).containsExactly(first);
        assertThat(first.enabled()).isTrue();
        assertThat(first.expiresOn()).isEqualTo(expiry);
        HsmSnapshot.Version held = version(key("rsa-key"), first.version());
        assertThat(held.keyOps()).containsExactlyInAnyOrder("wrapKey", "unwrapKey");
        assertThat(held.kty()).isEqualTo("RSA-HSM");
    }

    @Test
    void anEcHsmKeyIsCreatedOnItsCurve() {
        keys.createKey(hsm, new KeyCreation("ec-key", KeyType.EC_HSM, null, "P-384", List.of("sign", "verify"), null));

        KeyState state = keys.getKey(hsm, "ec-key").orElseThrow();
        assertThat(state.kty()).isEqualTo("EC-HSM");
        assertThat(state.curve()).isEqualTo("P-384");
        assertThat(state.size()).isNull();
    }

    @Test
    void rotateAddsTheNewestVersionAndGetKeyListsEveryVersion() {
        KeyVersion first = keys.createKey(hsm, rsa("rotated-key"));
        keys.setRotationPolicy(hsm, "rotated-key", new KeyRotationPolicy(Period.ofDays(90), null, null, Period.ofDays(180)));
        // Key Vault stamps versions in whole seconds: a day apart, "latest" is unambiguous
        azure.emulator().clock().advance(Duration.ofDays(1));

        KeyVersion second = keys.rotate(hsm, "rotated-key");

        KeyState state = keys.getKey(hsm, "rotated-key").orElseThrow();
        assertThat(state.versions()).extracting(KeyVersion::version)
                .containsExactlyInAnyOrder(first.version(), second.version());
        assertThat(state.latest().version()).isEqualTo(second.version());
        assertThat(state.currentVersion()).as("the HSM's own answer, not only creation times")
                .isEqualTo(second.version());
        assertThat(key("rotated-key").versions()).hasSize(2);
    }

    @Test
    void aKeyWithoutRotationPolicyReadsAsEmpty() {
        keys.createKey(hsm, rsa("policy-less-key"));

        assertThat(keys.getRotationPolicy(hsm, "policy-less-key")).isEmpty();
    }

    @Test
    void theRotationPolicyReadsBackAsItWasSet() {
        keys.createKey(hsm, rsa("policy-key"));
        KeyRotationPolicy policy = new KeyRotationPolicy(Period.ofDays(60), null, Period.ofDays(30), Period.ofDays(90));

        keys.setRotationPolicy(hsm, "policy-key", policy);

        assertThat(keys.getRotationPolicy(hsm, "policy-key")).contains(policy);
        assertThat(key("policy-key").rotationPolicy()).contains("P60D");
    }

    @Test
    void disablingAVersionLeavesTheOthersEnabled() {
        KeyVersion old = keys.createKey(hsm, rsa("retired-key"));
        keys.setRotationPolicy(hsm, "retired-key", new KeyRotationPolicy(Period.ofDays(90), null, null, null));
        KeyVersion current = keys.rotate(hsm, "retired-key");

        keys.disableVersion(hsm, "retired-key", old.version());

        assertThat(version(key("retired-key"), old.version()).enabled()).isFalse();
        assertThat(version(key("retired-key"), current.version()).enabled()).isTrue();
        assertThat(version(key("retired-key"), old.version()).keyOps()).containsExactlyInAnyOrder("wrapKey", "unwrapKey");
    }

    @Test
    void aSoftDeletedKeyIsFoundAmongTheDeletedAndRecovers() {
        keys.createKey(hsm, rsa("deleted-key"));
        azure.connection().keyClient(hsm).beginDeleteKey("deleted-key").waitForCompletion();

        assertThat(keys.getKey(hsm, "deleted-key")).isEmpty();
        DeletedKey deleted = keys.getDeletedKey(hsm, "deleted-key").orElseThrow();
        assertThat(deleted.name()).isEqualTo("deleted-key");
        assertThat(deleted.scheduledPurgeDate()).isAfter(deleted.deletedOn());

        keys.beginRecoverDeletedKey(hsm, "deleted-key");

        assertThat(keys.getKey(hsm, "deleted-key")).isPresent();
        assertThat(keys.getDeletedKey(hsm, "deleted-key")).isEmpty();
    }

    @Test
    void listKeyNamesNamesEveryLiveKey() {
        keys.createKey(hsm, rsa("listed-key"));

        assertThat(keys.listKeyNames(hsm)).contains("listed-key").doesNotContain("no-such-key");
    }

    @Test
    void aCallerWithoutALocalRoleIsRefusedWithAPropagationClassCode() {
        keys.createKey(hsm, rsa("guarded-key"));
        HsmKeys stranger = new HsmKeys(azure.as(UUID.randomUUID().toString()));

        assertThatThrownBy(() -> stranger.getKey(hsm, "guarded-key"))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.errorCode()).isPresent();
                    assertThat(ErrorClassifier.standard().classify(e).errorClass()).isEqualTo(ErrorClass.SLOW_RETRYABLE);
                });
    }

    @Test
    void aKeyOnAnHsmThatIsNotActivatedIsRefused() {
        URI dormant = azure.provisionedHsm("keys-rg", "hsm-dormant");

        assertThatThrownBy(() -> keys.createKey(dormant, rsa("early-key")))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.httpStatus()).isBetween(400, 499);
                    assertThat(e.errorCode()).isPresent();
                });
    }

    private KeyCreation rsa(String name) {
        return new KeyCreation(name, KeyType.RSA_HSM, 2048, null, KeyCreation.CMK_OPERATIONS, null);
    }

    private HsmSnapshot.Key key(String name) {
        return azure.snapshot(hsm).keys().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    private HsmSnapshot.Version version(HsmSnapshot.Key key, String version) {
        return key.versions().stream().filter(v -> v.version().equals(version)).findFirst().orElseThrow();
    }
}
