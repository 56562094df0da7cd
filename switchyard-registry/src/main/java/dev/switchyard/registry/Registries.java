package dev.switchyard.registry;

import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.RegistryConfig;
import dev.switchyard.registry.dns.DnsRegistry;
import dev.switchyard.registry.etcd.EtcdRegistry;
import dev.switchyard.registry.statics.StaticRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;

/** Builds the {@link ServiceRegistry} that {@code registry.type} names. */
public final class Registries {
    private Registries() {}

    public static ServiceRegistry create(Vertx vertx, RegistryConfig config, Clock clock) {
        return switch (config.type()) {
            case STATIC -> new StaticRegistry(config.instances(), clock);
            case DNS -> new DnsRegistry(vertx, config.dns(), clock);
            case ETCD -> new EtcdRegistry(vertx, config.etcd());
            case KUBERNETES -> provided(vertx, config, clock);
        };
    }

    /** Backends outside this switch (kubernetes) come from a {@link RegistryProvider} on the class path. */
    private static ServiceRegistry provided(Vertx vertx, RegistryConfig config, Clock clock) {
        for (RegistryProvider p : ServiceLoader.load(RegistryProvider.class)) {
            if (p.type() == config.type()) {
                return p.create(vertx, config, clock);
            }
        }
        throw new ConfigException(List.of("registry.type: " + config.type().configName()
                + " registry not available in this build"));
    }
}
