package dev.switchyard.gateway;

import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The "limit" step: may this key use this model (403), and is it within its rate limits,
 * concurrency and budgets (429, 402)? An admitted request carries its rate-limit headers and holds
 * what it reserved until {@link UsageRecorder} settles it.
 */
final class AdmissionStep {
    private final AdmissionControl control;

    AdmissionStep(AdmissionControl control) {
        this.control = control;
    }

    /** The model check alone (count_tokens is free: checked, not limited). */
    static Future<Void> permitted(Exchange ex, MessagesRequest req) {
        return ex.principal.mayUse(req.model()) ? Future.succeededFuture()
                : Future.failedFuture(new ApiException(ErrorType.PERMISSION,
                        "this API key is not allowed to use model " + req.model()));
    }

    Future<Void> admit(Exchange ex, MessagesRequest req, Buffer raw) {
        if (!ex.principal.mayUse(req.model())) {
            return permitted(ex, req);
        }
        AdmissionRequest request = new AdmissionRequest(ex.requestId, req.model(), estimateInputTokens(raw),
                req.maxTokens());
        return control.admit(ex.principal, request).map(admission -> {
            ex.admission = admission;
            admission.headers().forEach(ex.response::putHeader);
            return null;
        });
    }

    /**
     * A deliberately generous guess, settled with the real count afterwards: about four bytes of JSON
     * per token for text, and the JSON envelope counts as input too.
     */
    static long estimateInputTokens(Buffer raw) {
        return Math.max(1, (raw.length() + 3) / 4);
    }
}
