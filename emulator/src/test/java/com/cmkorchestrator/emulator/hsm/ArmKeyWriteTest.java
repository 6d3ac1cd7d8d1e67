package com.cmkorchestrator.emulator.hsm;

import com.azure.security.keyvault.administration.models.KeyVaultSetting;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static com.cmkorchestrator.emulator.hsm.HsmTestbed.ADMIN;
import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/** What ARM's {@code managedHSMs/keys} PUT may do to an HSM ({@link ManagedHsm#writeKeyThroughArm}). */
class ArmKeyWriteTest {
    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    private static JsonNode properties(String json) {
        try {
            return EmuRequest.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String RSA_WITH_POLICY = "{\"kty\":\"RSA-HSM\",\"keySize\":2048,\"keyOps\":[\"wrapKey\",\"unwrapKey\"],"
            + "\"rotationPolicy\":{\"attributes\":{\"expiryTime\":\"P1Y\"},\"lifetimeActions\":[{\"action\":{\"type\":\"rotate\"},"
            + "\"trigger\":{\"timeAfterCreate\":\"P90D\"}}]}}";

    private static ManagedHsm hsmTrustingArm() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        testbed.settings(hsm, ADMIN).updateSetting(new KeyVaultSetting("AllowKeyManagementOperationsThroughARM", true));
        return hsm;
    }

    @Test
    void isRefusedUntilAnAdministratorLetsArmManageKeys() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        ArmKeyWrite write = hsm.writeKeyThroughArm("cmk", properties(RSA_WITH_POLICY), OPERATOR);

        assertThat(write).isInstanceOfSatisfying(ArmKeyWrite.Refused.class,
                r -> assertThat(r.message()).contains("AllowKeyManagementOperationsThroughARM"));
        assertThat(hsm.snapshot().keys()).isEmpty();
    }

    @Test
    void isRefusedForADeployerWithoutALocalRoleThatCreatesKeys() {
        ManagedHsm hsm = hsmTrustingArm();

        assertThat(hsm.writeKeyThroughArm("cmk", properties(RSA_WITH_POLICY), ADMIN))
                .isInstanceOfSatisfying(ArmKeyWrite.Refused.class, r -> assertThat(r.code()).isEqualTo("AccessDenied"));
    }

    @Test
    void createsTheFirstVersionWithItsRotationPolicy() {
        ManagedHsm hsm = hsmTrustingArm();

        ArmKeyWrite write = hsm.writeKeyThroughArm("cmk", properties(RSA_WITH_POLICY), OPERATOR);

        assertThat(write).isInstanceOfSatisfying(ArmKeyWrite.Written.class, w -> {
            assertThat(w.created()).isTrue();
            assertThat(w.keyUri()).isEqualTo(hsm.uri() + "keys/cmk");
            assertThat(w.keyUriWithVersion()).isEqualTo(hsm.latestVersionId("cmk").orElseThrow());
        });
        KeyRotationPolicy policy = testbed.keys(hsm, OPERATOR).getKeyRotationPolicy("cmk");
        assertThat(policy.getLifetimeActions().get(0).getTimeAfterCreate()).isEqualTo("P90D");
    }

    @Test
    void aSecondPutReturnsTheExistingKeyWithoutANewVersion() {
        ManagedHsm hsm = hsmTrustingArm();
        ArmKeyWrite first = hsm.writeKeyThroughArm("cmk", properties(RSA_WITH_POLICY), OPERATOR);

        ArmKeyWrite second = hsm.writeKeyThroughArm("cmk", properties("{\"kty\":\"RSA-HSM\",\"keySize\":4096}"), OPERATOR);

        assertThat(second).isEqualTo(new ArmKeyWrite.Written(((ArmKeyWrite.Written) first).keyUri(),
                ((ArmKeyWrite.Written) first).keyUriWithVersion(), false));
        assertThat(hsm.snapshot().keys().get(0).versions()).hasSize(1);
    }

    @Test
    void anInvalidRotationPolicyCreatesNothing() {
        ManagedHsm hsm = hsmTrustingArm();

        ArmKeyWrite write = hsm.writeKeyThroughArm("cmk", properties("{\"kty\":\"RSA\",\"rotationPolicy\":"
                + "{\"lifetimeActions\":[{\"action\":{\"type\":\"rotate\"},\"trigger\":{\"timeAfterCreate\":\"P7D\"}}]}}"), OPERATOR);

        assertThat(write).isInstanceOfSatisfying(ArmKeyWrite.Refused.class, r -> assertThat(r.httpStatus()).isEqualTo(400));
        assertThat(hsm.snapshot().keys()).isEmpty();
    }
}
