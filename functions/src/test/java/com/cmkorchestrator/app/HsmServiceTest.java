package com.cmkorchestrator.app;

import com.cmkorchestrator.adapters.SdkRegions;
import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.BindingValidationException;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.model.WrappingCertificate;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.state.memory.InMemoryReconcileQueue;
import com.cmkorchestrator.state.memory.InMemoryState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Requests for new HSMs, refused or stored before any Azure call is made for them. */
class HsmServiceTest {

    private static final ArmId HSM = ArmId.parse("/subscriptions/" + FakeAzure.SUBSCRIPTION
            + "/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/new-hsm");
    private static final String APP = "11111111-2222-3333-4444-555555555555";
    private static final String REFUSED = "https://elsewhere.blob.core.windows.net/sd/new-hsm.json";

    private final FakeAzure azure = new FakeAzure();
    private final StateStores stores = InMemoryState.stores(Clock.systemUTC());
    private final InMemoryReconcileQueue queue = new InMemoryReconcileQueue("q", 8, Clock.systemUTC());
    private final HsmService service = new HsmService(stores.hsmRequests(), ScopeAllowList.of(ArmId.parse(
            "/subscriptions/" + FakeAzure.SUBSCRIPTION)), true, azure.hsms, new SdkRegions(), () -> APP, new WorkScheduler(queue, stores.pending(), Clock.systemUTC()));

    @Test
    void aSecurityDomainDestinationTheStoreWouldNotWriteToIsRefusedBeforeAnythingIsStored() {
        azure.hsms.refusedDestinations.add(REFUSED);

        assertThatThrownBy(() -> service.request(request(REFUSED)))
                .isInstanceOfSatisfying(BindingValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("activation.destination"));
        assertThat(stores.hsmRequests().list()).isEmpty();
        assertThat(queue.receive(32, Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void anAcceptedDestinationIsStoredAndQueued() {
        service.request(request("https://vault.blob.core.windows.net/sd/new-hsm.json"));

        assertThat(stores.hsmRequests().list()).hasSize(1);
        assertThat(queue.receive(32, Duration.ofMinutes(1))).hasSize(1);
    }

    @Test
    void aRequestWhoseAdministratorsLackTheAppIsRefusedBeforeAnythingIsStored() {
        HsmRequest request = request("https://vault.blob.core.windows.net/sd/new-hsm.json");
        HsmRequest withoutTheApp = new HsmRequest(request.hsm(), request.location(), request.sku(), request.tenantId(),
                List.of("99999999-0000-0000-0000-000000000009"), null, true, request.activation());

        assertThatThrownBy(() -> service.request(withoutTheApp))
                .isInstanceOfSatisfying(BindingValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("administrators");
                    assertThat(e.reason()).contains(APP);
                });
        assertThat(stores.hsmRequests().list()).isEmpty();
        assertThat(queue.receive(32, Duration.ofMinutes(1))).isEmpty();
    }

    private static HsmRequest request(String destination) {
        List<WrappingCertificate> certificates = IntStream.range(0, 3).mapToObj(i -> certificate("sd-wrap-" + i + ".pem"))
                .toList();
        return new HsmRequest(HSM, "westeurope", null, "11111111-aaaa-bbbb-cccc-222222222222",
                List.of(APP), null, true,
                new HsmRequest.Activation(certificates, 2, destination));
    }

    private static WrappingCertificate certificate(String name) {
        try (InputStream in = HsmServiceTest.class.getResourceAsStream("/core/" + name)) {
            return WrappingCertificate.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
