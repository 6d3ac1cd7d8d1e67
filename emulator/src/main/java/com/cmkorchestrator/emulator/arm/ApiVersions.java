package com.cmkorchestrator.emulator.arm;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The api-versions the emulator accepts, per resource type. Each list holds the version the pinned
 * Azure SDK for Java sends (read from its {@code *ClientImpl} classes), the version of the official
 * REST examples in {@code rest-examples/}, and the versions of the Bicep type data the project checks
 * against; the first is the provider's default. Anything else is refused as ARM refuses it.
 */
public final class ApiVersions {
    /** azure-resourcemanager-resources 2.53.5: ResourceManagementClientImpl (groups, generic resources, providers). */
    public static final List<String> RESOURCES = List.of("2025-04-01");
    /** azure-resourcemanager-resources 2.53.5: SubscriptionClientImpl. */
    public static final List<String> SUBSCRIPTIONS = List.of("2022-12-01");
    /** azure-resourcemanager-keyvault 2.54.1; rest-examples 2025-05-01; bicep-types 2025-05-01 and 2026-02-01. */
    public static final List<String> KEY_VAULT = List.of("2025-05-01", "2026-02-01");
    /** azure-resourcemanager-msi 2.53.5 and rest-examples: 2024-11-30; bicep-types also 2023-01-31. */
    public static final List<String> MANAGED_IDENTITY = List.of("2024-11-30", "2023-01-31");
    /** azure-resourcemanager-storage 2.55.2: 2025-06-01; rest-examples 2025-08-01; bicep-types 2025-01-01. */
    public static final List<String> STORAGE = List.of("2025-06-01", "2025-08-01", "2025-01-01");
    /** azure-resourcemanager-compute 2.55.1 DiskEncryptionSetsClientImpl, rest-examples and bicep-types: 2025-01-02. */
    public static final List<String> COMPUTE_DISK = List.of("2025-01-02");
    /** rest-examples and bicep-types 2026-01-01 (no typed SDK: Databricks is driven as a generic resource). */
    public static final List<String> DATABRICKS = List.of("2026-01-01");

    private static final Map<String, List<String>> BY_TYPE = Map.of(
            "microsoft.keyvault/managedhsms", KEY_VAULT,
            "microsoft.keyvault/deletedmanagedhsms", KEY_VAULT,
            "microsoft.managedidentity/userassignedidentities", MANAGED_IDENTITY,
            "microsoft.storage/storageaccounts", STORAGE,
            "microsoft.compute/diskencryptionsets", COMPUTE_DISK,
            "microsoft.databricks/workspaces", DATABRICKS);

    private static final Map<String, List<String>> BY_NAMESPACE = Map.of(
            "microsoft.resources", RESOURCES,
            "microsoft.keyvault", KEY_VAULT,
            "microsoft.managedidentity", MANAGED_IDENTITY,
            "microsoft.storage", STORAGE,
            "microsoft.compute", COMPUTE_DISK,
            "microsoft.databricks", DATABRICKS);

    private ApiVersions() {
    }

    /** Versions for {@code Namespace/type}, empty when the emulator does not serve the type. */
    public static List<String> forType(String fullType) {
        return BY_TYPE.getOrDefault(fullType.toLowerCase(Locale.ROOT), List.of());
    }

    /** Versions for a namespace's own routes (operation status, locations), empty when not served. */
    public static List<String> forNamespace(String namespace) {
        return BY_NAMESPACE.getOrDefault(namespace.toLowerCase(Locale.ROOT), List.of());
    }
}
