package dev.switchyard.cluster.auth;

import static dev.switchyard.cluster.auth.AuthRoleFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.claude.MemoryUpstreamResources;
import dev.switchyard.claude.UpstreamResource;
import dev.switchyard.claude.UpstreamResources;
import dev.switchyard.cluster.ClusterSecret;
import dev.switchyard.cluster.RoleServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A gateway in another process reaches the auth role's store of batches and files over the role port. */
class RemoteUpstreamResourcesTest {
    private final AuthRoleFixture role = new AuthRoleFixture();
    private final MemoryUpstreamResources store = new MemoryUpstreamResources(100);

    @AfterEach
    void stop() {
        role.close();
    }

    private UpstreamResources remote() {
        RoleServer server = await(RoleServer.start(role.vertx, "127.0.0.1", 0, new ClusterSecret(AuthRoleFixture.SECRET),
                new ResourcesEndpoint(store).routes(), req -> req.response().end("{\"status\":\"ok\"}")));
        // closed with the fixture's Vert.x
        return new RemoteUpstreamResources(role.client(List.of(Map.entry("auth-1", server.port()))));
    }

    @Test
    void everyCall_roundTripsThroughTheRole() {
        UpstreamResources remote = remote();
        UpstreamResource older = new UpstreamResource("file_1", UpstreamResource.Kind.FILE, "d1", "t1", "key_1",
                Instant.parse("2026-11-29T10:00:00.123456Z"), false);
        UpstreamResource newer = new UpstreamResource("file_2", UpstreamResource.Kind.FILE, "d2", "t1", null,
                Instant.parse("2026-11-29T11:00:00Z"), false);

        await(remote.remember(older));
        await(remote.remember(newer));

        assertThat(await(store.find("file_1"))).as("stored on the role").isEqualTo(older);
        assertThat(await(remote.find("file_1"))).isEqualTo(older);
        assertThat(await(remote.find("file_404"))).isNull();
        UpstreamResources.Page page = await(remote.list(UpstreamResource.Kind.FILE, "t1", null, null, 1));
        assertThat(page.items()).containsExactly(newer);
        assertThat(page.hasMore()).isTrue();
        assertThat(await(remote.markRecorded("file_1"))).isTrue();
        assertThat(await(remote.markRecorded("file_1"))).isFalse();
        await(remote.forget("file_2"));
        assertThat(await(store.find("file_2"))).isNull();
    }
}
