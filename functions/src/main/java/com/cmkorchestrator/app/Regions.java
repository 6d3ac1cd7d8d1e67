package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.BindingValidationException;

/**
 * The Azure regions a location field may name: ARM takes a region's name ({@code westeurope}) or display name
 * ({@code West Europe}), in any case. Anything else would be stored, shown and sent to ARM as it is (issue 10,
 * finding 4), so it is refused when the request arrives. The adapter reads the SDK's list of regions.
 */
public interface Regions {

    /** Whether {@code location} names an Azure region as ARM accepts it. */
    boolean isRegion(String location);

    /**
     * @throws BindingValidationException naming {@code field} when {@code location} is given and names no region
     */
    default void require(String field, String location) {
        if (location != null && !isRegion(location)) {
            throw new BindingValidationException(field, "'" + location + "' is not an Azure region; give a region's name"
                    + " as ARM lists it (az account list-locations --query [].name), e.g. westeurope");
        }
    }
}
