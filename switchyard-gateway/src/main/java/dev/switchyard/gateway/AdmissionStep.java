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
final class AdmissionStep implements Step {
    @Override
    public String spanName() {
        return "admission";
    }

    static final Attribute<Admission> ADMISSION = Attribute.named("admission");
    private static final Map<String, CharSequence> OPTIMIZED = new ConcurrentHashMap<>();
    private final AdmissionControl control;
    private final OutputLimits outputLimits;
    private final boolean countTokens;

    /** {@code countTokens}: admit count_tokens calls (requests and concurrency only, settled when done). */
    AdmissionStep(AdmissionControl control, OutputLimits outputLimits, boolean countTokens) {
        this.control = control;
        this.outputLimits = outputLimits;
        this.countTokens = countTokens;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        MessagesRequest req = ex.get(ParseStep.REQUEST);
        Principal principal = ex.get(AuthenticateStep.PRINCIPAL);
        return countTokens ? admitCount(ex, principal, req) : admit(ex, principal, req);
    }

    /** A count_tokens call is over: its request slot goes back; it used no tokens. */
    @Override
    public void done(Exchange ex, int status) {
        Admission admission = ex.get(ADMISSION);
        if (countTokens && admission != null) {
            admission.settle(TokenUsage.none(ex.get(ParseStep.REQUEST).model()));
        }
    }

    private static Future<Response> permitted(Principal principal, MessagesRequest req) {
        return principal.mayUse(req.model()) ? NEXT
                : Future.failedFuture(new ApiException(ErrorType.PERMISSION,
                        "this API key is not allowed to use model " + req.model()));
    }

    private Future<Response> admit(Exchange ex, Principal principal, MessagesRequest req) {
        long most = outputLimits.maxFor(req.model());
        if (req.maxTokens() > most) {
            // As the API words it; checked here so that an absurd value never reaches a reservation.
            return Future.failedFuture(ApiException.invalidRequest("max_tokens: " + req.maxTokens() + " > " + most
                    + ", which is the maximum allowed number of output tokens for " + req.model()));
        }
        if (!principal.mayUse(req.model())) {
            return permitted(principal, req);
        }
        if (control == AdmissionControl.NONE) {
            return NEXT;
        }
        AdmissionRequest request = new AdmissionRequest(ex.requestId, req.model(),
                estimateInputTokens(ex.get(ReadBodyStep.RAW_BODY)), req.maxTokens());
        return admitted(ex, control.admit(principal, request));
    }

    /**
     * count_tokens: one request against the key's and its tenant's request rate and concurrency; no
     * tokens per minute and no budget, as it uses neither.
     */
    private Future<Response> admitCount(Exchange ex, Principal principal, MessagesRequest req) {
        if (!principal.mayUse(req.model())) {
            return permitted(principal, req);
        }
        if (control == AdmissionControl.NONE) {
            return NEXT;
        }
        Principal who = requestsOnly(principal);
        return admitted(ex, control.admit(who, new AdmissionRequest(ex.requestId, req.model(), 0, 0)));
    }

    /** The principal limited by its request rate and concurrency only (count_tokens, pass-through calls). */
    static Principal requestsOnly(Principal principal) {
        return principal.withQuotas(requestsOnly(principal.keyQuota()), requestsOnly(principal.tenantQuota()));
    }

    private static Quota requestsOnly(Quota q) {
        return new Quota(q.requestsPerMinute(), 0, q.maxConcurrent(), 0, 0);
    }

    private static Future<Response> admitted(Exchange ex, Future<Admission> decided) {
        return decided.map(admission -> {
            ex.put(ADMISSION, admission);
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
