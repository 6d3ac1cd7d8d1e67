package com.cmkorchestrator.emulator.hsm.http;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Managed HSM data plane's route table: method + path pattern to handler. Paths are matched
 * case-insensitively (Key Vault ignores case in its routes and object names) after collapsing
 * repeated slashes: the Key Vault SDKs put the RBAC scope straight into the path, so scope
 * {@code /} arrives as {@code ///providers/...}.
 */
public final class HsmRouter {

    /** One matched call: the request, the path's captured groups and the checked api-version. */
    public record Call(EmuRequest request, List<String> params, String apiVersion) {
        public String param(int index) { return params.get(index); }

        public String caller() { return request.callerOid(); }
    }

    @FunctionalInterface
    public interface Handler {
        EmuResponse handle(Call call);
    }

    /** @param beforeActivation whether the route answers while the HSM is not activated yet */
    public record Route(String method, Pattern pattern, boolean beforeActivation, Handler handler) {
    }

    /** A route and the call it matched. */
    public record Match(Route route, Call call) {
    }

    private final List<Route> routes = new ArrayList<>();

    public HsmRouter add(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE), false, handler));
        return this;
    }

    /** Adds a route that works on a not-yet-activated HSM (only the security domain download does). */
    public HsmRouter addBeforeActivation(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE), true, handler));
        return this;
    }

    /**
     * @throws KeyVaultError 404 for an unknown path, 405 for a known path with another method
     */
    public Match match(EmuRequest request, String apiVersion) {
        String path = normalize(rawPath(request));
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher matcher = route.pattern().matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(request.method())) {
                List<String> params = new ArrayList<>();
                for (int i = 1; i <= matcher.groupCount(); i++) {
                    params.add(Optional.ofNullable(matcher.group(i)).orElse(""));
                }
                return new Match(route, new Call(request, List.copyOf(params), apiVersion));
            }
        }
        if (pathKnown) {
            throw new KeyVaultError(405, "MethodNotAllowed",
                    "The requested resource does not support http method '" + request.method() + "'.");
        }
        throw new KeyVaultError(404, "NotFound", "The requested resource '" + path + "' was not found.");
    }

    /**
     * The request target's path. The JDK server parses a target starting with {@code //} (what the
     * SDKs send for scope {@code /keys}: {@code //keys/providers/...}) as a network-path reference, so
     * the first segment lands in the URI's authority; put it back.
     */
    static String rawPath(EmuRequest request) {
        java.net.URI uri = request.uri();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (uri.getScheme() == null && uri.getRawAuthority() != null) {
            return "//" + uri.getRawAuthority() + path;
        }
        return path;
    }

    /** Decodes, collapses repeated slashes and drops a trailing slash ({@code /} stays {@code /}). */
    static String normalize(String rawPath) {
        String decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        String collapsed = decoded.replaceAll("/{2,}", "/");
        if (collapsed.length() > 1 && collapsed.endsWith("/")) {
            collapsed = collapsed.substring(0, collapsed.length() - 1);
        }
        return collapsed.isEmpty() ? "/" : collapsed;
    }
}
