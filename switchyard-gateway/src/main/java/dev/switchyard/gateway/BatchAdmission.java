package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.core.pricing.PriceTable;
import dev.switchyard.core.config.OutputLimits;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Lets a new message batch in, or refuses it before it reaches a deployment: every request's model must
 * be one the key may use (403) with max_tokens within the model's bound (400), and the whole batch's
 * worst case (its input estimated from its size, plus every max_tokens) must fit the key's and tenant's
 * rate limits and budgets: its worst-case cost at the batch price must fit within each daily and monthly
 * budget of the key and its tenant (402, whatever has been spent: a batch that could never be paid for
 * is refused outright), and then admission applies as to a Messages request (over budget: 402; input
 * over the token rate, request rate, concurrency: 429), reserving that worst case. A batch is one
 * request against the request rate. What it reserved (its worst case, its input estimate against the
 * token rate) goes back once the deployment has answered: the batch runs for hours, under the
 * deployment's own batch limits, and its real use is charged to the ledger when its results are fetched
 * ({@link BatchUsageTap}).
 */
final class BatchAdmission {
    /** The Message Batches API's own bound on requests per batch. */
    static final int MAX_REQUESTS = 100_000;

    /** What the gateway read of a batch: the model that picks its deployment, and its worst-case output. */
    record Batch(String firstModel, long maxTokens, int requests) {}

    private final AdmissionControl control;
    private final OutputLimits limits;
    private final PriceTable prices;

    BatchAdmission(AdmissionControl control, OutputLimits limits, PriceTable prices) {
        this.control = control;
        this.limits = limits;
        this.prices = prices;
    }

    Future<Admission> admit(Exchange ex, Principal principal, Batch batch, Buffer raw) {
        if (control == AdmissionControl.NONE) {
            return Future.succeededFuture(Admission.UNLIMITED);
        }
        long input = AdmissionStep.estimateInputTokens(raw);
        long worst = prices.worstCaseMicros(batch.firstModel(), input, batch.maxTokens())
                * BatchUsageTap.BATCH_PRICE_PERCENT / 100;
        String over = beyond("key", principal.keyQuota(), worst);
        over = over != null ? over : beyond("tenant", principal.tenantQuota(), worst);
        if (over != null) {
            return Future.failedFuture(new ApiException(ErrorType.BILLING, over));
        }
        return control.admit(principal, new AdmissionRequest(ex.requestId, batch.firstModel(), input,
                batch.maxTokens()));
    }

    /** Which budget the batch's worst case exceeds on its own, as the refusal's message; null when none. */
    private static String beyond(String scope, Quota q, long worstMicros) {
        if (q.dailyBudgetMicros() > 0 && worstMicros > q.dailyBudgetMicros()) {
            return "this batch may cost up to " + usd(worstMicros) + ", more than the " + scope + "'s daily budget of "
                    + usd(q.dailyBudgetMicros());
        }
        if (q.monthlyBudgetMicros() > 0 && worstMicros > q.monthlyBudgetMicros()) {
            return "this batch may cost up to " + usd(worstMicros) + ", more than the " + scope
                    + "'s monthly budget of " + usd(q.monthlyBudgetMicros());
        }
        return null;
    }

    private static String usd(long micros) {
        return String.format(java.util.Locale.ROOT, "$%.6f", micros / 1e6);
    }

    /** Reads the batch's requests; refuses a malformed body, a model the key may not use, or a max_tokens too large. */
    Batch read(Buffer raw, Principal principal) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(raw.getBytes());
        } catch (IOException e) {
            throw ApiException.invalidRequest("the request body is not valid JSON");
        }
        JsonNode requests = root == null ? null : root.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            throw ApiException.invalidRequest("requests: a non-empty list of {custom_id, params} is required");
        }
        if (requests.size() > MAX_REQUESTS) {
            throw ApiException.invalidRequest("requests: at most " + MAX_REQUESTS + " per batch, got "
                    + requests.size());
        }
        String first = null;
        long total = 0;
        for (int i = 0; i < requests.size(); i++) {
            JsonNode params = requests.get(i).path("params");
            String model = params.path("model").asText("");
            if (model.isEmpty()) {
                throw ApiException.invalidRequest("requests." + i + ".params.model: Field required");
            }
            if (!principal.mayUse(model)) {
                throw new ApiException(ErrorType.PERMISSION, "this API key is not allowed to use model "
                        + ClientInput.shortened(model));
            }
            long maxTokens = params.path("max_tokens").asLong(0);
            if (maxTokens > limits.maxFor(model)) {
                throw ApiException.invalidRequest("requests." + i + ".params.max_tokens: " + maxTokens + " > "
                        + limits.maxFor(model) + ", the maximum for " + ClientInput.shortened(model));
            }
            first = first == null ? model : first;
            total += Math.max(0, maxTokens);
        }
        return new Batch(first, total, requests.size());
    }
}
