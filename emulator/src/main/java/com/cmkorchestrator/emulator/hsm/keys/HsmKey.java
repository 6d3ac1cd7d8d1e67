package com.cmkorchestrator.emulator.hsm.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A named key: its versions in creation order (the last is the current one), its rotation policy
 * and, once deleted, when it was deleted and when it will be purged. Mutable, guarded by the
 * owning HSM's lock.
 */
public final class HsmKey {

    /** Soft-delete bookkeeping of a deleted key. */
    public record Deletion(Instant deletedDate, Instant scheduledPurgeDate) {
    }

    private final String name;
    private final List<KeyVersion> versions = new ArrayList<>();
    private RotationPolicy rotationPolicy;
    private Deletion deletion;

    HsmKey(String name, KeyVersion first) {
        this.name = name;
        this.versions.add(first);
    }

    /** The name as first created (lookups ignore case). */
    public String name() { return name; }

    public KeyVersion latest() { return versions.get(versions.size() - 1); }

    public List<KeyVersion> versions() { return List.copyOf(versions); }

    public Optional<KeyVersion> version(String version) {
        return versions.stream().filter(v -> v.version().equalsIgnoreCase(version)).findFirst();
    }

    public Optional<RotationPolicy> rotationPolicy() { return Optional.ofNullable(rotationPolicy); }

    public Optional<Deletion> deletion() { return Optional.ofNullable(deletion); }

    public boolean isDeleted() { return deletion != null; }

    void addVersion(KeyVersion version) { versions.add(version); }

    void replaceVersion(KeyVersion changed) {
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).version().equals(changed.version())) {
                versions.set(i, changed);
                return;
            }
        }
        throw new IllegalArgumentException("no version " + changed.version() + " in key " + name);
    }

    void setRotationPolicy(RotationPolicy policy) { this.rotationPolicy = policy; }

    void markDeleted(Deletion deleted) { this.deletion = deleted; }

    void markRecovered() { this.deletion = null; }
}
