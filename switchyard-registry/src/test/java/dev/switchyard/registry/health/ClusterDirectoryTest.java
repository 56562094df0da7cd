package dev.switchyard.registry.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.core.config.RegistryConfig.Peer;
import dev.switchyard.registry.Instance;
import dev.switchyard.registry.statics.StaticRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The directory over a real InstanceSet (static registry, loopback /health servers) and local roles. */
class ClusterDirectoryTest {
    private final Vertx vertx = Vertx.vertx();
    private InstanceSet claude;

    @AfterEach
    void stop() {
        if (claude != null) {
            claude.close();
        }
        vertx.close().await();
    }

    @Test
    void instances_remoteSetAndLocalRoles_allListedSortedWithLocalMarked() {
        URI ok = server(200);
        URI failing = server(503);
        StaticRegistry registry = new StaticRegistry(List.of(
                new Peer("claude", "c-ok", ok, "eu-1", 1, Map.of()),
                new Peer("claude", "c-bad", failing, "", 1, Map.of())), Clock.systemUTC());
        claude = new InstanceSet("claude", registry, new HttpHealthProbe(vertx, vertx.createHttpClient(), "/health"),
                new HealthSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), 1, 1, 0, "/health", 5, 3),
                new HealthRuntime(Clock.systemUTC(), new VertxScheduler(vertx), new Random(1), new SimpleMeterRegistry()),
                RecoveryAction.NONE, new RecoveryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(5), Clock.systemUTC()));
        claude.start();
        Instance self = new Instance("gateway", "gw-1", URI.create("http://127.0.0.1:8080"), "1.2.3", "", 1, null,
                Instant.parse("2026-01-01T00:00:00Z"));
        ClusterDirectory directory = new ClusterDirectory(() -> List.of(claude), List.of(self));

        await().atMost(Duration.ofSeconds(10)).until(() -> claude.views().stream().allMatch(v -> v.lastCheck() != null));
        List<InstanceView> all = directory.instances();

        assertThat(all).extracting(InstanceView::id).containsExactly("c-bad", "c-ok", "gw-1");
        InstanceView bad = all.get(0);
        assertThat(bad.health()).isEqualTo(HealthState.UNHEALTHY);
        assertThat(bad.lastCheck().detail()).isEqualTo("status 503");
        assertThat(bad.consecutiveFailures()).isEqualTo(1);
        assertThat(bad.inRotation()).isFalse();
        assertThat(bad.local()).isFalse();
        InstanceView good = all.get(1);
        assertThat(good.health()).isEqualTo(HealthState.HEALTHY);
        assertThat(good.zone()).isEqualTo("eu-1");
        assertThat(good.inRotation()).isTrue();
        InstanceView local = all.get(2);
        assertThat(local.local()).isTrue();
        assertThat(local.health()).isEqualTo(HealthState.HEALTHY);
        assertThat(local.version()).isEqualTo("1.2.3");
        assertThat(local.lastCheck()).isNull();
    }

    @Test
    void instances_setListsThisProcess_shownOnceAsLocal() {
        URI ok = server(200);
        StaticRegistry registry = new StaticRegistry(List.of(new Peer("claude", "me", ok, "", 1, Map.of())),
                Clock.systemUTC());
        claude = new InstanceSet("claude", registry, new HttpHealthProbe(vertx, vertx.createHttpClient(), "/health"),
                HealthSettings.defaults().withJitter(0),
                new HealthRuntime(Clock.systemUTC(), new VertxScheduler(vertx), new Random(1), new SimpleMeterRegistry()),
                RecoveryAction.NONE, new RecoveryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(5), Clock.systemUTC()));
        claude.start();
        Instance self = new Instance("claude", "me", ok, "", "", 1, null, Instant.now());

        List<InstanceView> all = new ClusterDirectory(() -> List.of(claude), List.of(self)).instances();

        assertThat(all).hasSize(1);
        assertThat(all.get(0).local()).isTrue();
    }

    private URI server(int status) {
        int port = vertx.createHttpServer().requestHandler(r -> r.response().setStatusCode(status).end())
                .listen(0, "127.0.0.1").await().actualPort();
        return URI.create("http://127.0.0.1:" + port);
    }
}
