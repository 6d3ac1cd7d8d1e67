package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.FindingStore;
import com.cmkorchestrator.state.StateLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * {@link FindingStore} on an Azure table: one entity per binding (partition = binding) holding its
 * findings as a JSON array. Replacing them is one entity write, atomic by nature and free of the
 * read-then-delete races a row per finding would have between two overlapping sweeps; the caps on
 * findings per binding and message length keep the array well inside one entity.
 */
final class TableFindingStore implements FindingStore {

    private static final String ROW = "findings";
    private static final String FINDINGS = "Findings";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<StoredFinding>> STORED_LIST = new TypeReference<>() {
    };

    /** A finding as the table keeps it; the binding is the partition key. */
    private record StoredFinding(String severity, String message, String at) {
    }

    private final EntityTable table;

    TableFindingStore(EntityTable table) {
        this.table = table;
    }

    @Override
    public void replaceFor(String binding, List<Finding> findings) {
        FindingStore.checkReplacement(binding, findings);
        if (findings.isEmpty()) {
            table.delete(binding, ROW);
            return;
        }
        String json = write(findings.stream()
                .map(f -> new StoredFinding(f.severity().name(), f.message(), f.at().toString())).toList());
        StateLimits.requireFits("findings of binding '" + binding + "'", json);
        TableEntity entity = new TableEntity(binding, ROW);
        ChunkedText.put(entity, FINDINGS, json);
        table.upsert(entity, "findings of binding '" + binding + "'");
    }

    @Override
    public List<Finding> findingsFor(String binding) {
        StateLimits.requireName("binding", binding);
        return table.read(binding, ROW).map(TableFindingStore::toFindings).orElse(List.of());
    }

    @Override
    public List<Finding> all() {
        return table.query(null).stream().map(TableFindingStore::toFindings).flatMap(Collection::stream).toList();
    }

    private static List<Finding> toFindings(TableEntity entity) {
        try {
            return JSON.readValue(ChunkedText.get(entity, FINDINGS), STORED_LIST).stream()
                    .map(stored -> new Finding(entity.getPartitionKey(), FindingSeverity.valueOf(stored.severity()),
                            stored.message(), Instant.parse(stored.at())))
                    .toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("findings of binding '" + entity.getPartitionKey()
                    + "' are not the JSON this store writes", e);
        }
    }

    private static String write(List<StoredFinding> findings) {
        try {
            return JSON.writeValueAsString(findings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("findings always serialize", e);
        }
    }
}
