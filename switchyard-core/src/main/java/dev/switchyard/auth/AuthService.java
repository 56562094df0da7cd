package dev.switchyard.auth;

import io.vertx.core.Future;

/**
 * Decides who is calling. In this process it checks the configured client keys; the auth service
 * of a later issue (virtual keys in a store) implements the same interface, in process or remote.
 * Fails with an {@link dev.switchyard.core.error.ApiException} of type authentication_error.
 */
public interface AuthService {
    /** {@code credential} is the key as sent (x-api-key or bearer token), or null when none was sent. */
    Future<Principal> authenticate(String credential);
}
