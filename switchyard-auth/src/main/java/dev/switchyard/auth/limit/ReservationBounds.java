package dev.switchyard.auth.limit;

import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.pricing.PriceTable;

/**
 * The largest request the limits take: what {@code grant.lua} accepts, checked here first so that a
 * request beyond it is refused as a client error before anything is reserved, not by a script error
 * (which would count against Redis). Far above any real request (the gateway bounds max_tokens by the
 * model's maximum output), and low enough that a batch of them times the credit units stays an exact
 * integer in the scripts' arithmetic.
 */
final class ReservationBounds {
    /** Input estimate or max_tokens of one request. */
    static final long MAX_TOKENS = 100_000_000_000L;
    /** A request's worst-case cost: 100,000 USD. */
    static final long MAX_WORST_MICROS = 100_000_000_000L;

    private ReservationBounds() {}

    /** The request's worst-case cost in micro-USD; throws an invalid_request ApiException beyond the bounds. */
    static long worstCase(PriceTable prices, AdmissionRequest request) {
        if (request.estimatedInputTokens() < 0 || request.estimatedInputTokens() > MAX_TOKENS
                || request.maxTokens() < 0 || request.maxTokens() > MAX_TOKENS) {
            throw ApiException.invalidRequest("max_tokens: " + request.maxTokens() + " is beyond what can be reserved");
        }
        long worst = prices.worstCaseMicros(request.model(), request.estimatedInputTokens(), request.maxTokens());
        if (worst > MAX_WORST_MICROS) {
            throw ApiException.invalidRequest("max_tokens: " + request.maxTokens()
                    + " makes the request's worst-case cost more than any budget can reserve");
        }
        return worst;
    }
}
