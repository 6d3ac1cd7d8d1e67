package com.cmkorchestrator.app;

import com.cmkorchestrator.core.engine.Write;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.fakes.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotationServiceTest {

    private final AppTestbed bed = new AppTestbed();
    private final RotationService rotations = bed.graph.rotations();

    @Test
    void rotatingAddsAVersionAndRebindsThePinnedBindings() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.storage("shared", VersionPolicy.AUTO));

        RotationService.Rotation rotation = rotations.rotateNow("contoso-hsm", "shared");
        bed.drain();

        assertThat(rotation.writes()).extracting(Write::kind).containsExactly(Write.Kind.ROTATE_KEY);
        assertThat(rotation.rebinding()).containsExactly("vm-disks");
        assertThat(rotation.verifyingLater()).extracting(RotationService.Check::binding).containsExactly("orders-storage");
        assertThat(bed.status("vm-disks").orElseThrow().versionInUse(
                KeySlot.DES_ACTIVE_KEY)).hasValue(rotation.version());
    }

    /**
     * Defect (the benchmark's 42 rotations on 1,000 bindings took 64 s where the HSM allows one a second): each
     * rotation read the whole bindings table three times, to find the HSM, the key's bindings and the plan's.
     */
    @Test
    void aRotationReadsTheBindingsOnce() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.storage("shared", VersionPolicy.AUTO));
        AtomicInteger lists = new AtomicInteger();
        RotationService counted = bed.instance(ListCountingSpecStore.counting(bed.stores, lists)).rotations();
        lists.set(0);

        RotationService.Rotation rotation = counted.rotateNow("contoso-hsm", "shared");

        assertThat(rotation.rebinding()).containsExactly("vm-disks");
        assertThat(lists).as("reads of the whole bindings table").hasValue(1);
    }

    @Test
    void anHsmNoBindingNamesIsNotFound() {
        assertThatThrownBy(() -> rotations.rotateNow("unknown-hsm", "shared"))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
                    assertThat(refusal.field()).hasValue("hsm");
                });
    }

    @Test
    void aKeyTheHsmDoesNotHoldIsNotFoundAndNothingIsWritten() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.azure.log.clear();

        assertThatThrownBy(() -> rotations.rotateNow("contoso-hsm", "missing"))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
                    assertThat(refusal.field()).hasValue("key");
                });
        assertThat(bed.azure.log.writes()).isEmpty();
    }

    @Test
    void anHsmThatIsNotActiveIsNotReady() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.azure.hsms.set(Scenario.HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED);
        bed.azure.clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> rotations.rotateNow("contoso-hsm", "shared"))
                .isInstanceOfSatisfying(Refusal.class,
                        refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.NOT_READY));
    }
}
