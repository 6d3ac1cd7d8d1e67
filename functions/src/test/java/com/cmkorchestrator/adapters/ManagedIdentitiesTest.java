package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ManagedIdentities}: user-assigned identities through {@code MsiManager.identities()}. */
class ManagedIdentitiesTest {
    private static final String TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("uami-rg");
    private final ManagedIdentities identities = new ManagedIdentities(azure.connection());

    @Test
    void anIdentityThatDoesNotExistReadsAsEmpty() {
        assertThat(identities.get(azure.id("uami-rg", TYPE, "uami-absent"))).isEmpty();
    }

    @Test
    void createReturnsThePrincipalThatRoleAssignmentsName() {
        ArmId id = azure.id("uami-rg", TYPE, "uami-created");

        UserAssignedIdentity created = identities.create(id, "westus", Map.of("managed-by", "cmk-orchestrator"));

        assertThat(created.id()).isEqualTo(id);
        assertThat(created.principalId()).isNotBlank();
        assertThat(created.clientId()).isNotBlank();
        assertThat(created.location()).isEqualTo("westus");
        assertThat(identities.get(id)).contains(created);
    }

    @Test
    void createWritesTheTags() {
        ArmId id = azure.id("uami-rg", TYPE, "uami-tagged");

        identities.create(id, "westus", Map.of("managed-by", "cmk-orchestrator"));

        ObjectNode written = azure.armDocument(id);
        assertThat(written.path("tags").path("managed-by").asText()).isEqualTo("cmk-orchestrator");
    }

    @Test
    void anIdentityMadeOutsideTheAppIsReadWithItsPrincipal() {
        var made = azure.identity("uami-rg", "uami-existing");

        UserAssignedIdentity read = identities.get(azure.id("uami-rg", TYPE, "uami-existing")).orElseThrow();

        assertThat(read.principalId()).isEqualTo(made.principalId());
        assertThat(read.clientId()).isEqualTo(made.clientId());
    }

    @Test
    void creatingInAResourceGroupThatDoesNotExistIsAFatalAzureError() {
        ArmId id = azure.id("no-such-rg", TYPE, "uami-orphan");

        assertThatThrownBy(() -> identities.create(id, "westus", Map.of()))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).contains("ResourceGroupNotFound");
                });
    }
}
