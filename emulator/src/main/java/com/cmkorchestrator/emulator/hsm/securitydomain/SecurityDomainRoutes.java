package com.cmkorchestrator.emulator.hsm.securitydomain;

import com.cmkorchestrator.emulator.hsm.http.HsmRouter;
import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.cmkorchestrator.emulator.hsm.rbac.DataAction;
import com.cmkorchestrator.emulator.hsm.rbac.LocalRbac;
import com.cmkorchestrator.emulator.hsm.rbac.RoleScope;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code POST /securitydomain/download} and {@code GET /securitydomain/download/pending} (7.5
 * securitydomain.json): the only routes that answer before activation, and only to a principal
 * holding {@code securitydomain/download/action} at {@code /} (the initial administrators).
 */
public final class SecurityDomainRoutes {
    private final SecurityDomain securityDomain;
    private final LocalRbac rbac;
    private final String hsmName;
    private final URI hsmUri;

    public SecurityDomainRoutes(SecurityDomain securityDomain, LocalRbac rbac, String hsmName, URI hsmUri) {
        this.securityDomain = securityDomain;
        this.rbac = rbac;
        this.hsmName = hsmName;
        this.hsmUri = hsmUri;
    }

    public void register(HsmRouter router) {
        router.addBeforeActivation("POST", "/securitydomain/download", this::download);
        router.addBeforeActivation("GET", "/securitydomain/download/pending", this::pending);
    }

    /**
     * 202 with the sealed security domain and where to poll. As in the 7.5 example, {@code value} is the
     * security domain JSON encoded base64url.
     */
    private EmuResponse download(HsmRouter.Call call) {
        rbac.require(call.caller(), DataAction.SECURITY_DOMAIN_DOWNLOAD, RoleScope.GLOBAL);
        ObjectNode body = call.request().jsonObject("BadParameter");
        String sealed = securityDomain.download(body, hsmName, hsmUri.toString());
        ObjectNode answer = EmuRequest.JSON.createObjectNode().put("value",
                Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.getBytes(StandardCharsets.UTF_8)));
        return EmuResponse.json(202, answer)
                .withHeader("Azure-AsyncOperation", hsmUri.resolve("/securitydomain/download/pending").toString())
                .withHeader("Retry-After", "1");
    }

    private EmuResponse pending(HsmRouter.Call call) {
        rbac.require(call.caller(), DataAction.SECURITY_DOMAIN_DOWNLOAD_READ, RoleScope.GLOBAL);
        ObjectNode status = EmuRequest.JSON.createObjectNode();
        switch (securityDomain.downloadStatus()) {
            case NONE -> throw new KeyVaultError(404, "NotFound",
                    "No security domain download has been started for managed HSM '" + hsmName + "'.");
            case IN_PROGRESS -> status.put("status", "InProgress").put("status_details", "Activation in progress.");
            case SUCCESS -> status.put("status", "Success").put("status_details", "The managed HSM is activated.");
            default -> throw new IllegalStateException("unknown status");
        }
        return EmuResponse.json(200, status);
    }
}
