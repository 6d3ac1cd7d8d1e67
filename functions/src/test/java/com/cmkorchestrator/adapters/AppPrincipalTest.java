package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.support.EmulatedAzure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AppPrincipal}: who the app itself is, from its own ARM token; what tells its own writes from others'. */
class AppPrincipalTest {
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("principal-rg");

    @Test
    void theAppsOwnPrincipalIsTheObjectIdItsArmTokenNames() {
        String someone = "5eb0e000-0000-4000-8000-00000000b0b0";

        assertThat(AppPrincipal.of(azure.connection()).get()).isEqualToIgnoringCase(EmulatedAzure.DEPLOYER);
        assertThat(AppPrincipal.of(azure.as(someone)).get()).isEqualTo(someone);
    }
}
