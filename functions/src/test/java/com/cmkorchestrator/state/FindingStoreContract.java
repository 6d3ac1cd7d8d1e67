package com.cmkorchestrator.state;

import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link FindingStore} does; run against Azure Table storage (Azurite) and in memory. */
public abstract class FindingStoreContract extends StoresContract {

    private FindingStore store;

    protected FindingStoreContract(Function<MutableClock, StateStores> freshStores) {
        super(freshStores);
    }

    @BeforeEach
    void useFindings() {
        store = stores.findings();
    }

    @Test
    void aBindingNeverSweptHasNoFindings() {
        assertThat(store.findingsFor("orders-db")).isEmpty();
        assertThat(store.all()).isEmpty();
    }

    @Test
    void findingsReadBackAsGivenInTheirOrder() {
        List<Finding> findings = List.of(
                finding("orders-db", FindingSeverity.CRITICAL, "key version 0123 is disabled but still in use"),
                finding("orders-db", FindingSeverity.WARNING, "key cmk expires in 12 days"));

        store.replaceFor("orders-db", findings);

        assertThat(store.findingsFor("orders-db")).containsExactlyElementsOf(findings);
    }

    @Test
    void aLaterSweepReplacesTheFindingsAndDropsTheFixedOnes() {
        store.replaceFor("orders-db", List.of(
                finding("orders-db", FindingSeverity.CRITICAL, "access missing"),
                finding("orders-db", FindingSeverity.WARNING, "key expires in 12 days"),
                finding("orders-db", FindingSeverity.INFO, "rebind scheduled")));
        List<Finding> later = List.of(finding("orders-db", FindingSeverity.WARNING, "key expires in 11 days"));

        store.replaceFor("orders-db", later);

        assertThat(store.findingsFor("orders-db")).containsExactlyElementsOf(later);
    }

    @Test
    void anEmptySweepClearsTheFindings() {
        store.replaceFor("orders-db", List.of(finding("orders-db", FindingSeverity.WARNING, "near expiry")));

        store.replaceFor("orders-db", List.of());

        assertThat(store.findingsFor("orders-db")).isEmpty();
    }

    @Test
    void allFindingsAreGroupedByBindingNameAndOneBindingsSweepLeavesTheOthersAlone() {
        Finding storage = finding("b-storage", FindingSeverity.WARNING, "version cap near");
        Finding disks = finding("a-des", FindingSeverity.CRITICAL, "pinned to an expired version");
        store.replaceFor("b-storage", List.of(storage));
        store.replaceFor("a-des", List.of(disks));

        store.replaceFor("c-db", List.of());

        assertThat(store.all()).containsExactly(disks, storage);
    }

    @Test
    void aFindingAboutAnotherBindingIsRejected() {
        assertThatThrownBy(() -> store.replaceFor("orders-db",
                List.of(finding("other-db", FindingSeverity.INFO, "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other-db");
    }

    @Test
    void aBindingKeepsAtMostAHundredFindings() {
        List<Finding> hundred = new ArrayList<>();
        for (int i = 0; i < FindingStore.MAX_FINDINGS_PER_BINDING; i++) {
            hundred.add(finding("orders-db", FindingSeverity.INFO, "finding " + i));
        }
        store.replaceFor("orders-db", hundred);
        List<Finding> tooMany = new ArrayList<>(hundred);
        tooMany.add(finding("orders-db", FindingSeverity.INFO, "one too many"));

        assertThatThrownBy(() -> store.replaceFor("orders-db", tooMany))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
        assertThat(store.findingsFor("orders-db")).containsExactlyElementsOf(hundred);
    }

    private static Finding finding(String binding, FindingSeverity severity, String message) {
        return new Finding(binding, severity, message, START);
    }
}
