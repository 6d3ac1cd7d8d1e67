package com.cmkorchestrator.triggers.http;

import com.cmkorchestrator.app.Refusal;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.BindingValidationException;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.StateTooLargeException;

/**
 * The one table from what a service throws to the problem the client gets. User mistakes and refusals are 4xx with
 * the service's message; an Azure failure is a 502 with Azure's own code and message; anything else is a 500 whose
 * detail reveals nothing internal.
 */
public final class ProblemMapping {

    private ProblemMapping() {
    }

    public static Problem toProblem(Throwable error, String instance) {
        if (error instanceof ProblemException problem) {
            return problem.problem();
        }
        if (error instanceof BindingValidationException invalid) {
            return new Problem(ProblemType.INVALID_FIELD, invalid.getMessage(), instance, invalid.faults().stream()
                    .map(fault -> new Problem.FieldError(fault.field(), fault.reason())).toList());
        }
        if (error instanceof Refusal refusal) {
            ProblemType type = switch (refusal.kind()) {
                case NOT_FOUND -> ProblemType.NOT_FOUND;
                case OUT_OF_SCOPE -> ProblemType.OUT_OF_SCOPE;
                case DISABLED -> ProblemType.DISABLED;
                case PRECONDITION_FAILED -> ProblemType.PRECONDITION_FAILED;
                case NOT_READY -> ProblemType.NOT_READY;
                case KEY_NOT_ROTATABLE -> ProblemType.KEY_NOT_ROTATABLE;
                case SLOT_TAKEN -> ProblemType.SLOT_TAKEN;
                case KEY_NOT_OWNED -> ProblemType.KEY_NOT_OWNED;
            };
            return new Problem(type, refusal.getMessage(), instance, refusal.faults().stream()
                    .map(fault -> new Problem.FieldError(fault.field(), fault.reason())).toList());
        }
        if (error instanceof OutOfScopeException outside) {
            return Problem.of(ProblemType.OUT_OF_SCOPE, outside.getMessage(), instance);
        }
        if (error instanceof ConcurrentUpdateException concurrent) {
            return Problem.of(ProblemType.CONCURRENT_UPDATE, concurrent.getMessage() + "; read it again and retry",
                    instance);
        }
        if (error instanceof StateTooLargeException tooLarge) {
            return Problem.of(ProblemType.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), instance);
        }
        if (error instanceof AzureCallException azure) {
            return Problem.of(ProblemType.AZURE_ERROR, azure.getMessage(), instance);
        }
        return Problem.of(ProblemType.INTERNAL_ERROR, "the request failed on the server; the function log has the cause",
                instance);
    }
}
