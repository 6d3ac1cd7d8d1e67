package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.state.PendingWorkContract;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class TablePendingWorkTest extends PendingWorkContract {

    TablePendingWorkTest(Azurite azurite) {
        super(clock -> AzureState.stores(azurite.tableServiceClient(), Azurite.uniqueTablePrefix(), clock).pending());
    }
}
