package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.errors.AzureCallException;

import java.util.List;
import java.util.Objects;

/**
 * What a write to a bound resource did: ended, with the resource as ARM answered it; began and runs on; or, seen by a
 * poll, failed at its end.
 */
public sealed interface TargetWrite {

    /**
     * The write ended and the resource says so: its state as ARM's answer to the write (or to the operation's end)
     * reported it, so that nothing needs to read it again.
     *
     * @param concurrentChanges fields the write did not mean to change that differ from what the adapter read right
     *                          before a whole-document write: someone else changed them meanwhile (kept, not
     *                          reverted); empty for writes that send only what they change
     */
    record Done(TargetState state, List<String> concurrentChanges) implements TargetWrite {
        public Done {
            Objects.requireNonNull(state, "state");
            concurrentChanges = List.copyOf(concurrentChanges);
        }

        public Done(TargetState state) {
            this(state, List.of());
        }
    }

    /** The write runs as a long-running operation: look again after its {@code retryAfter}. */
    record Running(TargetOperation operation) implements TargetWrite {
        public Running {
            Objects.requireNonNull(operation, "operation");
        }
    }

    /**
     * The operation ended in failure ({@code status: Failed} or {@code Canceled}, or the result URL's error): Azure's
     * refusal, as a failed call would have thrown it. Apart from a failure to look, which {@code poll} throws.
     */
    record Failed(AzureCallException error) implements TargetWrite {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
