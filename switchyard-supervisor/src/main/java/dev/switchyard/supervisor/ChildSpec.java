package dev.switchyard.supervisor;

import java.util.List;

/**
 * One process of a topology.
 *
 * @param service the service it belongs to (also its role when the service serves one role)
 * @param instance 1..instances of its service
 * @param id its instance id, {@code <service>-<instance>}: its log file and its {@code --instance-id}
 * @param port its gateway port, 0 when it serves no gateway
 * @param rolePort its role port, 0 when it serves only the gateway
 */
public record ChildSpec(String service, List<String> roles, int instance, String id, int port, int rolePort,
        List<String> jvmOptions) {

    public ChildSpec {
        roles = List.copyOf(roles);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The port its health is checked on: the gateway's when it serves one, its role port otherwise. */
    public int healthPort() {
        return port != 0 ? port : rolePort;
    }
}
