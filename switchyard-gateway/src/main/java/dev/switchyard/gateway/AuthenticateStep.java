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
        // The body waits, unread, until the caller is known: a stranger's megabytes are not read.
        ex.request.pause();
        return auth.authenticate(Credentials.from(ex.request.headers())).map(principal -> {
            ex.put(PRINCIPAL, principal);
            return null;
        });
    }
}
