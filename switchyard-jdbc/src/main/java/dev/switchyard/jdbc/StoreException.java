package dev.switchyard.jdbc;

import java.sql.SQLException;

/**
 * The store could not be reached or refused a statement. The message never holds key material or a
 * password: what the database said is redacted first, and so is the cause chain when it repeats a secret.
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(Secrets.redact(message), Secrets.scrub(cause));
    }

    /** {@code context} says what failed, for example {@code "could not create a key"}. */
    public static StoreException of(String context, SQLException e) {
        return new StoreException(context + ": " + e.getMessage(), e);
    }
}
