package dev.switchyard.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code switchyard up} runs: every process loads {@code config}; each service is a set of identical
 * processes serving the same roles. Built only by {@link TopologyLoader}, which has checked every value.
 *
 * @param config the Switchyard config file every child is started with
 * @param clusterSecret the secret children get as SWITCHYARD_CLUSTER_SECRET; empty: inherited from the environment
 * @param runDir where each child's log ({@code <instance id>.log}) and the supervisor's own log go
 */
public record Topology(Path config, Optional<String> clusterSecret, Path runDir, List<Service> services,
        Supervision supervision) {

    public Topology {
        services = List.copyOf(services);
    }

    /** Every child of the topology, in the order of the file: services in order, instances 1..n. */
    public List<ChildSpec> children() {
        return services.stream().flatMap(s -> s.children().stream()).toList();
    }

    /** Hides the secret: a topology may be printed in a message or a test failure. */
    @Override
    public String toString() {
        return "Topology[config=" + config + ", clusterSecret=" + (clusterSecret.isPresent() ? "<set>" : "<inherited>")
                + ", runDir=" + runDir + ", services=" + services + ", supervision=" + supervision + "]";
    }

    /**
     * One service: {@code instances} processes serving {@code roles}. Instance n (from 1) listens on
     * {@code port + n - 1} for the gateway and on {@code rolePort + n - 1} for its other roles.
     *
     * @param port first gateway port, 0 when the service has no gateway role
     * @param rolePort first role port, 0 when the service has only the gateway role
     */
    public record Service(String name, List<String> roles, int instances, int port, int rolePort,
            List<String> jvmOptions) {
        public Service {
            roles = List.copyOf(roles);
            jvmOptions = List.copyOf(jvmOptions);
        }

        public boolean servesGateway() {
            return roles.contains("gateway");
        }

        public boolean servesOtherRoles() {
            return roles.stream().anyMatch(r -> !r.equals("gateway"));
        }

        List<ChildSpec> children() {
            return java.util.stream.IntStream.rangeClosed(1, instances).mapToObj(n -> new ChildSpec(name, roles, n,
                    name + "-" + n, port == 0 ? 0 : port + n - 1, rolePort == 0 ? 0 : rolePort + n - 1,
                    jvmOptions)).toList();
        }
    }

    /**
     * How children are watched and restarted.
     *
     * @param checkInterval time between two health checks of a child
     * @param checkTimeout a check not answered by then failed
     * @param unhealthyAfter consecutive failed checks of a child that was healthy after which it is restarted
     * @param startTimeout how long a new child may take to answer its first check before it is restarted
     * @param backoffMin delay before the first restart of a child; each further restart waits twice as long
     * @param backoffMax the longest delay; a child healthy for this long starts again from {@code backoffMin}
     * @param stopGrace how long a child may take to exit after SIGTERM before it is killed
     */
    public record Supervision(Duration checkInterval, Duration checkTimeout, int unhealthyAfter,
            Duration startTimeout, Duration backoffMin, Duration backoffMax, Duration stopGrace) {

        public static Supervision defaults() {
            return new Supervision(Duration.ofSeconds(5), Duration.ofSeconds(2), 3, Duration.ofSeconds(60),
                    Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10));
        }
    }
}
