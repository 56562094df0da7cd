package dev.switchyard.registry.kubernetes;

/**
 * The Kubernetes Service that fronts one role: its EndpointSlices (label kubernetes.io/service-name) list
 * the role's ready pods.
 *
 * @param namespace where the Service lives
 * @param service the Service's name
 * @param portName the slice port the role endpoint listens on; blank when the Service has a single port
 * @param scheme "http" or "https", for the instance addresses
 */
public record RoleService(String namespace, String service, String portName, String scheme) {
    public RoleService {
        portName = portName == null ? "" : portName;
        scheme = scheme == null || scheme.isBlank() ? "http" : scheme;
    }

    void validate(String role) {
        String prefix = "registry.kubernetes.roles." + role + ".";
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException(prefix + "namespace must not be blank, was '" + namespace + "'");
        }
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException(prefix + "service must not be blank, was '" + service + "'");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(prefix + "scheme must be http or https, was '" + scheme + "'");
        }
    }
}
