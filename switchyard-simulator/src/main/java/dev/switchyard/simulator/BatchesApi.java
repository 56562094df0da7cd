package dev.switchyard.simulator;

import dev.switchyard.core.error.ApiException;
import io.netty.util.AsciiString;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The Message Batches API under {@code /v1/messages/batches}: create, list, retrieve, cancel, delete and
 * results, checked like Messages requests (key, version). Results are JSON lines sent as
 * {@code application/binary}, as the API sends them; the SDKs read them by line whatever the type.
 */
final class BatchesApi {
    /** The API's bound on a create body, above the 32 MB of a Messages body. */
    static final long MAX_BODY_BYTES = 256L << 20;
    static final String RESULTS_TYPE = "application/binary";
    private static final String PATH = "/v1/messages/batches/";

    private final Access access;
    private final BatchStore store;
    private final BatchProcessor processor;
    private final Clock clock;

    BatchesApi(Access access, BatchStore store, BatchProcessor processor, Clock clock) {
        this.access = access;
        this.store = store;
        this.processor = processor;
        this.clock = clock;
    }

    /** {@code rest}: the path after {@code /v1/messages/batches}, empty or starting with a slash. */
    void handle(HttpServerRequest req, AsciiString requestId, String rest) {
        if (rest.isEmpty()) {
            if (access.allowed(req, requestId, HttpMethod.GET, HttpMethod.POST)) {
                if (req.method().equals(HttpMethod.GET)) {
                    list(req, requestId);
                } else {
                    BodyReader.read(req, requestId, MAX_BODY_BYTES,
                            body -> Http.guarded(req, requestId, () -> create(req, requestId, body)));
                }
            }
            return;
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts[0].isEmpty() || parts.length > 2) {
            throw ApiException.notFound("Not Found");
        }
        if (parts.length == 1) {
            one(req, requestId, parts[0]);
        } else if (parts[1].equals("cancel")) {
            if (access.allowed(req, requestId, HttpMethod.POST)) {
                cancel(req, requestId, find(parts[0]));
            }
        } else if (parts[1].equals("results")) {
            if (access.allowed(req, requestId, HttpMethod.GET)) {
                results(req, requestId, find(parts[0]));
            }
        } else {
            throw ApiException.notFound("Not Found");
        }
    }

    private void one(HttpServerRequest req, AsciiString requestId, String id) {
        if (!access.allowed(req, requestId, HttpMethod.GET, HttpMethod.DELETE)) {
            return;
        }
        Batch batch = find(id);
        if (req.method().equals(HttpMethod.GET)) {
            Http.json(req, requestId, 200, Buffer.buffer(batch.json().toString()));
        } else {
            delete(req, requestId, batch);
        }
    }

    private void create(HttpServerRequest req, AsciiString requestId, Buffer body) {
        String id = Ids.batchId();
        Batch batch = new Batch(id, BatchRequest.parseAll(body), now(), origin(req) + PATH + id + "/results");
        store.add(batch);
        processor.start(batch);
        Http.json(req, requestId, 200, Buffer.buffer(batch.json().toString()));
    }

    private void list(HttpServerRequest req, AsciiString requestId) {
        Page<Batch> page = Page.of(store.newestFirst(), Batch::id, ListParams.of(req));
        Http.json(req, requestId, 200, page.render(Batch::id, Batch::json, false));
    }

    /** Canceling a batch that is no longer in progress changes nothing and answers it as it is. */
    private void cancel(HttpServerRequest req, AsciiString requestId, Batch batch) {
        if (batch.cancel(now())) {
            processor.settleSoon(batch);
        }
        Http.json(req, requestId, 200, Buffer.buffer(batch.json().toString()));
    }

    private void delete(HttpServerRequest req, AsciiString requestId, Batch batch) {
        if (!batch.ended()) {
            throw ApiException.invalidRequest("Message Batch " + batch.id()
                    + " is still being processed and cannot be deleted; cancel it first");
        }
        store.remove(batch.id());
        Http.json(req, requestId, 200,
                Buffer.buffer("{\"id\":\"" + batch.id() + "\",\"type\":\"message_batch_deleted\"}"));
    }

    private void results(HttpServerRequest req, AsciiString requestId, Batch batch) {
        if (!batch.ended()) {
            throw ApiException.invalidRequest("Message Batch " + batch.id()
                    + " has not finished processing; its results are available once processing_status is ended");
        }
        Http.send(req, requestId, RESULTS_TYPE, batch.results());
    }

    private Batch find(String id) {
        Batch batch = store.find(id);
        if (batch == null) {
            throw ApiException.notFound("Message Batch " + id + " not found");
        }
        return batch;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * {@code http://} and the authority the client called, as the API gives an absolute results URL that
     * the SDKs fetch; the local address when the request named none.
     */
    static String origin(HttpServerRequest req) {
        HostAndPort authority = req.authority();
        if (authority != null) {
            return "http://" + bracketed(authority.host()) + (authority.port() >= 0 ? ":" + authority.port() : "");
        }
        SocketAddress local = req.localAddress();
        return "http://" + bracketed(local.hostAddress()) + ":" + local.port();
    }

    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
