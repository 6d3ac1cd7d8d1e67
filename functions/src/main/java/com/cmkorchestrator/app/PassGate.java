package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.ConditionType;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keeps reconcile passes of one process from running side by side where that would repeat a write:
 * <ul>
 *   <li>one pass at a time per binding, so that the same event delivered three times (work items processed
 *       concurrently, as the queue trigger does) makes one write: each later pass reads what the first wrote;</li>
 *   <li>one pass at a time per key that the binding has not yet seen ready, because creating a key on the HSM data
 *       plane is not idempotent (a create on an existing name adds a version);</li>
 *   <li>one provisioning pass at a time per requested HSM.</li>
 * </ul>
 * Binding locks are always taken before key locks, so no two passes wait on each other in a circle.
 *
 * <p>This holds within one process. Instances on other machines can still overlap; what that costs is a repeated
 * write of the same value, or a spare first key version that every binding then follows, never a lost change.
 */
final class PassGate {

    private final ConcurrentHashMap<String, ReentrantLock> bindings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ReentrantLock> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ReentrantLock> hsms = new ConcurrentHashMap<>();

    /** Runs {@code work} holding the binding's lock (read the record inside, so each pass sees the last one's status). */
    <T> T forBinding(String name, Supplier<T> work) {
        return holding(bindings.computeIfAbsent(name, n -> new ReentrantLock()), work);
    }

    /**
     * Runs {@code work} holding the HSM request's lock: two provisioning passes side by side could both download the
     * security domain, and the second copy would not be kept.
     */
    <T> T forHsm(String name, Supplier<T> work) {
        return holding(hsms.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ReentrantLock()), work);
    }

    /** Runs a pass holding the key's lock while the binding has not seen its key ready. */
    <T> T forKey(Binding binding, BindingStatus previous, Supplier<T> pass) {
        if (previous != null && previous.condition(ConditionType.KEY_READY).isTrue()) {
            return pass.get();
        }
        String key = (binding.hsm() + "/" + binding.key().name()).toLowerCase(Locale.ROOT);
        return holding(keys.computeIfAbsent(key, k -> new ReentrantLock()), pass);
    }

    private static <T> T holding(ReentrantLock lock, Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
