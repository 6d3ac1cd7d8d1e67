package com.cmkorchestrator.adapters;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.cmkorchestrator.adapters.support.RecordingCredential;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfinedCredentialTest {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private final RecordingCredential inner = new RecordingCredential();
    private final ConfinedCredential storageOnly = ConfinedCredential.to(inner, TENANT, AzureConnection.STORAGE_SCOPE);

    @Test
    void issuesATokenForItsOwnAudience() {
        assertThat(storageOnly.getTokenSync(new TokenRequestContext().addScopes(AzureConnection.STORAGE_SCOPE))
                .getToken()).isEqualTo(RecordingCredential.tokenFor(AzureConnection.STORAGE_SCOPE));
        assertThat(storageOnly.getToken(new TokenRequestContext().addScopes("HTTPS://storage.azure.com//.default"))
                .block()).isNotNull();
    }

    @Test
    void refusesAnotherAudienceWithoutAskingTheCredential() {
        TokenRequestContext arm = new TokenRequestContext().addScopes("https://management.azure.com/.default");

        assertThatThrownBy(() -> storageOnly.getTokenSync(arm)).isInstanceOf(ClientAuthenticationException.class)
                .hasMessageContaining("management.azure.com");
        assertThatThrownBy(() -> storageOnly.getToken(arm).block()).isInstanceOf(ClientAuthenticationException.class);
        assertThat(inner.asked()).isEmpty();
    }

    @Test
    void refusesAMixOfItsAudienceAndAnother() {
        assertThatThrownBy(() -> storageOnly.getTokenSync(new TokenRequestContext()
                .addScopes(AzureConnection.STORAGE_SCOPE, "https://vault.azure.net/.default")))
                .isInstanceOf(ClientAuthenticationException.class);
    }

    @Test
    void refusesATokenFromAnotherTenant() {
        TokenRequestContext elsewhere = new TokenRequestContext().addScopes(AzureConnection.STORAGE_SCOPE)
                .setTenantId("00000000-0000-0000-0000-000000000000");

        assertThatThrownBy(() -> storageOnly.getTokenSync(elsewhere)).hasMessageContaining("tenant");
        assertThat(inner.asked()).isEmpty();
    }

    @Test
    void needsAtLeastOneAudience() {
        assertThatThrownBy(() -> ConfinedCredential.to(inner, TENANT)).isInstanceOf(IllegalArgumentException.class);
    }
}
