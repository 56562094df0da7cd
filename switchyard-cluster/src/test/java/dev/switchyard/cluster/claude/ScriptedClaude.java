package dev.switchyard.cluster.claude;

import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.ModelInfo;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.core.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A ClaudeService whose every answer is a {@link ScriptedResponse}, handed to {@code onSend} to be written. */
final class ScriptedClaude implements ClaudeService {
    static final List<ModelInfo> MODELS = List.of(new ModelInfo("claude-scripted-1", "Claude Scripted 1",
            "2026-11-01T00:00:00Z"), new ModelInfo("claude-scripted-2", "Claude Scripted 2", "2026-10-01T00:00:00Z"));

    private final Vertx vertx;
    final CopyOnWriteArrayList<ScriptedResponse> sent = new CopyOnWriteArrayList<>();
    volatile Consumer<ScriptedResponse> onSend = r -> {};
    /** When set, send fails with it instead of answering. */
    volatile ApiException rejection;

    ScriptedClaude(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Future<UpstreamResponse> send(UpstreamCall call) {
        if (rejection != null) {
            return Future.failedFuture(rejection);
        }
        ScriptedResponse response = new ScriptedResponse(vertx.getOrCreateContext(), call);
        sent.add(response);
        onSend.accept(response);
        return Future.succeededFuture(response);
    }

    @Override
    public List<ModelInfo> models() {
        return MODELS;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
