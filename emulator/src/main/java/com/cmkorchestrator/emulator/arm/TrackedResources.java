package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What every tracked resource type does alike: the envelope ({@code id, name, type, location,
 * tags}), lookups that answer ARM's 404, and the public view without the emulator's own fields.
 */
public abstract class TrackedResources implements ResourceProvider {
    protected final ArmContext arm;

    protected TrackedResources(ArmContext arm) {
        this.arm = arm;
    }

    /** A new document with the envelope of {@code id}, location and tags taken from {@code body}. */
    protected ObjectNode envelope(ResourceId id, ObjectNode body, ObjectNode existing) {
        String location = RequestBody.location(body, fullType(), existing, id);
        ObjectNode doc = EmuRequest.JSON.createObjectNode();
        doc.put("id", existing != null ? existing.get("id").asText() : canonical(id).id());
        doc.put("name", existing != null ? existing.get("name").asText() : id.name());
        doc.put("type", fullType());
        doc.put("location", location);
        doc.set("tags", RequestBody.tags(body));
        return doc;
    }

    /** {@code id} with the type spelled as ARM spells it. */
    protected ResourceId canonical(ResourceId id) {
        String[] parts = fullType().split("/");
        return new ResourceId(id.subscriptionId(), id.resourceGroup(), parts[0], parts[1], id.name());
    }

    protected ObjectNode existing(ResourceId id) {
        return arm.state().resource(id).orElse(null);
    }

    protected ObjectNode require(ResourceId id) {
        return arm.state().resource(id).orElseThrow(() -> ArmErrors.resourceNotFound(fullType(), id.name(), id.resourceGroup()));
    }

    /** Stores {@code doc}, raises ResourceWriteSuccess and answers it with {@code status}. */
    protected EmuResponse written(ArmCall call, ResourceId id, ObjectNode doc, int status) {
        arm.state().put(id, doc);
        arm.events().written(call, doc.get("id").asText(), id.resourceGroup(), operation("write"), call.now());
        return EmuResponse.json(status, view(doc));
    }

    /**
     * A write Azure runs as a long-running operation: the document is stored at once in
     * {@code runningState} (what a GET shows meanwhile), and the write ends on the emulated clock
     * after {@code --operation-duration}: {@code provisioningState} {@code Succeeded} (unless a later
     * write of the same resource is still running), then {@code whenDone} and ResourceWriteSuccess.
     * With a zero duration it all happens now and the answer is synchronous ({@code doneStatus}, the
     * resource); otherwise the answer is {@code accepted} (201/202 with the polling headers).
     *
     * @param namespace e.g. {@code Microsoft.Compute}, for the operation's URLs
     */
    protected EmuResponse writeLongRunning(ArmCall call, ResourceId id, ObjectNode doc, String namespace, String runningState,
                                           int doneStatus, Operations.Completion whenDone,
                                           java.util.function.Function<Operations.Operation, EmuResponse> accepted) {
        String writeId = java.util.UUID.randomUUID().toString();
        doc.with("properties").put("provisioningState", runningState);
        internal(doc).put("runningWrite", writeId);
        arm.state().put(id, doc);
        return arm.operations().respond(call, id.subscriptionId(), namespace, doc.get("location").asText(),
                doc.get("id").asText(), arm.settings().operationDuration().get(), now -> {
                    arm.state().resource(id).filter(stored -> internal(stored).path("runningWrite").asText().equals(writeId))
                            .ifPresent(stored -> stored.with("properties").put("provisioningState", "Succeeded"));
                    whenDone.complete(now);
                    arm.events().written(call, doc.get("id").asText(), id.resourceGroup(), operation("write"), now);
                }, () -> EmuResponse.json(doneStatus, view(require(id))), accepted);
    }

    /** The resource as GET shows it, with another {@code provisioningState} (the 201 body of some providers). */
    protected ObjectNode viewInState(ObjectNode stored, String provisioningState) {
        ObjectNode view = view(stored);
        view.with("properties").put("provisioningState", provisioningState);
        return view;
    }

    /** Removes the resource and raises ResourceDeleteSuccess at {@code now}. */
    protected void removed(ArmCall call, ResourceId id, ObjectNode doc, java.time.Instant now) {
        arm.state().remove(id);
        arm.events().deleted(call, doc.get("id").asText(), id.resourceGroup(), operation("delete"), now);
    }

    /** A synchronous DELETE: 200 when it existed, 204 when it did not. */
    protected EmuResponse deleteNow(ArmCall call, ResourceId id) {
        ObjectNode doc = existing(id);
        if (doc == null) {
            return EmuResponse.empty(204);
        }
        removed(call, id, doc, call.now());
        return EmuResponse.empty(200);
    }

    /** A PATCH that can change tags only (identities, Databricks workspaces). */
    protected EmuResponse patchTags(ArmCall call, ResourceId id, ObjectNode body) {
        ObjectNode doc = require(id).deepCopy();
        if (body.has("tags")) {
            doc.set("tags", RequestBody.tags(body));
        }
        return written(call, id, doc, 200);
    }

    /** The emulator's private notes on a stored document (created on first use). */
    protected static ObjectNode internal(ObjectNode doc) {
        return doc.has(ArmState.INTERNAL) ? (ObjectNode) doc.get(ArmState.INTERNAL) : doc.putObject(ArmState.INTERNAL);
    }

    @Override
    public ObjectNode view(ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        copy.remove(ArmState.INTERNAL);
        return copy;
    }

    /** The raw request properties, copied, so that unmodelled properties round-trip as Azure echoes them. */
    protected static ObjectNode propertiesOf(ObjectNode body) {
        ObjectNode properties = RequestBody.object(body, "properties", "properties");
        return properties == null ? EmuRequest.JSON.createObjectNode() : properties.deepCopy();
    }

    /** PATCH: the stored document with the request's top-level and {@code properties} members replaced. */
    protected static ObjectNode merged(ObjectNode stored, ObjectNode patch) {
        ObjectNode result = stored.deepCopy();
        result.remove(ArmState.INTERNAL);
        patch.fields().forEachRemaining(field -> {
            if (field.getKey().equals("properties") && field.getValue() instanceof ObjectNode props
                    && result.get("properties") instanceof ObjectNode current) {
                props.fields().forEachRemaining(p -> current.set(p.getKey(), p.getValue().deepCopy()));
            } else {
                result.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        return result;
    }
}
