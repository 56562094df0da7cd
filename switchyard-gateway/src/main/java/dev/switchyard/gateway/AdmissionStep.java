package dev.switchyard.gateway;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.config.OutputLimits;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The "limit" step: is max_tokens within the model's maximum output (400, before anything is reserved),
 * may this key use this model (403), and is it within its rate limits, concurrency and budgets (429,
 * 402)? An admitted request carries its rate-limit headers and holds what it reserved until
 * {@link UsageRecorder} settles it. count_tokens is admitted against the request rate and concurrency
 * only: it costs no tokens and no money, but it is a request.
 */
final class AdmissionStep {
    private static final Map<String, CharSequence> OPTIMIZED = new ConcurrentHashMap<>();
    private final AdmissionControl control;
    private final OutputLimits outputLimits;

    AdmissionStep(AdmissionControl control, OutputLimits outputLimits) {
        this.control = control;
        this.outputLimits = outputLimits;
    }

    /** The model check alone. */
    static Future<Void> permitted(Exchange ex, MessagesRequest req) {
        return ex.principal.mayUse(req.model()) ? Future.succeededFuture()
                : Future.failedFuture(new ApiException(ErrorType.PERMISSION,
                        "this API key is not allowed to use model " + req.model()));
    }

    Future<Void> admit(Exchange ex, MessagesRequest req, Buffer raw) {
        long most = outputLimits.maxFor(req.model());
        if (req.maxTokens() > most) {
            // As the API words it; checked here so that an absurd value never reaches a reservation.
            return Future.failedFuture(ApiException.invalidRequest("max_tokens: " + req.maxTokens() + " > " + most
                    + ", which is the maximum allowed number of output tokens for " + req.model()));
        }
        if (!ex.principal.mayUse(req.model())) {
            return permitted(ex, req);
        }
        AdmissionRequest request = new AdmissionRequest(ex.requestId, req.model(), estimateInputTokens(raw),
                req.maxTokens());
        return admitted(ex, control.admit(ex.principal, request));
    }

    /**
     * count_tokens: one request against the key's and its tenant's request rate and concurrency; no
     * tokens per minute and no budget, as it uses neither. Settled by the caller when the call is over.
     */
    Future<Void> admitCount(Exchange ex, MessagesRequest req) {
        if (!ex.principal.mayUse(req.model())) {
            return permitted(ex, req);
        }
        Principal who = ex.principal.withQuotas(requestsOnly(ex.principal.keyQuota()),
                requestsOnly(ex.principal.tenantQuota()));
        return admitted(ex, control.admit(who, new AdmissionRequest(ex.requestId, req.model(), 0, 0)));
    }

    /** A count_tokens call is over: its request slot goes back; it used no tokens. */
    static void settleCount(Exchange ex, MessagesRequest req) {
        if (ex.admission != null) {
            ex.admission.settle(TokenUsage.none(req.model()));
        }
    }

    private static Quota requestsOnly(Quota q) {
        return new Quota(q.requestsPerMinute(), 0, q.maxConcurrent(), 0, 0);
    }

    private static Future<Void> admitted(Exchange ex, Future<Admission> decided) {
        return decided.map(admission -> {
            ex.admission = admission;
            admission.headers().forEach((name, value) -> ex.response.putHeader(optimized(name), value));
            return null;
        });
    }

    /**
     * The header name as an {@code AsciiString}, encoded by copying its bytes rather than char by char:
     * the rate-limit headers are on every response. Few distinct names, so the cache stays small.
     */
    private static CharSequence optimized(String name) {
        CharSequence n = OPTIMIZED.get(name);
        if (n == null && OPTIMIZED.size() < 64) {
            n = HttpHeaders.createOptimized(name);
            OPTIMIZED.put(name, n);
        }
        return n == null ? name : n;
    }

    /**
     * A deliberately generous guess, settled with the real count afterwards: about four bytes of JSON
     * per token for text, and the JSON envelope counts as input too.
     */
    static long estimateInputTokens(Buffer raw) {
        return Math.max(1, (raw.length() + 3) / 4);
    }
}
