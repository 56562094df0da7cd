package dev.switchyard.gateway;

import dev.switchyard.auth.AuthService;
import dev.switchyard.auth.Principal;
import io.vertx.core.Future;

/** Who is calling: the key in {@code x-api-key} or {@code authorization} (401 without a valid one). */
final class AuthenticateStep implements Step {
    @Override
    public String spanName() {
        return "auth";
    }

    static final Attribute<Principal> PRINCIPAL = Attribute.named("principal");

    private final AuthService auth;

    AuthenticateStep(AuthService auth) {
        this.auth = auth;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        Future<Principal> caller = auth.authenticate(Credentials.from(ex.request.headers()));
        if (caller.succeeded()) {
            // A key accepted at once (from memory): the next step attaches its reader within the head's own
            // callback, before a byte of the body is delivered, so nothing is paused and no resume queued.
            // Answered here, not through map, which could run later on the answer's own context.
            ex.put(PRINCIPAL, caller.result());
            return Future.succeededFuture();
        }
        // The body waits, unread, until the caller is known: a stranger's megabytes are not read.
        ex.pauseBody();
        return caller.map(principal -> {
            ex.put(PRINCIPAL, principal);
            return null;
        });
    }
}
