package dev.switchyard.cluster.auth;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.cluster.RoleClient;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AdmissionControl} on auth roles in other processes. The admission itself stays on the instance
 * that granted it; what comes back is its headers and grant id, and {@link Admission#settle} sends the
 * settlement to that same instance (fire-and-forget: a lost settlement is settled there when its grant
 * expires). Admitting is not idempotent (it reserves), so it is tried on another instance only when it
 * never reached the first one. When no instance answers, admission fails with the error the call got
 * (overloaded_error or timeout_error): the limits cannot be checked, and letting spend through unchecked
 * is not this client's decision.
 */
public final class RemoteAdmissionControl implements AdmissionControl {
    private static final Logger log = LoggerFactory.getLogger(RemoteAdmissionControl.class);

    private final RoleClient client;

    public RemoteAdmissionControl(RoleClient client) {
        this.client = client;
    }

    @Override
    public Future<Admission> admit(Principal who, AdmissionRequest request) {
        try {
            return client.exchange(AuthWire.ADMIT, new AuthWire.Admit(who, request), AuthWire.Grant.class, false,
                    request == null ? "" : request.requestId(), null)
                    .map(answer -> new RemoteAdmission(client, answer.instance().id(), answer.value(),
                            request == null ? "" : request.requestId()));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** A grant held by one instance of the auth role; settled there at most once. */
    static final class RemoteAdmission implements Admission {
        private final RoleClient client;
        private final String instanceId;
        private final AuthWire.Grant grant;
        private final String requestId;
        private final AtomicBoolean settled = new AtomicBoolean();

        RemoteAdmission(RoleClient client, String instanceId, AuthWire.Grant grant, String requestId) {
            this.client = client;
            this.instanceId = instanceId;
            this.grant = grant;
            this.requestId = requestId;
        }

        @Override
        public Map<String, String> headers() {
            return grant.headers();
        }

        @Override
        public void settle(TokenUsage used) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            try {
                client.exchange(AuthWire.SETTLE, new AuthWire.Settle(grant.grantId(), used), Void.class, true,
                        requestId, instanceId).onFailure(e -> log.debug(
                                "auth role: settling request {} on instance {} failed ({}); its grant will expire there",
                                requestId, instanceId, e.toString()));
            } catch (RuntimeException e) {
                log.debug("auth role: settling request {} failed: {}", requestId, e.toString());
            }
        }

        String instanceId() {
            return instanceId;
        }
    }
}
