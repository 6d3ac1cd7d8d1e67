package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.ResourceSlot;
import com.cmkorchestrator.state.SlotClaim;
import com.cmkorchestrator.state.SlotIndex;
import com.cmkorchestrator.state.SpecStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One owner per (resource, key slot) (docs/concurrency.md section 1): two bindings writing one storage account's key
 * would rewrite it back and forth on every pass. A declaration claims its slots in the slot index before its spec is
 * stored (the claim is atomic, so of two declarations racing on two instances one wins); each pass checks the claim
 * first, and claims a slot its binding declared before this rule existed; deleting a binding frees its slots.
 *
 * <p>A slot no claim covers may still be declared by a binding stored before the rule: such a binding counts as its
 * owner as much as a claim does. Two of them on one slot both stay {@code Failed/Conflict}, neither writing, until a
 * person deletes one. A claim whose binding is gone (a crash between the steps above) is stale and taken over, once it
 * is old enough not to be a declaration still on its way to the store.
 */
public final class SlotOwnership {

    private static final Logger LOG = Logger.getLogger(SlotOwnership.class.getName());
    /** A declaration stores its spec well within this of claiming its slots. */
    static final Duration CLAIM_GRACE = Duration.ofMinutes(5);

    private final SlotIndex slots;
    private final SpecStore bindings;
    private final Clock clock;
    /** {@link #declaring}'s candidates: the stored bindings by slot, as this process first read them. */
    private volatile Map<ResourceSlot, List<String>> declaredAtFirstLook;

    public SlotOwnership(SlotIndex slots, SpecStore bindings, Clock clock) {
        this.slots = slots;
        this.bindings = bindings;
        this.clock = clock;
    }

    /** Two or more stored bindings declaring one slot, for the health report and the dashboard. */
    public record SlotConflict(ResourceSlot slot, List<String> bindings) {
        public SlotConflict {
            bindings = List.copyOf(bindings);
        }
    }

    /**
     * Claims every slot {@code binding} declares; on a refusal nothing newly claimed stays claimed.
     *
     * @return the slots claimed just now (not those the binding held already), for {@link #giveBack} should its spec
     *         not be stored after all
     * @throws Refusal SLOT_TAKEN naming the owner and how to move ownership
     */
    public List<ResourceSlot> claim(Binding binding) {
        List<ResourceSlot> claimedNow = new ArrayList<>();
        for (ResourceSlot slot : binding.slots()) {
            List<String> owners = claimOne(slot, binding.name(), claimedNow);
            if (!owners.isEmpty()) {
                giveBack(binding.name(), claimedNow);
                throw new Refusal(Refusal.Kind.SLOT_TAKEN, "target", slot + " is owned by binding '" + owners.get(0)
                        + "': one resource slot has one owner. To move ownership, delete binding '" + owners.get(0)
                        + "' first (DELETE /api/bindings/" + owners.get(0) + "; that changes nothing in Azure), then "
                        + "declare this binding again");
            }
        }
        return claimedNow;
    }

    /** Frees slots {@code binding} claimed for a declaration that was not stored. */
    public void giveBack(String binding, List<ResourceSlot> claimed) {
        claimed.forEach(slot -> slots.release(slot, binding));
    }

    /**
     * Whether {@code binding} may write its slots now, claiming those it declared before claims existed.
     *
     * @return empty when it owns every slot; else why not, for its status
     */
    public Optional<String> conflict(Binding binding) {
        for (ResourceSlot slot : binding.slots()) {
            List<String> owners = claimOne(slot, binding.name(), new ArrayList<>());
            if (!owners.isEmpty()) {
                LOG.warning(() -> "binding " + binding.name() + " conflicts with " + owners + " on " + slot);
                return Optional.of(describe(slot, owners));
            }
        }
        return Optional.empty();
    }

    /**
     * Frees the slots {@code binding} holds.
     *
     * @return the other stored bindings that declare those slots and may go on now
     */
    public List<String> release(Binding binding) {
        List<String> waiting = new ArrayList<>();
        for (ResourceSlot slot : binding.slots()) {
            slots.release(slot, binding.name());
            declaring(slot, binding.name()).stream().filter(name -> !waiting.contains(name)).forEach(waiting::add);
        }
        return waiting;
    }

