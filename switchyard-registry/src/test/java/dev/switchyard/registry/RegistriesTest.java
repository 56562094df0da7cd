package dev.switchyard.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.ConfigLoader;
import dev.switchyard.core.config.RegistryConfig;
import dev.switchyard.registry.dns.DnsRegistry;
import dev.switchyard.registry.etcd.EtcdRegistry;
import dev.switchyard.registry.statics.StaticRegistry;
import dev.switchyard.testkit.MutableClock;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistriesTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static RegistryConfig config(String registry) {
        return new ConfigLoader(Map.<String, String>of()::get).parse("""
                deployments:
                  - { name: p, base_url: "http://127.0.0.1:9", models: [m] }
                """ + registry).registry();
    }

    @Test
    void create_eachBuiltInType_returnsItsBackend() throws Exception {
        ServiceRegistry s = Registries.create(vertx, RegistryConfig.defaults(), new MutableClock());
        ServiceRegistry d = Registries.create(vertx, config("""
                registry: { type: dns, dns: { names: { claude: c.switchyard.test }, resolver: "127.0.0.1:9" } }
                """), new MutableClock());
        ServiceRegistry e = Registries.create(vertx, config("""
                registry: { type: etcd, etcd: { endpoints: ["http://127.0.0.1:9"] } }
                """), new MutableClock());

        assertThat(s).isInstanceOf(StaticRegistry.class);
        assertThat(d).isInstanceOf(DnsRegistry.class);
        assertThat(e).isInstanceOf(EtcdRegistry.class);
        d.close().await(5, TimeUnit.SECONDS);
        e.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void create_kubernetes_builtByTheProviderFoundThroughServiceLoader() throws Exception {
        RegistryConfig k8s = config("""
                registry: { type: kubernetes, kubernetes: { roles: { claude: { service: switchyard-claude } } } }
                """);

        ServiceRegistry k = Registries.create(vertx, k8s, new MutableClock());

        assertThat(k).isInstanceOf(dev.switchyard.registry.kubernetes.KubernetesRegistry.class);
        k.close().await(5, TimeUnit.SECONDS);
    }
}
