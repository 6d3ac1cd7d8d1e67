package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.state.LeasesContract;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

@ExtendWith(AzuriteExtension.class)
class TableLeasesTest extends LeasesContract {

    TableLeasesTest(Azurite azurite) {
        super((clock, holders) -> {
            String prefix = Azurite.uniqueTablePrefix();
            return holders.stream().<LeasePort>map(holder -> AzureState.stores(azurite.tableServiceClient(), prefix,
                    clock, holder).leases()).toList();
        });
    }
}
