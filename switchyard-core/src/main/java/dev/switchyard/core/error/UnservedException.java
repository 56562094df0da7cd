package dev.switchyard.core.error;

/**
 * A rejection of a call that did nothing where it was rejected: no side effect and no request sent on
 * (every upstream deployment unreachable from this process, or held back by its breaker). Another instance
 * of the same service, with its own network and its own breakers, may serve the call, so a caller with
 * one may try it there; a client that has only this one gets the rejection as it is.
 */
public final class UnservedException extends ApiException {
    public UnservedException(ErrorType type, String message) {
        super(type, message);
    }
}
