package dev.switchyard.gateway;

/**
 * A request whose framing is ambiguous (request smuggling material): refused with 400 and the
 * connection closed. Its message is ours, never client input, so it may go into the error body.
 */
final class FramingException extends IllegalArgumentException {
    FramingException(String message) {
        super(message);
    }
}
