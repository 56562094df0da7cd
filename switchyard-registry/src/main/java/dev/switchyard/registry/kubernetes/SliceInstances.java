package dev.switchyard.registry.kubernetes;

import dev.switchyard.registry.Instance;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads one EndpointSlice as the role's instances: ready endpoints only, at the role's named port. */
final class SliceInstances {
    static final String VERSION_LABEL = "app.kubernetes.io/version";

    private SliceInstances() {}

    static List<Instance> of(String role, RoleService service, EndpointSlice slice, Function<String, Instant> firstSeen) {
        Optional<Integer> port = port(service, slice);
        if (port.isEmpty() || slice.getEndpoints() == null) {
            return List.of();
        }
        String version = labels(slice).getOrDefault(VERSION_LABEL, "");
        List<Instance> instances = new ArrayList<>();
        for (Endpoint endpoint : slice.getEndpoints()) {
            if (!ready(endpoint) || endpoint.getAddresses() == null) {
                continue;
            }
            for (String address : endpoint.getAddresses()) {
                String id = id(endpoint, address);
                instances.add(new Instance(role, id, uri(service.scheme(), address, port.get()), version,
                        endpoint.getZone(), 1, metadata(service, slice, endpoint), firstSeen.apply(id)));
            }
        }
        return instances;
    }

    /**
     * The API says a missing ready condition means "unknown" and is to be read as ready (kube-proxy does);
     * an explicit false (not ready, or terminating) keeps the endpoint out.
     */
    static boolean ready(Endpoint endpoint) {
        return endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                || endpoint.getConditions().getReady();
    }

    private static Optional<Integer> port(RoleService service, EndpointSlice slice) {
        List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
        if (service.portName().isEmpty() && ports.size() == 1) {
            return Optional.ofNullable(ports.get(0).getPort());
        }
        return ports.stream().filter(p -> service.portName().equals(p.getName()))
                .map(EndpointPort::getPort).filter(p -> p != null).findFirst();
    }

    private static String id(Endpoint endpoint, String address) {
        ObjectReference target = endpoint.getTargetRef();
        if (target == null || target.getName() == null) {
            return address;
        }
        // An endpoint with two addresses (dual stack) is one pod reached two ways: two instances.
        return endpoint.getAddresses().size() > 1 ? target.getName() + "@" + address : target.getName();
    }

    private static URI uri(String scheme, String address, int port) {
        String host = address.contains(":") ? "[" + address + "]" : address;
        return URI.create(scheme + "://" + host + ":" + port);
    }

    private static Map<String, String> metadata(RoleService service, EndpointSlice slice, Endpoint endpoint) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("namespace", service.namespace());
        metadata.put("endpointslice", slice.getMetadata().getName());
        if (endpoint.getNodeName() != null) {
            metadata.put("node", endpoint.getNodeName());
        }
        return metadata;
    }

    private static Map<String, String> labels(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
