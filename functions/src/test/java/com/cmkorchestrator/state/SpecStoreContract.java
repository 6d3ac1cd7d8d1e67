package com.cmkorchestrator.state;

import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link SpecStore} does, whatever holds the data. Subclasses supply the stores; the
 * same tests run against Azure Table storage (Azurite) and the in-memory store.
 */
public abstract class SpecStoreContract extends StoresContract {

    private static final String SPEC = "{\"hsm\":\"contoso\",\"key\":\"cmk\"}";
    private static final String OTHER_SPEC = "{\"hsm\":\"contoso\",\"key\":\"cmk2\"}";

    private SpecStore bindings;

    protected SpecStoreContract(Function<MutableClock, StateStores> freshStores) {
        super(freshStores);
    }

    @BeforeEach
    void useBindings() {
        bindings = stores.bindings();
    }

    @Test
    void aCreatedRecordStartsAtGenerationOneWithAnEmptyStatus() {
        SpecRecord created = bindings.create("orders-db", SPEC);

        assertThat(created.generation()).isEqualTo(1);
        assertThat(created.observedGeneration()).isZero();
        assertThat(created.statusJson()).isEqualTo(SpecRecord.EMPTY_STATUS);
        assertThat(created.updatedAt()).isEqualTo(clock.instant());
        assertThat(bindings.get("orders-db")).contains(created);
    }

    @Test
    void anUnknownNameReadsAsEmpty() {
        assertThat(bindings.get("nothing-here")).isEmpty();
    }

    @Test
    void creatingANameThatExistsFailsAndKeepsTheFirst() {
        bindings.create("orders-db", SPEC);

        assertThatThrownBy(() -> bindings.create("orders-db", OTHER_SPEC))
                .isInstanceOf(StateAlreadyExistsException.class).hasMessageContaining("orders-db");
        assertThat(bindings.get("orders-db").orElseThrow().specJson()).isEqualTo(SPEC);
    }

    @Test
    void aReplaceAtTheCurrentEtagWritesAndMovesTheEtag() {
        SpecRecord created = bindings.create("orders-db", SPEC);
        clock.advance(Duration.ofMinutes(1));

        SpecRecord replaced = bindings.replace(created.withStatus("{\"Bound\":\"True\"}", 1));

        assertThat(replaced.etag()).isNotEqualTo(created.etag());
        assertThat(replaced.updatedAt()).isEqualTo(clock.instant());
        assertThat(bindings.get("orders-db")).contains(replaced);
    }

    @Test
    void aReplaceWithAStaleEtagFailsWithAConcurrentUpdateAndChangesNothing() {
        SpecRecord read = bindings.create("orders-db", SPEC);
        SpecRecord otherWriter = bindings.replace(read.withStatus("{\"by\":\"instance-2\"}", 1));

        assertThatThrownBy(() -> bindings.replace(read.withStatus("{\"by\":\"instance-1\"}", 1)))
                .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("orders-db");
        assertThat(bindings.get("orders-db")).contains(otherWriter);
    }

    @Test
    void aReplaceOfARecordDeletedMeanwhileFailsWithAConcurrentUpdate() {
        SpecRecord read = bindings.create("orders-db", SPEC);
        bindings.delete("orders-db");

        assertThatThrownBy(() -> bindings.replace(read.withSpec(OTHER_SPEC)))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThat(bindings.get("orders-db")).isEmpty();
    }

    @Test
    void aSpecChangeIncrementsTheGenerationAndAStatusChangeDoesNot() {
        SpecRecord created = bindings.create("orders-db", SPEC);

        SpecRecord reconciled = bindings.replace(created.withStatus("{\"Bound\":\"True\"}", 1));
        SpecRecord changed = bindings.replace(reconciled.withSpec(OTHER_SPEC));

        assertThat(reconciled.generation()).isEqualTo(1);
        assertThat(reconciled.upToDate()).isTrue();
        assertThat(changed.generation()).isEqualTo(2);
        assertThat(changed.observedGeneration()).isEqualTo(1);
        assertThat(changed.upToDate()).isFalse();
    }

