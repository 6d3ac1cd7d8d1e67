package com.cmkorchestrator.adapters;

import com.azure.resourcemanager.storage.models.StorageAccount;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.safety.ScopeAllowList;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a security domain may be written: a blob of a storage account inside the scope allow-list, at the blob
 * endpoint ARM reports for that account. The request only names a URL; the account, its scope and its endpoint
 * come from ARM, and the cloud's storage suffix from the environment the app runs in, never from the request.
 * Only a destination that passes here is ever sent a token.
 */
final class BlobDestinations {

    /** Storage account names: 3-24 lower-case letters and digits. */
    private static final Pattern ACCOUNT = Pattern.compile("^[a-z0-9]{3,24}$");

    private final AzureConnection azure;
    private final ScopeAllowList allowList;

    BlobDestinations(AzureConnection azure, ScopeAllowList allowList) {
        this.azure = azure;
        this.allowList = allowList;
    }

    /**
     * A destination that passed: the account's ARM ID, the blob endpoint ARM reports for it, container and blob.
     */
    record Blob(ArmId account, URI endpoint, String container, String name) {
    }

    /**
     * @throws IllegalArgumentException naming what is wrong: not an https blob URL of this cloud, no container and
     *                                  blob, an account outside the allow-list, or an endpoint ARM does not report
     */
    Blob resolve(String destination) {
        URI uri = parse(destination);
        String suffix = ".blob." + trimDot(azure.profile().getEnvironment().getStorageEndpointSuffix());
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!"https".equalsIgnoreCase(uri.getScheme()) || !host.endsWith(suffix) || uri.getPort() != -1
                || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("'" + destination + "' must be https://<account>" + suffix
                    + "/<container>/<blob>, without port, query or user");
        }
        String name = host.substring(0, host.length() - suffix.length());
        if (!ACCOUNT.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a storage account name");
        }
        String[] path = uri.getPath() == null ? new String[0] : uri.getPath().replaceFirst("^/", "").split("/", 2);
        if (path.length < 2 || path[0].isBlank() || path[1].isBlank()) {
            throw new IllegalArgumentException("'" + destination + "' names no container and blob");
        }
        StorageAccount account = inScope(name).orElseThrow(() -> new IllegalArgumentException("the storage account '"
                + name + "' is not in any scope of CMK_SCOPE_ALLOW_LIST: the app writes a security domain only to a"
                + " storage account inside its scopes"));
        URI reported = URI.create(account.endPoints().primary().blob());
        if (!"https".equalsIgnoreCase(reported.getScheme()) || !host.equalsIgnoreCase(reported.getHost())
                || reported.getPort() != -1) {
            throw new IllegalArgumentException("'" + destination + "' is not on the blob endpoint ARM reports for "
                    + account.id() + " (" + reported + ")");
        }
        return new Blob(ArmId.parse(account.id()), URI.create("https://" + host + "/"), path[0], path[1]);
    }

    /** The account of that name in one of the allow-list's scopes (names are unique across Azure). */
    private Optional<StorageAccount> inScope(String name) {
        return allowList.scopes().stream().flatMap(this::accountsIn)
                .filter(account -> account.name().equalsIgnoreCase(name))
                .filter(account -> allowList.permits(ArmId.parse(account.id())))
                .findFirst();
    }

    private Stream<StorageAccount> accountsIn(ArmId scope) {
        var accounts = azure.storage(scope.subscriptionId()).storageAccounts();
        return AzureCalls.call("list storage accounts in " + scope, () -> (scope.resourceGroup().isEmpty()
                ? accounts.list() : accounts.listByResourceGroup(scope.resourceGroup().get())).stream().toList()).stream();
    }

    private static URI parse(String destination) {
        try {
            return new URI(destination);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + destination + "' is not a URL", e);
        }
    }

    private static String trimDot(String suffix) {
        return suffix.startsWith(".") ? suffix.substring(1) : suffix;
    }
}
