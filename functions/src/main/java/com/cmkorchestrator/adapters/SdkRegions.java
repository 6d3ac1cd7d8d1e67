package com.cmkorchestrator.adapters;

import com.azure.core.management.Region;
import com.cmkorchestrator.app.Regions;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link Regions} from azure-core-management's {@link Region} list, taken once when built: {@code Region.fromName}
 * adds any name it is given to that list, so after the first unchecked use the list would accept anything. A region is
 * matched as {@code fromName} matches it, by its name without spaces and case ({@code West Europe} is
 * {@code westeurope}).
 */
public final class SdkRegions implements Regions {

    private final Set<String> names;

    public SdkRegions() {
        this.names = Region.values().stream().map(Region::name).map(SdkRegions::normalise).collect(Collectors.toSet());
    }

    @Override
    public boolean isRegion(String location) {
        return location != null && names.contains(normalise(location));
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace(" ", "");
    }
}
