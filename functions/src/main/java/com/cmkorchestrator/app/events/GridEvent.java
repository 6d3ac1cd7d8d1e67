package com.cmkorchestrator.app.events;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.state.KeyEventKind;
import com.cmkorchestrator.state.WorkItem;

import java.net.URI;
import java.util.Objects;

/**
 * An Event Grid event as far as this app cares: a key event, an ARM write, or something else to acknowledge.
 * Events only say "look again"; none of them carries an order.
 */
public sealed interface GridEvent {

    /** Event Grid's event ID, for logs. */
    String id();

    /** The event type as delivered. */
    String eventType();

    /**
     * A Key Vault key event, from Key Vault or from this app's HSM event bridge. Which HSM it is about is decided by
     * {@code vaultUri} (or {@code source}), never by the name: a name is all anyone needs to forge, and any vault or
     * HSM of another resource group or subscription may share it.
     *
     * @param vault    the vault's or Managed HSM's name ({@code VaultName})
     * @param key      the key's name ({@code ObjectName})
     * @param version  the version the event is about ({@code Version}), or null when the event did not say
     * @param vaultUri the data-plane address of the key's vault or HSM, {@code https://<host>[:port]/}, from the key
     *                 identifier {@code data.Id}; null when the event carries none
     * @param source   the event's topic (Event Grid schema) or source (CloudEvents) when it is an ARM resource ID,
     *                 else null
     */
    record KeyEvent(String id, KeyEventKind kind, String vault, String key, String version, URI vaultUri,
                    ArmId source) implements GridEvent {
        public KeyEvent {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(vault, "vault");
            Objects.requireNonNull(key, "key");
        }

        /** An event naming its vault only: one the app acknowledges without acting on. */
        public KeyEvent(String id, KeyEventKind kind, String vault, String key, String version) {
            this(id, kind, vault, key, version, null, null);
        }

        @Override
        public String eventType() {
            return kind.eventType();
        }
    }

    /**
     * {@code Microsoft.Resources.ResourceWriteSuccess}: ARM finished a write.
     *
     * @param resource      {@code data.resourceUri}
     * @param operationName {@code data.operationName}, e.g. {@code Microsoft.KeyVault/managedHSMs/write}
     * @param caller        who wrote, from {@code data.claims} and {@code data.authorization}, or null when the event
     *                      does not say
     */
    record ResourceWritten(String id, ArmId resource, String operationName, WorkItem.Caller caller)
            implements GridEvent {
        public static final String TYPE = "Microsoft.Resources.ResourceWriteSuccess";
        public static final String HSM_WRITE = "Microsoft.KeyVault/managedHSMs/write";

        public ResourceWritten {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(operationName, "operationName");
        }

        /** A write whose caller the event does not name. */
        public ResourceWritten(String id, ArmId resource, String operationName) {
            this(id, resource, operationName, null);
        }

        @Override
        public String eventType() {
            return TYPE;
        }

        /** A Managed HSM was created or changed: the chains waiting on it may go on. */
        public boolean isHsmWrite() {
            return operationName.equalsIgnoreCase(HSM_WRITE)
                    && resource.fullResourceType().map("Microsoft.KeyVault/managedHSMs"::equalsIgnoreCase).orElse(false);
        }
    }

    /** Any other event type: acknowledged and logged, never retried. */
    record Unhandled(String id, String eventType) implements GridEvent {
    }
}
