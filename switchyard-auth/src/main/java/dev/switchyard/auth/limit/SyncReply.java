package dev.switchyard.auth.limit;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * sync.lua's reply: whether the batch was applied now (false: it had been before, the script answers a bare 0),
 * how many of its scopes Redis could not apply (each skipped on its own, the others applied) and the first one's
 * error.
 */
record SyncReply(boolean applied, int failedScopes, String firstError) {
    private static final String SCRIPT = "sync.lua";

    /** Throws a {@link MalformedReplyException} for a reply sync.lua does not give. */
    static SyncReply decode(Response r) {
        if (r != null && r.type() != ResponseType.MULTI) {
            long alreadyApplied;
            try {
                alreadyApplied = r.toLong();
            } catch (RuntimeException e) {
                throw new MalformedReplyException(SCRIPT, "expected a table or 0, got " + r);
            }
            return new SyncReply(alreadyApplied == 1, 0, "");
        }
        ReplyReader f = ReplyReader.table(SCRIPT, r, 3);
        return new SyncReply(f.number(0, "applied") == 1, f.smallNumber(1, "failedScopes"), f.text(2, "firstError"));
    }
}
