package com.cmkorchestrator.adapters;

import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.TrackedBinding;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.RotationPolicySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.emulator.faults.FaultSettings;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static com.cmkorchestrator.adapters.support.EmulatedAzure.ENCRYPTION_USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one rotation costs per rebind, counted on the emulator's request log: 100 pinned storage accounts on one key
 * (one shared identity, granted at the key; the key made by the deployer and adopted), converged, then the key rotated and one pass run for each binding, 8 at a
 * time as a worker does. Issue 11's target: at most 1.2 ARM reads per rebind, and HSM requests per key, not per
 * binding. Throttling is off: the test counts requests, not time.
 */
class RebindRequestsTest {
    private static final int ACCOUNTS = 100;
    private static final String KEY = "fanout-key";
    private static final RotationPolicySpec POLICY = new RotationPolicySpec(Period.ofDays(90), Period.ofDays(180),
            Period.ofDays(30));

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("fanout-rg").withActiveHsm("hsm-fanout")
            .withOptions(options -> options.withFaults(FaultSettings.defaults().withThrottling(false)));
    private static final List<TrackedBinding> converged = new ArrayList<>();
    private static BindingReconciler reconciler;
    private static ArmId hsm;

    @BeforeAll
    static void convergeEveryAccountOnTheKey() {
        reconciler = azure.reconcilerOnAdapters();
        hsm = azure.id("fanout-rg", "Microsoft.KeyVault/managedHSMs", "hsm-fanout");
        Identity identity = azure.identity("fanout-rg", "uami-fanout");
        azure.createKey(azure.hsm(), KEY);
        azure.grant(azure.hsm(), "/keys/" + KEY, ENCRYPTION_USER, identity.principalId());
        for (int i = 0; i < ACCOUNTS; i++) {
            String name = String.format(Locale.ROOT, "stfanout%03d", i);
            ArmId account = azure.storageAccount("fanout-rg", name);
            Binding binding = new Binding(name, hsm, KeySpec.rsa(KEY, 2048).withRotationPolicy(POLICY).adopting(),
                    IdentitySpec.existing(ArmId.parse(identity.id())), account, VersionPolicy.PINNED);
            converged.add(new TrackedBinding(binding, azure.converge(reconciler, binding, null)));
        }
    }

    @Test
    void aRotationFanOutReadsArmAboutOncePerRebindAndTheHsmPerKey() {
        String version = reconciler.rotateNow(hsm, KEY, converged.stream().map(TrackedBinding::binding).toList())
                .rotatedTo().version();
        long mark = azure.emulator().requestLog().mark();

        List<ReconcileOutcome> outcomes = reconciler.reconcileAll(converged);

        List<RequestLog.Entry> requests = azure.emulator().requestLog().since(mark);
        long armReads = requests.stream().filter(e -> e.surface().equals("arm") && !e.isWrite()).count();
        long armWrites = requests.stream().filter(e -> e.surface().equals("arm") && e.isWrite()).count();
        long hsmRequests = requests.stream().filter(e -> !e.surface().equals("arm") && !e.surface().equals("admin"))
                .count();
        System.out.printf(Locale.ROOT, "%d pinned storage rebinds on one key: %.2f ARM reads, %.2f ARM writes and %.2f"
                        + " HSM requests per rebind (%d HSM requests in all)%n", ACCOUNTS, armReads / (double) ACCOUNTS,
                armWrites / (double) ACCOUNTS, hsmRequests / (double) ACCOUNTS, hsmRequests);
        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.status().isReady()).as(outcome.status().toString()).isTrue();
            assertThat(outcome.status().versionInUse(KeySlot.STORAGE_ENCRYPTION)).contains(version);
        });
        assertThat(armWrites).as("one write per rebind").isEqualTo(ACCOUNTS);
        assertThat(armReads).as("ARM reads").isLessThanOrEqualTo(ACCOUNTS * 12 / 10);
        assertThat(hsmRequests).as("HSM requests for one key").isLessThanOrEqualTo(10);
    }
}
