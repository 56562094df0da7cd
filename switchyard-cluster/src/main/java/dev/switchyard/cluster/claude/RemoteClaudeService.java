package dev.switchyard.cluster.claude;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.ForwardCall;
import dev.switchyard.claude.ModelInfo;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.cluster.OpenCall;
import dev.switchyard.cluster.RemoteErrors;
import dev.switchyard.cluster.RoleClient;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link ClaudeService} on claude roles in other processes. A call's opening is tried on another instance
 * when the first one cannot be reached or cuts it before answering (nothing has reached the client yet);
 * once the answer has begun, its bytes pass through as they come. The model list is fetched from the role
 * and refreshed every {@link #MODELS_REFRESH}; labels are the listed ids, every other id is "other".
 */
public final class RemoteClaudeService implements ClaudeService {
    static final Duration MODELS_REFRESH = Duration.ofSeconds(30);
    /** While no list has been fetched (the role not up yet): try again this soon. */
    static final Duration MODELS_RETRY = Duration.ofSeconds(1);
    private static final TypeReference<List<ModelInfo>> MODEL_LIST = new TypeReference<>() {};

    private final Vertx vertx;
    private final RoleClient client;
    private final Duration headTimeout;
    private volatile List<ModelInfo> models = List.of();
    private volatile Set<String> ids = Set.of();
    private volatile long timer = -1;
    private volatile boolean closed;

    /** {@code headTimeout}: how long the answer's head may take (the upstream's own first-byte timeouts, retries included). */
    public RemoteClaudeService(Vertx vertx, RoleClient client, Duration headTimeout) {
        this.vertx = vertx;
        this.client = client;
        this.headTimeout = headTimeout;
        scheduleRefresh(1);
    }

    private void scheduleRefresh(long delayMs) {
        if (!closed) {
            timer = vertx.setTimer(delayMs, id -> refreshModels().onComplete(ar -> scheduleRefresh(
                    (models.isEmpty() ? MODELS_RETRY : MODELS_REFRESH).toMillis())));
        }
    }

    /** Fetches the model list now; completes (never fails) once fetched or given up. */
    public Future<Void> refreshModels() {
        return client.call(ClaudeWire.MODELS, Buffer.buffer("{}"), true, "").compose(body -> {
            try {
                List<ModelInfo> list = Json.mapper().readValue(body.getBytes(), MODEL_LIST);
                models = List.copyOf(list);
                ids = list.stream().map(ModelInfo::id).collect(Collectors.toUnmodifiableSet());
            } catch (IOException e) {
                // keep the last list
            }
            return Future.<Void>succeededFuture();
        }).otherwiseEmpty();
    }

    @Override
    public Future<UpstreamResponse> send(UpstreamCall call) {
        return call.stream() ? open(call) : whole(call, true);
    }

    /**
     * A whole answer is read here, before the caller sees it. When the hop is cut between head and body (the
     * serving process killed, its stream reset), nothing has reached the client yet: the call is sent once more,
     * to an instance in rotation, instead of failing a request that can still be answered. A stream can't be:
     * its events may have gone out.
     */
    private Future<UpstreamResponse> whole(UpstreamCall call, boolean again) {
        return open(call).compose(answer -> answer.fullBody().transform(ar -> {
            if (ar.succeeded()) {
                return Future.succeededFuture(new WholeAnswer(answer, ar.result()));
            }
            boolean cut = ar.cause() instanceof HttpClosedException || ar.cause() instanceof StreamResetException;
            boolean withdrawn = call.cancellation() != null && call.cancellation().isCancelled();
            return again && cut && !withdrawn ? whole(call, false) : Future.failedFuture(ar.cause());
        }));
    }

    private Future<UpstreamResponse> open(UpstreamCall call) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json")
                .add(ClaudeWire.PATH, call.path()).add(ClaudeWire.MODEL, call.model())
                .add(ClaudeWire.STREAM, Boolean.toString(call.stream()));
        if (call.anthropicVersion() != null) {
            headers.add("anthropic-version", call.anthropicVersion());
        }
        if (call.anthropicBeta() != null) {
            headers.add("anthropic-beta", call.anthropicBeta());
        }
        return client.open(ClaudeWire.SEND, headers, call.rawBody(), true, headTimeout, call.cancellation(),
                call.requestId()).compose(open -> open.response().getHeader(ClaudeWire.DEPLOYMENT) != null
                        ? Future.succeededFuture(new RemoteUpstreamResponse(vertx, open))
                        : rejected(open));
    }

    /** A pass-through call, relayed by a claude role; the role's own refusal fails the future as {@link #send}'s does. */
    @Override
    public Future<UpstreamResponse> forward(ForwardCall call) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(ClaudeWire.PATH, call.path())
                .add(ClaudeWire.METHOD, call.method().name());
        call.headers().forEach(h -> {
            if (ClaudeWire.forwarded(h.getKey())) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        if (call.deployment() != null) {
            headers.add(ClaudeWire.PIN, call.deployment());
        }
        if (call.model() != null) {
            headers.add(ClaudeWire.MODEL, call.model());
        }
        return client.open(ClaudeWire.FORWARD, headers, call.body(), false, headTimeout, call.cancellation(),
                call.requestId()).compose(open -> open.response().getHeader(ClaudeWire.DEPLOYMENT) != null
                        ? Future.succeededFuture(new RemoteUpstreamResponse(vertx, open))
                        : rejected(open));
    }

    /**
     * An answer the role raised itself rather than relayed from an upstream (no deployment in its head):
     * the send fails with that error, as the in-process caller's would, instead of passing for the
     * upstream's own answer.
     */
    private Future<UpstreamResponse> rejected(OpenCall open) {
        HttpClientResponse response = open.response();
        return open.body().andThen(ar -> open.finish(ar.succeeded() && response.statusCode() != 500))
                .transform(ar -> Future.failedFuture(ar.succeeded()
                        ? RemoteErrors.read(client.role(), response.statusCode(), response.headers(), ar.result())
                        : new ApiException(ErrorType.API, "role " + client.role() + " cut its answer short")));
    }

    @Override
    public List<ModelInfo> models() {
        return models;
    }

    @Override
    public String modelLabel(String model) {
        return model != null && ids.contains(model) ? model : OTHER_MODEL;
    }

    @Override
    public boolean ready() {
        return client.available();
    }

    @Override
    public Future<Void> close() {
        closed = true;
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
