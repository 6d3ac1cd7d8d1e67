package com.cmkorchestrator.emulator.arm;

import java.util.List;
import java.util.Locale;

/**
 * Azure regions the emulator accepts. ARM answers with the normalized name ({@code "West US"} becomes
 * {@code westus}); an unknown region is refused as Azure refuses it.
 */
public final class Locations {
    public static final List<String> SUPPORTED = List.of(
            "eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northcentralus", "southcentralus",
            "westcentralus", "canadacentral", "canadaeast", "brazilsouth", "northeurope", "westeurope", "uksouth",
            "ukwest", "francecentral", "germanywestcentral", "norwayeast", "swedencentral", "switzerlandnorth",
            "polandcentral", "italynorth", "spaincentral", "eastasia", "southeastasia", "japaneast", "japanwest",
            "koreacentral", "centralindia", "southindia", "australiaeast", "australiasoutheast", "uaenorth",
            "southafricanorth", "qatarcentral", "israelcentral", "mexicocentral", "newzealandnorth", "global");

    private Locations() {
    }

    /** {@code "West US"} to {@code westus}. */
    public static String normalize(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    public static boolean isSupported(String normalized) {
        return SUPPORTED.contains(normalized);
    }
}
