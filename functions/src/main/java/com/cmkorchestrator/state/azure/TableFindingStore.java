package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.FindingStore;
import com.cmkorchestrator.state.StateLimits;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link FindingStore} on an Azure table: partition = binding, row = the finding's position
 * ({@code 000}..{@code 099}). A replacement upserts the new rows and deletes the surplus old ones in
 * one entity-group transaction, which Azure applies atomically within a partition.
 */
final class TableFindingStore implements FindingStore {

    private static final String SEVERITY = "Severity";
    private static final String MESSAGE = "Message";
    private static final String AT = "At";

    private final EntityTable table;

    TableFindingStore(EntityTable table) {
        this.table = table;
    }

    @Override
    public void replaceFor(String binding, List<Finding> findings) {
        FindingStore.checkReplacement(binding, findings);
        int existing = table.partition(binding).size();
        List<TableTransactionAction> actions = new ArrayList<>();
        for (int position = 0; position < findings.size(); position++) {
            actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                    toEntity(findings.get(position), position)));
        }
        for (int position = findings.size(); position < existing; position++) {
            actions.add(new TableTransactionAction(TableTransactionActionType.DELETE,
                    new TableEntity(binding, row(position))));
        }
        table.transaction(actions, "findings of binding '" + binding + "'");
    }

    @Override
    public List<Finding> findingsFor(String binding) {
        StateLimits.requireName("binding", binding);
        return table.partition(binding).stream().map(TableFindingStore::toFinding).toList();
    }

    @Override
    public List<Finding> all() {
        return table.query(null).stream().map(TableFindingStore::toFinding).toList();
    }

    // zero-padded so that row-key order is position order
    private static String row(int position) {
        return String.format("%03d", position);
    }

    private static TableEntity toEntity(Finding finding, int position) {
        return new TableEntity(finding.binding(), row(position))
                .addProperty(SEVERITY, finding.severity().name())
                .addProperty(MESSAGE, finding.message())
                .addProperty(AT, EntityTable.utc(finding.at()));
    }

    private static Finding toFinding(TableEntity entity) {
        return new Finding(entity.getPartitionKey(), FindingSeverity.valueOf((String) entity.getProperty(SEVERITY)),
                (String) entity.getProperty(MESSAGE), EntityTable.instant(entity, AT));
    }
}
