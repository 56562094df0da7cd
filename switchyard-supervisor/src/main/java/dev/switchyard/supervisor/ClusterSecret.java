package dev.switchyard.supervisor;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * The SWITCHYARD_CLUSTER_SECRET children get: the topology's, else the one this process inherited (children
 * inherit it as they are), else a random one made for this run, so a local topology works without setup.
 */
public final class ClusterSecret {
    private ClusterSecret() {}

    /** The variables to set for every child; empty when the inherited environment already has the secret. */
    public static Map<String, String> childEnv(Topology topology, Function<String, String> env, SecureRandom random) {
        if (topology.clusterSecret().isPresent()) {
            return Map.of(Supervisor.SECRET_ENV, topology.clusterSecret().get());
        }
        String inherited = env.apply(Supervisor.SECRET_ENV);
        if (inherited != null && !inherited.isBlank()) {
            return Map.of();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Map.of(Supervisor.SECRET_ENV, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
}
