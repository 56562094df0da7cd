package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.AuthService;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.ForwardCall;
import dev.switchyard.claude.UpstreamResource;
import dev.switchyard.claude.UpstreamResources;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import dev.switchyard.usage.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code /v1/} path the gateway does not interpret, passed to a deployment with the deployment's key:
 * Message Batches and Files (each id served by the deployment that created it, seen only by its tenant;
 * a batch admitted against its worst case, its results charged to the ledger when fetched) and any other
 * path (skills, beta endpoints, ones that ship tomorrow), admitted as one request and recorded as an opaque
 * ledger row. Each deployment's {@code passthrough} list says which paths it takes.
 */
final class PassthroughHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PassthroughHandler.class);
    private final GatewayServices services;
    private final AuthService auth;
    private final ClaudeService claude;
    private final UpstreamResources resources;
    private final BatchAdmission batches;
    private final ResourceListing listing;
    private final long maxBodyBytes;

    PassthroughHandler(GatewayServices services, long maxBodyBytes) {
        this.services = services;
        this.auth = services.auth();
        this.claude = services.claude();
        this.resources = services.resources();
        this.batches = new BatchAdmission(services.admission(), services.outputLimits(), services.prices());
        this.listing = new ResourceListing(claude, resources);
        this.maxBodyBytes = maxBodyBytes;
    }

    Future<Integer> handle(Exchange ex) {
        ex.pauseBody(); // the body waits, unread, until the caller is known (a remote auth role answers later)
        return auth.authenticate(Credentials.from(ex.request.headers()))
                .compose(principal -> BodyReader.read(ex, maxBodyBytes)
                        .compose(body -> route(ex, principal, body)));
    }

    private Future<Integer> route(Exchange ex, Principal principal, Buffer body) {
        if (!PassthroughPath.safe(ex.request.path())) {
            return Future.failedFuture(ApiException.notFound("no route for " + ex.request.method() + " "
                    + ClientInput.shortened(ex.request.path())));
        }
        PassthroughPath path = PassthroughPath.parse(ex.request.path());
        HttpMethod method = ex.request.method();
        if (path.opaque()) {
            return opaque(ex, principal, body);
        }
        if (path.collection() && method == HttpMethod.POST) {
            return create(ex, principal, path.kind(), body);
        }
        if (path.collection() && method == HttpMethod.GET) {
            return listing.list(ex, principal, path.kind());
        }
        if (path.collection()) {
            return Future.failedFuture(ApiException.invalidRequest("method " + method + " is not allowed on "
                    + ex.request.path()));
        }
        return owned(principal, path).compose(home -> pinned(ex, path, home, body));
    }

    /** The object, if this tenant created it through the gateway; a 404 otherwise, whoever else holds it. */
    private Future<UpstreamResource> owned(Principal principal, PassthroughPath path) {
        return resources.find(path.id()).compose(home -> home != null && home.kind() == path.kind()
                && home.tenantId().equals(principal.tenantId()) ? Future.succeededFuture(home)
                        : Future.failedFuture(ApiException.notFound(path.kind().wireName() + " "
                                + ClientInput.shortened(path.id()) + " not found")));
    }

    private Future<Integer> create(Exchange ex, Principal principal, UpstreamResource.Kind kind, Buffer body) {
        if (kind == UpstreamResource.Kind.FILE) {
            return forward(ex, body, null, null).compose(up -> created(ex, principal, kind, up));
        }
        BatchAdmission.Batch batch = batches.read(body, principal);
        ex.model = services.claude().modelLabel(batch.firstModel());
        return batches.admit(ex, principal, batch, body).compose(admission -> {
            admission.headers().forEach(ex.response::putHeader);
            return forward(ex, body, null, batch.firstModel())
                    .onComplete(ar -> admission.settle(TokenUsage.none(batch.firstModel())))
                    .compose(up -> created(ex, principal, kind, up));
        });
    }

    /** A created object's id is remembered with its deployment before the client learns it. */
    private Future<Integer> created(Exchange ex, Principal principal, UpstreamResource.Kind kind,
            UpstreamResponse up) {
        return UpstreamRelay.whole(ex, up).compose(body -> {
            if (up.status() != 200) {
                return Future.succeededFuture(UpstreamRelay.send(ex, up, body));
            }
            ObjectNode object = object(body);
            String id = object == null ? null : object.path("id").asText(null);
            if (id == null) {
                return Future.succeededFuture(UpstreamRelay.send(ex, up, body));
            }
            UpstreamResource home = new UpstreamResource(id, kind, up.deployment(), principal.tenantId(),
                    principal.keyId(), services.clock().instant(), false);
            return resources.remember(home).transform(ar -> {
                if (ar.failed()) {
                    // the object exists upstream; the client gets its id (a retry would make a second one)
                    LOG.error("{} {} was created on {} but could not be remembered: {}", kind.wireName(), id,
                            up.deployment(), ar.cause().toString());
                }
                return Future.succeededFuture(UpstreamRelay.send(ex, up, ResultsUrls.rewrite(ex, object)));
            });
        });
    }

    private Future<Integer> pinned(Exchange ex, PassthroughPath path, UpstreamResource home, Buffer body) {
        boolean deleting = ex.request.method() == HttpMethod.DELETE && path.action() == null;
        boolean results = path.kind() == UpstreamResource.Kind.BATCH && "results".equals(path.action());
        boolean content = path.kind() == UpstreamResource.Kind.FILE && "content".equals(path.action());
        return forward(ex, body, home.deployment(), null).compose(up -> {
            if (results && up.status() == 200) {
                return batchResults(ex, home, up);
            }
            if (content) {
                return UpstreamRelay.stream(ex, up, chunk -> {});
            }
            return UpstreamRelay.whole(ex, up).map(answer -> {
                if (deleting && up.status() == 200) {
                    resources.forget(home.id());
                }
                ObjectNode object = up.status() == 200 ? object(answer) : null;
                return UpstreamRelay.send(ex, up, object == null ? answer : ResultsUrls.rewrite(ex, object));
            });
        });
    }

    /** Results stream through while each succeeded request goes to the ledger, on the first complete fetch only. */
    private Future<Integer> batchResults(Exchange ex, UpstreamResource home, UpstreamResponse up) {
        if (home.resultsRecorded()) {
            return UpstreamRelay.stream(ex, up, chunk -> {});
        }
        BatchUsageTap tap = new BatchUsageTap(home, services.usage(), services.prices(), services.clock());
        return UpstreamRelay.stream(ex, up, tap).onSuccess(status -> {
            if (!ex.cancellation.isCancelled() && ex.response.ended()) {
                tap.finish();
                resources.markRecorded(home.id());
            }
        });
    }

    /** Any other path: one request against the key's request rate and concurrency, one opaque ledger row. */
    private Future<Integer> opaque(Exchange ex, Principal principal, Buffer body) {
        return services.admission().admit(AdmissionStep.requestsOnly(principal), new AdmissionRequest(ex.requestId, null, 0, 0)).compose(admission -> {
            admission.headers().forEach(ex.response::putHeader);
            return forward(ex, body, null, null).compose(up -> UpstreamRelay.stream(ex, up, chunk -> {}))
                    .andThen(ar -> settle(ex, principal, admission, ar.succeeded() ? ar.result() : 0));
        });
    }

    private void settle(Exchange ex, Principal principal, Admission admission, int status) {
        admission.settle(TokenUsage.none(null));
        services.usage().record(new UsageRecord(services.clock().instant(), ex.requestId, principal.keyId(),
                principal.tenantId(), principal.userId(), null, null, "-".equals(ex.deployment) ? null : ex.deployment,
                0, 0, 0, 0, 0, (System.nanoTime() - ex.startNanos) / 1_000_000, -1, status, 0, false, false, 0, null,
                ex.inTrace() ? ex.traceId() : null));
    }

    private Future<UpstreamResponse> forward(Exchange ex, Buffer body, String deployment, String model) {
        String uri = ex.request.uri();
        ForwardCall call = new ForwardCall(ex.requestId, ex.request.method(), uri, ex.request.headers(), body,
                deployment, model, ex.cancellation);
        return claude.forward(call).onSuccess(up -> ex.deployment = up.deployment());
    }

    private static ObjectNode object(Buffer body) {
        try {
            JsonNode node = Json.mapper().readTree(body.getBytes());
            return node instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }
}
