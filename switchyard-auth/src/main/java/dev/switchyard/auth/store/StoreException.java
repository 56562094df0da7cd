package dev.switchyard.auth.store;

/** The store could not be reached or refused a statement. The message never holds key material. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
