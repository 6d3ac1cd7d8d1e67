package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.state.BridgeWatermarkStoreContract;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class TableBridgeWatermarkStoreTest extends BridgeWatermarkStoreContract {

    private final Azurite azurite;

    // constructor injection: the contract's @BeforeEach runs before any of this class's
    TableBridgeWatermarkStoreTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Override
    protected StateStores newStores(MutableClock clock) {
        return AzureState.stores(azurite.tableServiceClient(), Azurite.uniqueTablePrefix(), clock);
    }
}
