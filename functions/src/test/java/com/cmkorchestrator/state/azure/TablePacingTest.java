package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.core.ports.PacingPort;
import com.cmkorchestrator.state.PacingContract;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class TablePacingTest extends PacingContract {

    TablePacingTest(Azurite azurite) {
        super((clock, holders) -> {
            String prefix = Azurite.uniqueTablePrefix();
            return holders.stream().<PacingPort>map(holder -> AzureState.stores(azurite.tableServiceClient(), prefix,
                    clock, holder).pacing()).toList();
        });
    }
}