    @Test
    void applyCreatesThenChangesTheSpecAndRepeatingItChangesNothing() {
        SpecRecord created = bindings.apply("orders-db", SPEC);
        SpecRecord changed = bindings.apply("orders-db", OTHER_SPEC);
        SpecRecord repeated = bindings.apply("orders-db", OTHER_SPEC);

        assertThat(created.generation()).isEqualTo(1);
        assertThat(changed.generation()).isEqualTo(2);
        assertThat(repeated).isEqualTo(changed);
    }

    @Test
    void updateReappliesTheChangeOnAFreshReadAfterLosingARace() {
        bindings.create("orders-db", SPEC);
        AtomicInteger calls = new AtomicInteger();

        SpecRecord updated = bindings.update("orders-db", current -> {
            if (calls.incrementAndGet() == 1) {
                // another instance writes between our read and our write
                bindings.update("orders-db", other -> other.withSpec(OTHER_SPEC));
            }
            return current.withStatus("{\"Bound\":\"True\"}", current.generation());
        });

        assertThat(calls).hasValue(2);
        assertThat(updated.specJson()).isEqualTo(OTHER_SPEC);
        assertThat(updated.statusJson()).isEqualTo("{\"Bound\":\"True\"}");
        assertThat(updated.observedGeneration()).isEqualTo(2);
    }

