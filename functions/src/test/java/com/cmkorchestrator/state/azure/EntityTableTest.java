package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.state.StateTooLargeException;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(AzuriteExtension.class)
class EntityTableTest {

    private final Azurite azurite;
    private EntityTable table;

    EntityTableTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @BeforeEach
    void setUp() {
        String name = Azurite.uniqueTablePrefix() + "probe";
        table = new EntityTable(azurite.tableServiceClient().createTableIfNotExists(name));
    }

    @Test
    void theEtagAWriteReturnsIsTheOneAReadReturns() {
        String written = table.insert(new TableEntity("p", "r").addProperty("X", "y"), "probe");

        assertThat(written).isEqualTo(table.read("p", "r").orElseThrow().getETag()).endsWith("\"");
    }

    @Test
    void aPropertyOverTheServiceLimitBecomesAStateTooLargeError() {
        // bypasses ChunkedText: the service's own limit is the backstop
        TableEntity entity = new TableEntity("p", "r").addProperty("X", "x".repeat(40_000));

        assertThatThrownBy(() -> table.insert(entity, "probe entity"))
                .isInstanceOf(StateTooLargeException.class).hasMessageContaining("probe entity");
        assertThat(table.read("p", "r")).isEmpty();
    }

    @Test
    void deletingAMissingEntityReportsThatThereWasNone() {
        assertThat(table.delete("p", "nothing")).isFalse();
    }
}
