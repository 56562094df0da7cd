package dev.switchyard.registry;

import dev.switchyard.core.config.RegistryConfig;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * A registry backend found through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.switchyard.registry.RegistryProvider}), so a backend with heavy dependencies
 * (kubernetes, with the fabric8 client) plugs in without {@link Registries} depending on it.
 */
public interface RegistryProvider {
    /** The {@code registry.type} it serves, e.g. {@code kubernetes}. */
    RegistryConfig.Type type();

    ServiceRegistry create(Vertx vertx, RegistryConfig config, Clock clock);
}
