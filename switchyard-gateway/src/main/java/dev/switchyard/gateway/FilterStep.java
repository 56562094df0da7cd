package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Principal;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.filter.ContentPolicy;
import io.vertx.core.Future;

/**
 * The content filter: the policy in force for the caller (key, else tenant, else the default) is applied to
 * the request's texts (system prompt, text blocks, tool results) and to the response's text deltas, streams,
 * whole answers and cache replays alike. Redacted text goes on in place of the original; a block is a 400
 * {@code invalid_request_error} naming the policy and the category, never the matched text. With no policy
 * in force the step costs one map lookup.
 */
final class FilterStep implements Step {
    @Override
    public String spanName() {
        return "content_filter";
    }

    /** The policy in force for this request; absent when none is. */
    static final Attribute<ContentPolicy> POLICY = Attribute.named("filter-policy");
    /** What the filter found (categories and actions, never text), for the usage row. */
    static final Attribute<FilterFindings> FINDINGS = Attribute.named("filter-findings");

    private final ContentFilter filter;
    private final GatewayMeters meters;

    FilterStep(ContentFilter filter, GatewayMeters meters) {
        this.filter = filter;
        this.meters = meters;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        Principal principal = ex.get(AuthenticateStep.PRINCIPAL);
        ContentPolicy policy = principal == null ? null : filter.policyFor(principal.tenantId(), principal.keyId());
        if (policy == null) {
            return NEXT;
        }
        ex.put(POLICY, policy);
        FilterFindings findings = new FilterFindings(policy.name(), meters);
        ex.put(FINDINGS, findings);
        try {
            ObjectNode changed = RequestTexts.filter(ex.get(ParseStep.REQUEST).body(), policy, findings);
            if (changed != null) {
                ParseStep.replace(ex, changed);
            }
            return NEXT;
        } catch (ApiException blocked) {
            return Future.failedFuture(blocked);
        }
    }

    @Override
    public ResponseStage response(Exchange ex) {
        ContentPolicy policy = ex.get(POLICY);
        return policy == null ? null : new FilterStage(policy, ex.get(FINDINGS));
    }
}
