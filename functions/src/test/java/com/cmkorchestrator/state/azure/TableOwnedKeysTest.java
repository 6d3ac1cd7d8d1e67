package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.state.OwnedKeysContract;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;

@ExtendWith(AzuriteExtension.class)
class TableOwnedKeysTest extends OwnedKeysContract {

    TableOwnedKeysTest(Azurite azurite) {
        super(() -> AzureState.stores(azurite.tableServiceClient(), Azurite.uniqueTablePrefix(), Clock.systemUTC())
                .ownedKeys());
    }
}
