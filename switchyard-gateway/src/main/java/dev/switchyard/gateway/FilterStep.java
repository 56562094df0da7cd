package dev.switchyard.gateway;

import dev.switchyard.filter.ContentFilter;
import io.vertx.core.Future;

/** The content filter on the request body: may refuse it (in Anthropic's shape) before it goes anywhere. */
final class FilterStep implements Step {
    private final ContentFilter filter;

    FilterStep(ContentFilter filter) {
        this.filter = filter;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        return filter.check(ex.get(ParseStep.REQUEST).body()).map(v -> null);
    }
}
