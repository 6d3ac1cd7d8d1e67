package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.model.BindingValidationException;
import com.cmkorchestrator.core.model.FieldFault;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.FindingStore;
import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.SpecStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Desired bindings: declare one (create or change), read them, stop managing one. Declaring stores the spec and
 * queues a reconcile; the reconciler does the Azure work. Stopping changes nothing in Azure: the resource keeps its
 * key, its identity and its grants.
 */
public final class BindingService {

    private final SpecStore bindings;
    private final FindingStore findings;
    private final ScopeAllowList allowList;
    private final Regions regions;
    private final WorkScheduler work;
    private final SlotOwnership slots;

    /** @param regions the Azure regions a location may name */
    public BindingService(SpecStore bindings, FindingStore findings, ScopeAllowList allowList, Regions regions,
                          WorkScheduler work, SlotOwnership slots) {
        this.bindings = bindings;
        this.findings = findings;
        this.allowList = allowList;
        this.regions = regions;
        this.work = work;
        this.slots = slots;
    }

    /**
     * The outcome of a declaration.
     *
     * @param view    the binding as stored now
     * @param changed whether the spec was new or different (a new generation)
     */
    public record Declared(BindingView view, boolean changed) {
    }

    /**
     * Creates the binding or changes its spec, then queues a reconcile. Declaring the same spec again changes
     * nothing, but queues a reconcile while the status is behind the spec.
     *
     * @param ifMatch the ETag the caller read, to refuse a change based on an old read
     * @throws BindingValidationException (a 422) naming {@code identity.create.location} when it is no Azure region
     * @throws Refusal OUT_OF_SCOPE naming every field (hsm, target, identity.existing, identity.create) whose resource
     *                 lies outside the allow-list; SLOT_TAKEN when another binding owns a key slot of the target;
     *                 PRECONDITION_FAILED when {@code ifMatch} is stale
     */
    public Declared declare(Binding binding, Optional<String> ifMatch) {
        if (binding.identity() != null && binding.identity().create() != null) {
            regions.require("identity.create.location", binding.identity().create().location());
        }
        requireInScope(binding);
        String spec = BindingJson.write(binding);
        Optional<SpecRecord> before = bindings.get(binding.name());
        // claimed before the spec is stored, so that of two declarations of one slot only one is ever stored
        var claimed = slots.claim(binding);
        SpecChange change;
        try {
            change = ifMatch.isPresent()
                    ? SpecChange.of(before, replaceMatching(binding.name(), spec, before, ifMatch.get()))
                    : SpecChange.declare(bindings, binding.name(), spec);
        } catch (RuntimeException e) {
            slots.giveBack(binding.name(), claimed);
            throw e;
        }
        before.flatMap(StoredBinding::readable).ifPresent(old -> slots.releaseLeft(old.binding(), binding));
        if (change.needsPass()) {
            work.lookAt(binding.name(), "spec generation " + change.record().generation());
        }
        return new Declared(BindingView.of(change.record()), change.changed());
    }

    public List<BindingView> list() {
        return bindings.list().stream().map(BindingView::of).toList();
    }

    /** @throws Refusal NOT_FOUND */
    public BindingView get(String name) {
        return bindings.get(name).map(BindingView::of).orElseThrow(() -> notFound(name));
    }

    /**
     * Forgets the binding and its findings, and frees its key slots: a binding that declares one of them goes on at
     * once. Work items still queued for it find nothing and end.
     *
     * @throws Refusal NOT_FOUND
     */
    public void stopManaging(String name) {
        Optional<Binding> stored = bindings.get(name).flatMap(StoredBinding::readable).map(StoredBinding::binding);
        if (!bindings.delete(name)) {
            throw notFound(name);
        }
        findings.replaceFor(name, List.of());
        stored.ifPresent(binding -> slots.release(binding).forEach(waiting ->
                work.lookAt(waiting, "key slot freed: binding " + name + " was deleted")));
    }

    private SpecRecord replaceMatching(String name, String spec, Optional<SpecRecord> current, String ifMatch) {
        if (current.isEmpty()) {
            throw new Refusal(Refusal.Kind.PRECONDITION_FAILED, null,
                    "If-Match was given but binding '" + name + "' does not exist");
        }
        if (!ifMatch.equals("*") && !ifMatch.equals(current.get().etag())) {
            throw new Refusal(Refusal.Kind.PRECONDITION_FAILED, null, "binding '" + name + "' changed since it was read"
                    + " (ETag " + current.get().etag() + ", If-Match " + ifMatch + ")");
        }
        SpecRecord next = current.get().withSpec(spec);
        if (next == current.get()) {
            return next;
        }
        try {
            return bindings.replace(next);
        } catch (ConcurrentUpdateException e) {
            throw new Refusal(Refusal.Kind.PRECONDITION_FAILED, null, "binding '" + name
                    + "' changed while it was being written");
        }
    }

    /** Every ARM ID of the binding outside the allow-list, each named by its field, before anything is stored. */
    private void requireInScope(Binding binding) {
        List<FieldFault> outside = new ArrayList<>();
        binding.armIds().forEach((field, id) -> {
            if (!allowList.permits(id)) {
                outside.add(new FieldFault(field, id + " is outside the scope allow-list"));
            }
        });
        if (!outside.isEmpty()) {
            throw Refusal.naming(Refusal.Kind.OUT_OF_SCOPE, outside, outside.stream().map(FieldFault::toString)
                    .collect(Collectors.joining("; ")) + " " + allowList.scopes() + "; nothing was stored");
        }
    }

    private static Refusal notFound(String name) {
        return new Refusal(Refusal.Kind.NOT_FOUND, "name", "no binding named '" + name + "'");
    }
}
