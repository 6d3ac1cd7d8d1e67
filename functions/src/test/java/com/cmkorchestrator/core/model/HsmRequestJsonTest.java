package com.cmkorchestrator.core.model;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HsmRequestJsonTest {

    private static String pem(int i) {
        try (InputStream in = HsmRequestJsonTest.class.getResourceAsStream("/core/sd-wrap-" + i + ".pem")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r", "").replace("\n", "\\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String request(int quorum) {
        return """
                {"hsm": "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/contoso-hsm",
                 "location": "westeurope", "tenantId": "11111111-aaaa-bbbb-cccc-222222222222",
                 "administrators": ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"], "purgeProtection": true,
                 "activation": {"certificates": ["%s", "%s", "%s"], "quorum": %d, "destination": "file:///secure/contoso-hsm-sd.json"}}
                """.formatted(pem(0), pem(1), pem(2), quorum);
    }

    @Test
    void readsARequestWithActivationCertificatesAndWritesItBack() {
        HsmRequest request = BindingJson.read(request(2), HsmRequest.class);

        assertThat(request.sku()).isEqualTo("Standard_B1");
        assertThat(request.softDeleteRetentionDays()).isEqualTo(90);
        assertThat(request.activation().certificates()).hasSize(3);
        assertThat(BindingJson.read(BindingJson.write(request), HsmRequest.class)).isEqualTo(request);
    }

    @Test
    void aBadQuorumIsNamedUnderActivation() {
        assertThatThrownBy(() -> BindingJson.read(request(5), HsmRequest.class))
                .isInstanceOfSatisfying(BindingValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("activation.quorum"));
    }

    @Test
    void aBadCertificateIsNamedByItsPosition() {
        String json = request(2).replaceFirst("\"-----BEGIN CERTIFICATE-----[^\"]*\"", "\"garbage\"");

        assertThatThrownBy(() -> BindingJson.read(json, HsmRequest.class))
                .isInstanceOfSatisfying(BindingValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("activation.certificates[0]"));
    }

    @Test
    void everyFaultOfAnHsmRequestIsNamedNotJustTheFirst() {
        String json = request(5).replace("\"westeurope\"", "\"\"")
                .replace("11111111-aaaa-bbbb-cccc-222222222222", "not-a-guid")
                .replace("\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\"", "\"admin\"")
                .replace("\"purgeProtection\": true", "\"purgeProtection\": true, \"softDeleteRetentionDays\": 3");

        assertThatThrownBy(() -> BindingJson.read(json, HsmRequest.class))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> assertThat(e.faults())
                        .extracting(FieldFault::field).containsExactlyInAnyOrder("location", "tenantId",
                                "administrators[0]", "softDeleteRetentionDays", "activation.quorum"));
    }
}
