package com.cmkorchestrator.emulator.hsm.keys;

import com.cmkorchestrator.emulator.hsm.http.KeyName;
import com.cmkorchestrator.emulator.hsm.http.HsmRouter;
import com.cmkorchestrator.emulator.hsm.http.Paging;
import com.cmkorchestrator.emulator.hsm.rbac.DataAction;
import com.cmkorchestrator.emulator.hsm.rbac.LocalRbac;
import com.cmkorchestrator.emulator.hsm.rbac.RoleScope;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Key management routes: create, get, update, list, versions, delete, deleted keys, recover, purge,
 * rotate and rotation policy. Each call is authorized against local RBAC at the key's scope
 * ({@code /keys/<name>}, or {@code /keys} for lists) before its input is read.
 */
public final class KeyRoutes {
    private static final String NAME = "/keys/([^/]+)";

    private final HsmKeyStore store;
    private final LocalRbac rbac;
    private final KeyJson json;
    private final String baseUri;

    public KeyRoutes(HsmKeyStore store, LocalRbac rbac, KeyJson json, String baseUri) {
        this.store = store;
        this.rbac = rbac;
        this.json = json;
        this.baseUri = baseUri;
    }

    public void register(HsmRouter router) {
        router.add("GET", "/keys", this::list);
        router.add("POST", NAME + "/create", this::create);
        router.add("POST", NAME + "/rotate", this::rotate);
        router.add("GET", NAME + "/rotationpolicy", this::getPolicy);
        router.add("PUT", NAME + "/rotationpolicy", this::putPolicy);
        router.add("GET", NAME + "/versions", this::listVersions);
        router.add("GET", NAME, this::get);
        router.add("GET", NAME + "/([^/]+)", this::get);
        router.add("PATCH", NAME, this::update);
        router.add("PATCH", NAME + "/([^/]+)", this::update);
        router.add("DELETE", NAME, this::delete);
        router.add("GET", "/deletedkeys", this::listDeleted);
        router.add("GET", "/deletedkeys/([^/]+)", this::getDeleted);
        router.add("POST", "/deletedkeys/([^/]+)/recover", this::recover);
        router.add("DELETE", "/deletedkeys/([^/]+)", this::purge);
    }

    /** Authorizes the caller for {@code action} on the key named by the first path parameter. */
    private String authorizedKey(HsmRouter.Call call, DataAction action) {
        String name = KeyName.require(call.param(0));
        rbac.require(call.caller(), action, RoleScope.key(name));
        return name;
    }

    private EmuResponse create(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.KEYS_CREATE);
        KeyRequests.Creation creation = KeyRequests.creation(call.request().jsonObject("BadParameter"));
        KeyVersion version = store.create(name, creation);
        return EmuResponse.json(200, json.bundle(store.live(name), version));
    }

    private EmuResponse get(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.KEYS_READ);
        String version = call.params().size() > 1 ? call.param(1) : "";
        return EmuResponse.json(200, json.bundle(store.live(name), store.version(name, version)));
    }

    private EmuResponse update(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.KEYS_WRITE);
        KeyRequests.Update update = KeyRequests.update(call.request().jsonObject("BadParameter"));
        String version = call.params().size() > 1 ? call.param(1) : "";
        KeyVersion updated = store.update(name, version, update);
        return EmuResponse.json(200, json.bundle(store.live(name), updated));
    }

    private EmuResponse list(HsmRouter.Call call) {
        rbac.require(call.caller(), DataAction.KEYS_READ, RoleScope.KEYS);
        List<ObjectNode> items = store.liveKeys().stream().map(json::item).toList();
        return EmuResponse.json(200, Paging.page(items, call, baseUri));
    }

    private EmuResponse listVersions(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.KEYS_READ);
        HsmKey key = store.live(name);
        List<ObjectNode> items = key.versions().stream().map(v -> json.versionItem(key, v)).toList();
        return EmuResponse.json(200, Paging.page(items, call, baseUri));
    }

    private EmuResponse delete(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.KEYS_DELETE);
        return EmuResponse.json(200, json.deletedBundle(store.delete(name)));
    }

    private EmuResponse listDeleted(HsmRouter.Call call) {
        rbac.require(call.caller(), DataAction.DELETED_KEYS_READ, RoleScope.KEYS);
        List<ObjectNode> items = store.deletedKeys().stream().map(json::deletedItem).toList();
        return EmuResponse.json(200, Paging.page(items, call, baseUri));
    }

    private EmuResponse getDeleted(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.DELETED_KEYS_READ);
        return EmuResponse.json(200, json.deletedBundle(store.deleted(name)));
    }

    private EmuResponse recover(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.DELETED_KEYS_RECOVER);
        HsmKey key = store.recover(name);
        return EmuResponse.json(200, json.bundle(key, key.latest()));
    }

    private EmuResponse purge(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.DELETED_KEYS_DELETE);
        store.purge(name);
        return EmuResponse.empty(204);
    }

    private EmuResponse rotate(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.KEYS_ROTATE);
        KeyVersion version = store.rotate(name);
        return EmuResponse.json(200, json.bundle(store.live(name), version));
    }

    private EmuResponse getPolicy(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.KEYS_READ);
        return EmuResponse.json(200, json.rotationPolicy(store.live(name), store.rotationPolicy(name).orElse(null)));
    }

    private EmuResponse putPolicy(HsmRouter.Call call) {
        String name = authorizedKey(call, DataAction.KEYS_WRITE);
        RotationPolicy stored = store.setRotationPolicy(name, call.request().jsonObject("BadParameter"));
        return EmuResponse.json(200, json.rotationPolicy(store.live(name), stored));
    }
}
