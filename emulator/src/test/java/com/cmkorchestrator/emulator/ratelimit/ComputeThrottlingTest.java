package com.cmkorchestrator.emulator.ratelimit;

import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.FakeFleet;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compute's own limits on disk encryption sets, after ARM's: reported per 3 and 30 minutes in
 * {@code x-ms-ratelimit-remaining-resource}, shared by every principal of the subscription, and a
 * 429 in Compute's shape once a window is empty. Emulated time all but stands still here.
 */
class ComputeThrottlingTest {
    private static final String GROUP = "/subscriptions/" + EmulatorOptions.DEFAULT_SUBSCRIPTION + "/resourceGroups/compute-rg";
    private static final String SETS = GROUP + "/providers/Microsoft.Compute/diskEncryptionSets/";
    private static final String VERSION = "?api-version=2025-01-02";

    @Test
    void diskEncryptionSetAnswersCarryComputesRemainingCounts() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(ArmThrottlingTest.frozenWith(UnaryOperator.identity()))) {
            String body = definition(fixture);

            RawHttp.Answer written = fixture.raw.send("PUT", SETS + "des-counted" + VERSION, body, Principals.DEPLOYER);
            RawHttp.Answer read = fixture.raw.send("GET", SETS + "des-counted" + VERSION, null, Principals.DEPLOYER);
            RawHttp.Answer listed = fixture.raw.send("GET", GROUP + "/providers/Microsoft.Compute/diskEncryptionSets"
                    + VERSION, null, Principals.DEPLOYER);

            assertThat(written.status()).isEqualTo(200);
            assertThat(written.header("x-ms-ratelimit-remaining-resource"))
                    .isEqualTo("Microsoft.Compute/CreateUpdateDisks3Min;999,Microsoft.Compute/CreateUpdateDisks30Min;7999");
            assertThat(read.header("x-ms-ratelimit-remaining-resource"))
                    .isEqualTo("Microsoft.Compute/LowCostGet3Min;14999,Microsoft.Compute/LowCostGet30Min;119999");
            assertThat(listed.header("x-ms-ratelimit-remaining-resource"))
                    .isEqualTo("Microsoft.Compute/LowCostGet3Min;14998,Microsoft.Compute/LowCostGet30Min;119998");
        }
    }

    @Test
    void computeRefusesDiskEncryptionSetWritesPastItsPolicyWhateverThePrincipal() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(ArmThrottlingTest.frozenWith(
                limits -> limits.withDiskCounts(OperationClass.WRITES, "3/10")))) {
            String body = definition(fixture);
            for (int i = 0; i < 3; i++) {
                assertThat(fixture.raw.send("PUT", SETS + "des-" + i + VERSION, body, Principals.fresh()).status()).isEqualTo(200);
            }

            RawHttp.Answer fourth = fixture.raw.send("PUT", SETS + "des-3" + VERSION, body, Principals.fresh());

            assertThat(fourth.status()).isEqualTo(429);
            assertThat(fourth.errorCode()).isEqualTo("OperationNotAllowed");
            JsonNode detail = fourth.json().path("error").path("details").get(0);
            assertThat(detail.path("code").asText()).isEqualTo("TooManyRequests");
            assertThat(detail.path("target").asText()).isEqualTo("CreateUpdateDisks3Min");
            assertThat(fourth.json().path("error").path("innererror").path("internalErrorCode").asText())
                    .isEqualTo("TooManyRequestsReceived");
            assertThat(Long.parseLong(fourth.header("Retry-After"))).isGreaterThanOrEqualTo(1);
            assertThat(fourth.header("x-ms-ratelimit-remaining-resource"))
                    .isEqualTo("Microsoft.Compute/CreateUpdateDisks3Min;0,Microsoft.Compute/CreateUpdateDisks30Min;7");
            assertThat(fixture.emulator.armDocuments()).noneMatch(doc -> doc.path("name").asText().equals("des-3"));
        }
    }

    @Test
    void otherResourceTypesCarryNoComputeCounts() {
        try (EmulatorFixture fixture = EmulatorFixture.withFakeHsms(ArmThrottlingTest.frozenWith(UnaryOperator.identity()))) {
            RawHttp.Answer group = fixture.raw.send("PUT", "/subscriptions/" + EmulatorOptions.DEFAULT_SUBSCRIPTION
                    + "/resourcegroups/plain-rg?api-version=2025-04-01", "{\"location\":\"westus\"}", Principals.DEPLOYER);

            assertThat(group.status()).isEqualTo(201);
            assertThat(group.header("x-ms-ratelimit-remaining-resource")).isNull();
        }
    }

    /** A disk encryption set body whose identity may use a key of a stand-in HSM. */
    private static String definition(EmulatorFixture fixture) {
        ArmScenario arm = new ArmScenario(fixture);
        arm.group("compute-rg");
        FakeFleet.Hsm hsm = fixture.fakeFleet.hsm(arm.hsm("compute-rg", "hsm-compute").id());
        Identity identity = arm.identity("compute-rg", "uami-compute");
        String version = hsm.rotate("des-key");
        hsm.grant(identity.principalId(), "des-key");
        return ArmScenario.diskEncryptionSetJson(identity, hsm.keyId("des-key", version));
    }
}