    @Test
    void updateGivesUpWithAConcurrentUpdateAfterABoundedNumberOfLostRaces() {
        bindings.create("orders-db", SPEC);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> bindings.update("orders-db", current -> {
            bindings.update("orders-db", other -> other.withStatus("{\"n\":" + calls.incrementAndGet() + "}", 1));
            return current.withSpec(OTHER_SPEC);
        })).isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("gave up");
        assertThat(calls).hasValue(OptimisticRetry.ATTEMPTS);
    }

    @Test
    void updateReturningTheRecordUnchangedWritesNothing() {
        SpecRecord created = bindings.create("orders-db", SPEC);

        assertThat(bindings.update("orders-db", current -> current)).isEqualTo(created);
        assertThat(bindings.get("orders-db")).contains(created);
    }

    @Test
    void updateOfAMissingRecordFailsWithNotFound() {
        assertThatThrownBy(() -> bindings.update("ghost", current -> current.withSpec(SPEC)))
                .isInstanceOf(StateNotFoundException.class).hasMessageContaining("ghost");
    }

    @Test
    void concurrentUpdatersNeverLoseEachOthersWrites() throws Exception {
        bindings.create("counter", "{\"n\":0}");
        AtomicInteger succeeded = new AtomicInteger();
        ExecutorService instances = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int instance = 0; instance < 3; instance++) {
                runs.add(instances.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        try {
                            bindings.update("counter", current -> current.withSpec(increment(current.specJson())));
                            succeeded.incrementAndGet();
                        } catch (ConcurrentUpdateException gaveUp) {
                            // a bounded retry may give up under contention; it must then have written nothing
                        }
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            instances.shutdownNow();
        }

        SpecRecord counter = bindings.get("counter").orElseThrow();
        assertThat(succeeded.get()).isPositive();
        assertThat(counter.specJson()).isEqualTo("{\"n\":" + succeeded.get() + "}");
        assertThat(counter.generation()).isEqualTo(1 + succeeded.get());
    }

    @Test
    void listReturnsEveryRecordInNameOrder() {
        bindings.create("b-db", SPEC);
        bindings.create("a-storage", SPEC);
        bindings.create("c-des", SPEC);

        assertThat(bindings.list()).extracting(SpecRecord::name).containsExactly("a-storage", "b-db", "c-des");
    }

    @Test
    void deleteRemovesTheRecordAndSaysWhetherThereWasOne() {
        bindings.create("orders-db", SPEC);

        assertThat(bindings.delete("orders-db")).isTrue();
        assertThat(bindings.delete("orders-db")).isFalse();
        assertThat(bindings.get("orders-db")).isEmpty();
    }

    @Test
    void bindingsAndHsmRequestsAreSeparateStores() {
        bindings.create("contoso", SPEC);

        assertThat(stores.hsmRequests().get("contoso")).isEmpty();
        assertThat(stores.hsmRequests().kind()).isEqualTo("HSM request");
    }

    @Test
    void aDocumentLargerThanOneTablePropertyRoundTripsIntact() {
        // ASCII on purpose: Azurite 3.37 decodes each network read of a request body separately, so
        // a multi-byte character straddling two reads comes back garbled (Azure has no such bug).
        // ChunkedTextTest covers non-ASCII text and surrogate pairs at chunk boundaries.
        String large = jsonOfLength(100_000, "cmk-key-version-0123456789abcdef;");
        SpecRecord created = bindings.create("large", large);

        assertSameText(bindings.get("large").orElseThrow().specJson(), large);
        assertSameText(created.specJson(), large);
    }

    @Test
    void aDocumentThatShrinksReadsBackWithoutLeftoversOfTheLongerOne() {
        SpecRecord created = bindings.create("shrinking", jsonOfLength(100_000, "x"));

        bindings.replace(created.withSpec(SPEC));

        assertThat(bindings.get("shrinking").orElseThrow().specJson()).isEqualTo(SPEC);
    }

    @Test
    void aSpecTooLargeForAnEntityIsRejectedAndNothingIsWritten() {
        String huge = jsonOfLength(StateLimits.MAX_JSON_CHARS + 1, "x");

        assertThatThrownBy(() -> bindings.create("huge", huge))
                .isInstanceOf(StateTooLargeException.class)
                .hasMessageContaining("huge").hasMessageContaining(String.valueOf(StateLimits.MAX_JSON_CHARS));
        assertThat(bindings.get("huge")).isEmpty();
    }

    @Test
    void aStatusTooLargeForAnEntityIsRejectedAndTheStoredRecordIsKept() {
        SpecRecord created = bindings.create("orders-db", SPEC);
        String huge = jsonOfLength(StateLimits.MAX_JSON_CHARS, "x");

        assertThatThrownBy(() -> bindings.replace(created.withStatus(huge, 1)))
                .isInstanceOf(StateTooLargeException.class);
        assertThat(bindings.get("orders-db")).contains(created);
    }

    @Test
    void aNameThatCannotBeATableKeyIsRejected() {
        assertThatThrownBy(() -> bindings.create("rg/orders-db", SPEC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rg/orders-db");
        assertThatThrownBy(() -> bindings.get("what?")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Equality of long texts, reporting where they differ instead of printing them whole. */
    static void assertSameText(String actual, String expected) {
        int common = 0;
        while (common < Math.min(actual.length(), expected.length()) && actual.charAt(common) == expected.charAt(common)) {
            common++;
        }
        assertThat(common).as("first difference (lengths %d and %d)", actual.length(), expected.length())
                .isEqualTo(Math.max(actual.length(), expected.length()));
    }

    private static String increment(String counterJson) {
        int n = Integer.parseInt(counterJson.replaceAll("\\D", ""));
        return "{\"n\":" + (n + 1) + "}";
    }

    /** A JSON string document of exactly {@code length} chars, built from {@code unit} repeated. */
    static String jsonOfLength(int length, String unit) {
        StringBuilder text = new StringBuilder("{\"v\":\"");
        while (text.length() < length - 2) {
            text.append(unit);
        }
        text.setLength(length - 2);
        // never end on half a surrogate pair
        if (Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            text.setCharAt(text.length() - 1, 'x');
        }
        return text.append("\"}").toString();
    }
}
