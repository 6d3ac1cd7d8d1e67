package com.cmkorchestrator.emulator.hsm.settings;

import com.cmkorchestrator.emulator.hsm.http.HsmRouter;
import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.cmkorchestrator.emulator.hsm.rbac.DataAction;
import com.cmkorchestrator.emulator.hsm.rbac.LocalRbac;
import com.cmkorchestrator.emulator.hsm.rbac.RoleScope;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** {@code GET /settings}, {@code GET|PATCH /settings/{name}} in the wire format of the 7.5 examples. */
public final class SettingsRoutes {
    private final HsmSettings settings;
    private final LocalRbac rbac;

    public SettingsRoutes(HsmSettings settings, LocalRbac rbac) {
        this.settings = settings;
        this.rbac = rbac;
    }

    public void register(HsmRouter router) {
        router.add("GET", "/settings", this::list);
        router.add("GET", "/settings/([^/]+)", this::get);
        router.add("PATCH", "/settings/([^/]+)", this::update);
    }

    private EmuResponse list(HsmRouter.Call call) {
        rbac.require(call.caller(), DataAction.SETTINGS_READ, RoleScope.GLOBAL);
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        ArrayNode list = body.putArray("settings");
        for (Map.Entry<String, Boolean> entry : settings.all().entrySet()) {
            list.add(json(new HsmSettings.Setting(entry.getKey(), entry.getValue())));
        }
        return EmuResponse.json(200, body);
    }

    private EmuResponse get(HsmRouter.Call call) {
        rbac.require(call.caller(), DataAction.SETTINGS_READ, RoleScope.GLOBAL);
        return EmuResponse.json(200, json(settings.get(call.param(0))));
    }

    private EmuResponse update(HsmRouter.Call call) {
        rbac.require(call.caller(), DataAction.SETTINGS_WRITE, RoleScope.GLOBAL);
        JsonNode value = call.request().jsonObject("BadParameter").get("value");
        if (value == null || !(value.isTextual() || value.isBoolean())) {
            throw KeyVaultError.badParameter("The property 'value' is required and must be 'true' or 'false'.");
        }
        return EmuResponse.json(200, json(settings.update(call.param(0), value.asText())));
    }

    private static ObjectNode json(HsmSettings.Setting setting) {
        return EmuRequest.JSON.createObjectNode().put("name", setting.name())
                .put("value", Boolean.toString(setting.value())).put("type", setting.type());
    }
}
