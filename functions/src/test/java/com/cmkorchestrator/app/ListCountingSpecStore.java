package com.cmkorchestrator.app;

import com.cmkorchestrator.state.SpecStore;
import com.cmkorchestrator.state.StateStores;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/** A real {@link SpecStore} that counts how often the whole store was read ({@code list}). */
final class ListCountingSpecStore {

    private ListCountingSpecStore() {
    }

    /** {@code stores} with its bindings store counted. */
    static StateStores counting(StateStores stores, AtomicInteger lists) {
        return new StateStores(counting(stores.bindings(), lists), stores.hsmRequests(), stores.watermarks(),
                stores.findings(), stores.leases(), stores.pacing(), stores.ownedKeys(), stores.pending(), stores.slots());
    }

    static SpecStore counting(SpecStore store, AtomicInteger lists) {
        return (SpecStore) Proxy.newProxyInstance(SpecStore.class.getClassLoader(), new Class<?>[]{SpecStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("list")) {
                        lists.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
