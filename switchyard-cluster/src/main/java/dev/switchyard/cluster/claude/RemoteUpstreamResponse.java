package dev.switchyard.cluster.claude;

import dev.switchyard.claude.RelayedBody;
import dev.switchyard.cluster.OpenCall;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * An answer relayed by a claude role: its head carries what the in-process caller would have said
 * (deployment, served model, fallback, attempts, idle timeout), its body is the upstream's bytes as they
 * arrive. Settles its {@link OpenCall} exactly once; callbacks run on the calling request's event loop.
 */
final class RemoteUpstreamResponse extends RelayedBody {
    /** The claude role bounds its own upstream's body time; this bounds the hop. */
    private static final long BODY_DEADLINE_MS = 600_000;

    private final OpenCall call;

    RemoteUpstreamResponse(Vertx vertx, OpenCall call) {
        super(vertx, call.response(), true); // a role's answer arrives paused (RoleClient)
        this.call = call;
    }

    @Override
    protected void onSettled(boolean complete) {
        call.finish(complete);
    }

    @Override
    protected long bodyDeadlineMillis() {
        return BODY_DEADLINE_MS;
    }

    @Override
    public String deployment() {
        String d = response().getHeader(ClaudeWire.DEPLOYMENT);
        return d == null ? "" : d;
    }

    @Override
    public String model() {
        String m = response().getHeader(ClaudeWire.SERVED_MODEL);
        return m == null ? "" : m;
    }

    @Override
    public boolean fallback() {
        return "true".equals(response().getHeader(ClaudeWire.FALLBACK));
    }

    @Override
    public int attempts() {
        return parse(response().getHeader(ClaudeWire.ATTEMPTS), 1);
    }

    @Override
    public Duration idleTimeout() {
        return Duration.ofMillis(parse(response().getHeader(ClaudeWire.IDLE_TIMEOUT), 60_000));
    }

    @Override
    public void cancel() {
        if (settle()) {
            call.reset(false);
        }
    }

    @Override
    public void fail(String reason) {
        if (settle()) {
            call.reset(true);
        }
    }

    private static int parse(String value, int dflt) {
        try {
            return value == null ? dflt : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
