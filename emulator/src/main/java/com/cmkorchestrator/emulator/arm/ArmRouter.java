package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps ARM URLs to handlers, as ARM's front door does: subscriptions, resource groups, provider
 * metadata, long-running operation status, and {@code .../providers/<namespace>/<type>/<name>}
 * for the emulated resource types. Checks, in ARM's order, the subscription, the api-version, the
 * namespace and type, and the resource group, and runs each request under the state's monitor.
 */
public final class ArmRouter {
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");

    private final ArmContext arm;
    private final Map<String, ResourceProvider> providers = new LinkedHashMap<>();
    private final ResourceGroups groups;
    private final ProviderCatalog catalog;

    public ArmRouter(ArmContext arm, List<ResourceProvider> resourceProviders) {
        this.arm = arm;
        resourceProviders.forEach(p -> providers.put(p.fullType().toLowerCase(Locale.ROOT), p));
        this.groups = new ResourceGroups(arm, providers);
        this.catalog = new ProviderCatalog(arm.settings().subscriptionId(), resourceProviders);
    }

    public EmuResponse route(ArmCall call) {
        List<String> path = segments(call.request().path());
        if (path.isEmpty() || !path.get(0).equalsIgnoreCase("subscriptions")) {
            throw ArmErrors.noRoute(call.method(), call.request().path());
        }
        if (path.size() == 1) {
            requireApiVersion(call, ApiVersions.SUBSCRIPTIONS, ApiVersions.RESOURCES);
            return listOf(List.of(catalog.subscription(arm.settings().tenantId())));
        }
        String subscription = path.get(1);
        if (!GUID.matcher(subscription).matches()) {
            throw ArmErrors.invalidSubscriptionId(subscription);
        }
        if (!subscription.equalsIgnoreCase(arm.settings().subscriptionId())) {
            throw ArmErrors.subscriptionNotFound(subscription);
        }
        if (path.size() == 2) {
            requireApiVersion(call, ApiVersions.SUBSCRIPTIONS, ApiVersions.RESOURCES);
            requireMethod(call, "GET");
            return EmuResponse.json(200, catalog.subscription(arm.settings().tenantId()));
        }
        String area = path.get(2).toLowerCase(Locale.ROOT);
        List<String> rest = path.subList(3, path.size());
        synchronized (arm.state()) {
            return switch (area) {
                case "resourcegroups" -> resourceGroupRoute(call, rest);
                case "providers" -> providerRoute(call, rest);
                case "resources" -> {
                    ArmCall versioned = requireApiVersion(call, ApiVersions.RESOURCES);
                    requireMethod(versioned, "GET");
                    yield GenericResourceLists.list(versioned, arm.state().allResources(), pageSize());
                }
                default -> throw ArmErrors.noRoute(call.method(), call.request().path());
            };
        }
    }

    private EmuResponse resourceGroupRoute(ArmCall call, List<String> rest) {
        if (rest.size() <= 1 || rest.size() == 2 && rest.get(1).equalsIgnoreCase("resources")) {
            ArmCall versioned = requireApiVersion(call, ApiVersions.RESOURCES);
            if (rest.isEmpty()) {
                requireMethod(versioned, "GET");
                return page(versioned, arm.state().groups());
            }
            if (rest.size() == 1) {
                return groups.handle(versioned, rest.get(0));
            }
            requireMethod(versioned, "GET");
            requireGroup(rest.get(0));
            return GenericResourceLists.list(versioned, arm.state().resourcesIn(rest.get(0)).stream()
                    .map(id -> arm.state().resource(id).orElseThrow()).toList(), pageSize());
        }
        if (rest.size() < 4 || !rest.get(1).equalsIgnoreCase("providers")) {
            throw ArmErrors.noRoute(call.method(), call.request().path());
        }
        String group = rest.get(0);
        ResourceProvider provider = provider(call, rest.get(2), rest.get(3));
        ArmCall versioned = requireProviderApiVersion(call, provider);
        requireGroup(group);
        if (rest.size() == 4) {
            requireMethod(versioned, "GET");
            return page(versioned, arm.state().resources(provider.fullType(), group).stream().map(provider::view).toList());
        }
        if (rest.size() > 5) {
            throw ArmErrors.invalidResourceType(rest.get(2), String.join("/", rest.subList(3, rest.size())), versioned.apiVersion());
        }
        ResourceId id = new ResourceId(arm.settings().subscriptionId(), group, rest.get(2), rest.get(3), rest.get(4));
        return resource(versioned, provider, id);
    }

    private EmuResponse resource(ArmCall call, ResourceProvider provider, ResourceId id) {
        return switch (call.method()) {
            case "GET" -> EmuResponse.json(200, provider.view(arm.state().resource(id).orElseThrow(() ->
                    ArmErrors.resourceNotFound(provider.fullType(), id.name(), id.resourceGroup()))));
            case "HEAD" -> EmuResponse.empty(arm.state().resource(id).isPresent() ? 204 : 404);
            case "PUT" -> {
                ObjectNode body = call.request().jsonObject("InvalidRequestContent");
                provider.validateName(id.name());
                yield provider.put(call, id, body);
            }
            case "PATCH" -> provider.patch(call, id, call.request().jsonObject("InvalidRequestContent"));
            case "DELETE" -> provider.delete(call, id);
            default -> throw ArmErrors.methodNotAllowed(call.method(), call.request().path());
        };
    }

