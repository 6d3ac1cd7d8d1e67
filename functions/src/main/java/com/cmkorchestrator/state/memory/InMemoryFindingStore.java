package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingStore;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link FindingStore} in process memory. */
public final class InMemoryFindingStore implements FindingStore {

    private final Map<String, List<Finding>> byBinding = new TreeMap<>();

    @Override
    public synchronized void replaceFor(String binding, List<Finding> findings) {
        FindingStore.checkReplacement(binding, findings);
        if (findings.isEmpty()) {
            byBinding.remove(binding);
        } else {
            byBinding.put(binding, List.copyOf(findings));
        }
    }

    @Override
    public synchronized List<Finding> findingsFor(String binding) {
        return byBinding.getOrDefault(binding, List.of());
    }

    @Override
    public synchronized List<Finding> all() {
        return byBinding.values().stream().flatMap(Collection::stream).toList();
    }
}
