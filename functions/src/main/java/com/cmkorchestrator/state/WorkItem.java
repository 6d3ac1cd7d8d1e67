package com.cmkorchestrator.state;

import com.cmkorchestrator.core.model.Guid;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A reconcile queue message: "look at this now". It names what to look at, never what to do, so a
 * duplicate or late item is harmless. The target is one binding, or an HSM (optionally one key of
 * it) whose bindings are to be fanned out.
 *
 * <p>Wire form (the queue message, before the queue's base64 encoding), e.g.
 * {@code {"binding":"orders-db","reason":"KeyNewVersionCreated","attempt":1}}.
 *
 * @param binding binding name, or null for an HSM/key item
 * @param hsm Managed HSM name, or null for a binding item
 * @param key key name within {@code hsm}, or null for every key of it
 * @param reason why the item was queued, for logs
 * @param attempt 1 for the first try, incremented each time processing fails
 * @param lastError what the previous attempt failed with, or null
 * @param caller who made the change the item is about (the principal of an ARM write to a bound resource, from its
 *               {@code ResourceWriteSuccess} event), or null when no outside change caused it: the pass that finds
 *               drift names them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkItem(String binding, String hsm, String key, String reason, int attempt, String lastError,
                       Caller caller) {

    /** Error text kept per item; a queue message holds at most 64 KiB. */
    public static final int MAX_ERROR_CHARS = 4_000;
    private static final int MAX_REASON_CHARS = 500;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer producers may add fields
            .build();

    public WorkItem {
        if (binding != null) {
            StateLimits.requireName("binding", binding);
            if (hsm != null || key != null) {
                throw new IllegalArgumentException("a work item targets a binding or an HSM key, not both");
            }
        } else if (hsm != null) {
            StateLimits.requireKeyVaultName("HSM name", hsm);
            if (key != null) {
                StateLimits.requireKeyVaultName("key name", key);
            }
        } else {
            throw new IllegalArgumentException("a work item needs a target: binding, or hsm (and key)");
        }
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON_CHARS) {
            throw new IllegalArgumentException("work item reason must be 1-" + MAX_REASON_CHARS + " characters");
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("work item attempt must be at least 1, got " + attempt);
        }
        if (lastError != null && lastError.length() > MAX_ERROR_CHARS) {
            throw new IllegalArgumentException("work item lastError must be at most " + MAX_ERROR_CHARS
                    + " characters");
        }
    }

    /** An item no outside change caused. */
    public WorkItem(String binding, String hsm, String key, String reason, int attempt, String lastError) {
        this(binding, hsm, key, reason, attempt, lastError, null);
    }

    /**
     * Who changed a resource, as ARM's event names them ({@code data.claims}, {@code data.authorization}).
     *
     * @param objectId the principal's object ID ({@code oid}), or null when the event did not say
     * @param name     a name for people (UPN, display name or application ID), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Caller(String objectId, String name) {

        private static final int MAX_NAME_CHARS = 200;

        public Caller {
            if (objectId == null && name == null) {
                throw new IllegalArgumentException("a caller has an object ID or a name");
            }
            if (objectId != null && !Guid.is(objectId)) {
                throw new IllegalArgumentException("a caller's object ID must be a GUID, not '" + objectId + "'");
            }
            if (name != null && (name.isBlank() || name.length() > MAX_NAME_CHARS
                    || name.codePoints().anyMatch(Character::isISOControl))) {
                throw new IllegalArgumentException("a caller's name must be 1-" + MAX_NAME_CHARS
                        + " characters without control characters");
            }
        }

        /** {@code alice@contoso.com (object ID ...)}, for reasons and findings. */
        @Override
        public String toString() {
            if (name == null) {
                return "object ID " + objectId;
            }
            return objectId == null ? name : name + " (object ID " + objectId + ")";
        }
    }

    public static WorkItem forBinding(String binding, String reason) {
        return new WorkItem(binding, null, null, fit(reason), 1, null);
    }

    /** A look at a binding because {@code caller} changed its resource (null: unknown). */
    public static WorkItem forBindingChangedBy(String binding, String reason, Caller caller) {
        return new WorkItem(binding, null, null, fit(reason), 1, null, caller);
    }

    public static WorkItem forKey(String hsm, String key, String reason) {
        return new WorkItem(null, hsm, key, fit(reason), 1, null);
    }

    public static WorkItem forHsm(String hsm, String reason) {
        return new WorkItem(null, hsm, null, fit(reason), 1, null);
    }

    /**
     * A new item's reason, cut to {@value #MAX_REASON_CHARS} chars: reasons quote what came from outside (an Event
     * Grid event's ID), are only read in logs, and must not make queuing the work fail. Reading a message stays
     * strict.
     */
    private static String fit(String reason) {
        return reason == null || reason.length() <= MAX_REASON_CHARS ? reason
                : reason.substring(0, MAX_REASON_CHARS - 1) + "…";
    }

    /** The next attempt of this item after a failure with {@code error} (cut to {@value #MAX_ERROR_CHARS} chars). */
    public WorkItem failedWith(String error) {
        return new WorkItem(binding, hsm, key, reason, attempt + 1, clip(error), caller);
    }

    /** This item, given up with {@code error}: same attempt, for the poison queue. */
    public WorkItem poisonedWith(String error) {
        return new WorkItem(binding, hsm, key, reason, attempt, clip(error), caller);
    }

    /** The queue message text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a WorkItem always serializes", e);
        }
    }

    /**
     * Parses a queue message.
     *
     * @throws IllegalArgumentException when the text is not a valid work item, saying why
     */
    public static WorkItem fromJson(String json) {
        try {
            WorkItem item = JSON.readValue(json, WorkItem.class);
            if (item == null) {
                // Jackson reads the JSON literal null as no object at all, without complaint
                throw new IllegalArgumentException("not a work item: the message is JSON null");
            }
            return item;
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            throw new IllegalArgumentException("not a work item: " + cause.getMessage(), e);
        }
    }

    /**
     * What the item is about as its pending marker names it ({@link PendingWork}): {@code binding/orders-db},
     * {@code hsm/contoso}, {@code key/contoso/cmk}, lower-case. Items of one target do the same work.
     */
    public String coalescingKey() {
        String target = binding != null ? "binding/" + binding : key == null ? "hsm/" + hsm : "key/" + hsm + "/" + key;
        return target.toLowerCase(java.util.Locale.ROOT);
    }

    /** What the item is about, for logs: {@code binding orders-db}, {@code hsm contoso/key cmk}. */
    public String target() {
        if (binding != null) {
            return "binding " + binding;
        }
        return key == null ? "hsm " + hsm : "hsm " + hsm + "/key " + key;
    }

    private static String clip(String error) {
        String text = error == null || error.isBlank() ? "(no error message)" : error;
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS - 1) + "…";
    }
}