    /** Frees the slots {@code before} declared that {@code after} no longer does (a spec moved to another target). */
    public void releaseLeft(Binding before, Binding after) {
        before.slots().stream().filter(slot -> !after.slots().contains(slot))
                .forEach(slot -> slots.release(slot, before.name()));
    }

    /** Every slot that more than one stored binding declares. */
    public List<SlotConflict> conflicts() {
        return bySlot(storedBindings()).entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                .map(entry -> new SlotConflict(entry.getKey(), entry.getValue())).toList();
    }

    /**
     * Gives {@code name} the slot when it is free (or its claim stale) and no other stored binding declares it.
     *
     * @return empty once {@code name} owns the slot; else the bindings that keep it from {@code name}
     */
    private List<String> claimOne(ResourceSlot slot, String name, List<ResourceSlot> claimedNow) {
        Optional<SlotClaim> owner = slots.owner(slot);
        if (owner.isPresent() && owner.get().heldBy(name)) {
            return List.of();
        }
        if (owner.isPresent() && !isStale(owner.get())) {
            return List.of(owner.get().binding());
        }
        List<String> others = declaring(slot, name);
        if (!others.isEmpty()) {
            return others;
        }
        SlotClaim now = owner.isPresent() ? slots.takeOver(owner.get(), name) : slots.claim(slot, name);
        if (!now.heldBy(name)) {
            return List.of(now.binding());
        }
        claimedNow.add(slot);
        return List.of();
    }

    /** A claim whose binding no longer exists or no longer declares the slot, and that is no declaration under way. */
    private boolean isStale(SlotClaim claim) {
        if (clock.instant().isBefore(claim.claimedAt().plus(CLAIM_GRACE))) {
            return false;
        }
        return bindings.get(claim.binding()).flatMap(StoredBinding::readable)
                .map(stored -> !stored.binding().slots().contains(claim.slot())).orElse(true);
    }

    /**
     * The stored bindings other than {@code name} that declare {@code slot}, asked only for a slot no claim covers.
     * Every binding stored since claims exist claimed its slots before it was stored, and gives one up only when it
     * stops declaring it; so a stored binding that declares an unclaimed slot was stored before the rule, and was in
     * the store when this process first looked. One read of the store per process, then, not one per declaration: at
     * 6,668 bindings each declaration read them all, and declaring 10,000 took over an hour. Each candidate is read
     * again, as it may have changed or gone since.
     */
    private List<String> declaring(ResourceSlot slot, String name) {
        return declaredAtFirstLook().getOrDefault(slot, List.of()).stream().filter(other -> !other.equals(name))
                .filter(other -> bindings.get(other).flatMap(StoredBinding::readable)
                        .map(stored -> stored.binding().slots().contains(slot)).orElse(false))
                .toList();
    }

    private Map<ResourceSlot, List<String>> declaredAtFirstLook() {
        Map<ResourceSlot, List<String>> declared = declaredAtFirstLook;
        if (declared == null) {
            synchronized (this) {
                if (declaredAtFirstLook == null) {
                    declaredAtFirstLook = bySlot(storedBindings());
                }
                declared = declaredAtFirstLook;
            }
        }
        return declared;
    }

    private static Map<ResourceSlot, List<String>> bySlot(List<StoredBinding> stored) {
        Map<ResourceSlot, List<String>> bySlot = new LinkedHashMap<>();
        for (StoredBinding binding : stored) {
            binding.binding().slots().forEach(slot -> bySlot.computeIfAbsent(slot, s -> new ArrayList<>())
                    .add(binding.name()));
        }
        return bySlot;
    }

    private List<StoredBinding> storedBindings() {
        return bindings.list().stream().map(StoredBinding::readable).flatMap(Optional::stream).toList();
    }

    private static String describe(ResourceSlot slot, List<String> owners) {
        String names = "'" + String.join("', '", owners) + "'";
        return "binding " + names + (owners.size() == 1 ? " declares " : " declare ") + "the same key slot, " + slot
                + ": one resource slot has one owner, so this binding writes nothing until the conflict is resolved. "
                + "Delete the binding that should not own it (DELETE /api/bindings/<name>; that changes nothing in "
                + "Azure)";
    }
}