    private EmuResponse providerRoute(ArmCall call, List<String> rest) {
        if (rest.isEmpty()) {
            ArmCall versioned = requireApiVersion(call, ApiVersions.RESOURCES);
            requireMethod(versioned, "GET");
            return listOf(catalog.all());
        }
        String namespace = rest.get(0);
        if (rest.size() == 1 || rest.size() == 2 && rest.get(1).equalsIgnoreCase("register")) {
            ArmCall versioned = requireApiVersion(call, ApiVersions.RESOURCES);
            requireMethod(versioned, rest.size() == 1 ? "GET" : "POST");
            return EmuResponse.json(200, catalog.namespace(namespace).orElseThrow(() -> ArmErrors.invalidResourceNamespace(namespace)));
        }
        if (rest.size() == 5 && rest.get(1).equalsIgnoreCase("locations")
                && (rest.get(3).equalsIgnoreCase("operationStatuses") || rest.get(3).equalsIgnoreCase("operationResults"))) {
            List<String> versions = ApiVersions.forNamespace(namespace);
            if (versions.isEmpty()) {
                throw ArmErrors.invalidResourceNamespace(namespace);
            }
            ArmCall versioned = requireApiVersion(call, versions);
            requireMethod(versioned, "GET");
            return operation(versioned, rest.get(3).equalsIgnoreCase("operationStatuses"), rest.get(4));
        }
        List<ResourceProvider> inNamespace = providers.values().stream()
                .filter(p -> p.fullType().toLowerCase(Locale.ROOT).startsWith(namespace.toLowerCase(Locale.ROOT) + "/")).toList();
        if (inNamespace.isEmpty()) {
            throw ArmErrors.invalidResourceNamespace(namespace);
        }
        ArmCall versioned = requireApiVersion(call, inNamespace.get(0).apiVersions());
        List<String> inside = rest.subList(1, rest.size());
        if (inside.size() == 1) {
            ResourceProvider listed = providers.get((namespace + "/" + inside.get(0)).toLowerCase(Locale.ROOT));
            if (listed != null) {
                requireMethod(versioned, "GET");
                return page(versioned, arm.state().resources(listed.fullType(), null).stream().map(listed::view).toList());
            }
        }
        for (ResourceProvider provider : inNamespace) {
            var answer = provider.subscriptionRoute(versioned, arm.settings().subscriptionId(), inside);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        throw ArmErrors.invalidResourceType(namespace, String.join("/", inside), versioned.apiVersion());
    }

    private EmuResponse operation(ArmCall call, boolean status, String id) {
        Operations.Operation operation = arm.operations().get(id).orElseThrow(() ->
                new EmuException(404, "OperationNotFound", "The operation '" + id + "' was not found."));
        if (status) {
            return arm.operations().status(operation);
        }
        EmuResponse done = EmuResponse.empty(200);
        if (operation.resourceId() != null) {
            ResourceId resource = ResourceId.parse(operation.resourceId(), "id");
            ResourceProvider provider = providers.get(resource.fullType().toLowerCase(Locale.ROOT));
            done = arm.state().resource(resource).map(doc -> EmuResponse.json(200, provider.view(doc))).orElse(done);
        }
        return arm.operations().result(call, operation, done);
    }

    private ResourceProvider provider(ArmCall call, String namespace, String type) {
        ResourceProvider provider = providers.get((namespace + "/" + type).toLowerCase(Locale.ROOT));
        if (provider != null) {
            return provider;
        }
        boolean knownNamespace = providers.keySet().stream().anyMatch(k -> k.startsWith(namespace.toLowerCase(Locale.ROOT) + "/"));
        if (!knownNamespace) {
            throw ArmErrors.invalidResourceNamespace(namespace);
        }
        throw ArmErrors.invalidResourceType(namespace, type, call.request().queryParam("api-version").orElse(""));
    }

    private ArmCall requireProviderApiVersion(ArmCall call, ResourceProvider provider) {
        String version = call.request().queryParam("api-version").orElseThrow(ArmErrors::missingApiVersion);
        if (!provider.apiVersions().contains(version)) {
            String location = call.request().body().length > 0 ? bodyLocation(call.request()) : "global";
            throw ArmErrors.noRegisteredProvider(location, version, provider.fullType().split("/")[1], provider.apiVersions());
        }
        return call.withApiVersion(version);
    }

    private static String bodyLocation(EmuRequest request) {
        try {
            return Locations.normalize(EmuRequest.JSON.readTree(request.body()).path("location").asText("global"));
        } catch (java.io.IOException e) {
            return "global";
        }
    }

    @SafeVarargs
    private static ArmCall requireApiVersion(ArmCall call, List<String>... accepted) {
        String version = call.request().queryParam("api-version").orElseThrow(ArmErrors::missingApiVersion);
        List<String> all = new ArrayList<>();
        Arrays.stream(accepted).forEach(all::addAll);
        if (!all.contains(version)) {
            throw ArmErrors.invalidApiVersion(version, all);
        }
        return call.withApiVersion(version);
    }

    private static void requireMethod(ArmCall call, String method) {
        if (!call.method().equals(method)) {
            throw ArmErrors.methodNotAllowed(call.method(), call.request().path());
        }
    }

    private void requireGroup(String group) {
        if (arm.state().group(group).isEmpty()) {
            throw ArmErrors.resourceGroupNotFound(group);
        }
    }

    private static EmuResponse listOf(List<ObjectNode> items) {
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        items.forEach(value::add);
        return EmuResponse.json(200, body);
    }

    /** A list of resources (or groups) a page at a time; see {@link ArmPages}. */
    private EmuResponse page(ArmCall call, List<ObjectNode> items) {
        return ArmPages.page(call, items.stream().map(ObjectNode::deepCopy).toList(), pageSize());
    }

    private int pageSize() {
        return arm.settings().listPageSize();
    }

    /** The path's segments, decoded; empty segments (from SDKs joining an empty parent path) are dropped. */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                out.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
