package dev.switchyard.cluster;

/**
 * One method of a role, served on the role port. It must end the call one way ({@link RpcCall#reply},
 * {@link RpcCall#fail}, or by ending the response itself for a stream); a handler that throws is
 * answered with an api_error.
 */
@FunctionalInterface
public interface RpcHandler {
    void handle(RpcCall call);
}
