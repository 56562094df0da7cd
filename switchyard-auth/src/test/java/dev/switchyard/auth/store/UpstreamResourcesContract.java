package dev.switchyard.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.claude.UpstreamResource;
import dev.switchyard.claude.UpstreamResource.Kind;
import dev.switchyard.claude.UpstreamResources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What every {@link UpstreamResources} must do, whatever keeps it: one subclass per implementation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UpstreamResourcesContract {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    protected Vertx vertx;
    private UpstreamResources resources;
    private int counter;

    abstract UpstreamResources open(Vertx vertx) throws Exception;

    void close() throws Exception {}

    @BeforeAll
    void start() throws Exception {
        vertx = Vertx.vertx();
        resources = open(vertx);
    }

    @AfterAll
    void stop() throws Exception {
        close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Ids unique per test, so the tests share one store without clearing it. */
    private String id(String prefix) {
        return prefix + "_" + getClass().getSimpleName() + "_" + (++counter);
    }

    private UpstreamResource remember(Kind kind, String tenant, int minutes) throws Exception {
        UpstreamResource r = new UpstreamResource(id(kind.wireName()), kind, "dep-a", tenant, "key_1",
                T0.plusSeconds(60L * minutes), false);
        await(resources.remember(r));
        return r;
    }

    @Test
    void find_afterRemember_returnsTheDeploymentAndOwner() throws Exception {
        UpstreamResource r = remember(Kind.BATCH, "t-find", 1);

        assertThat(await(resources.find(r.id()))).isEqualTo(r);
        assertThat(await(resources.find("msgbatch_never_made"))).isNull();
    }

    @Test
    void forget_removesIt() throws Exception {
        UpstreamResource r = remember(Kind.FILE, "t-forget", 1);

        await(resources.forget(r.id()));

        assertThat(await(resources.find(r.id()))).isNull();
    }

    @Test
    void list_pagesNewestFirstWithCursorsInBothDirections() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, remember(Kind.BATCH, "t-page", i).id()); // newest first
        }

        UpstreamResources.Page first = await(resources.list(Kind.BATCH, "t-page", null, null, 2));
        UpstreamResources.Page second = await(resources.list(Kind.BATCH, "t-page", null, ids.get(1), 2));
        UpstreamResources.Page last = await(resources.list(Kind.BATCH, "t-page", null, ids.get(3), 2));
        UpstreamResources.Page back = await(resources.list(Kind.BATCH, "t-page", ids.get(3), null, 2));

        assertThat(first.items()).extracting(UpstreamResource::id).containsExactly(ids.get(0), ids.get(1));
        assertThat(first.hasMore()).isTrue();
        assertThat(second.items()).extracting(UpstreamResource::id).containsExactly(ids.get(2), ids.get(3));
        assertThat(last.items()).extracting(UpstreamResource::id).containsExactly(ids.get(4));
        assertThat(last.hasMore()).isFalse();
        assertThat(back.items()).extracting(UpstreamResource::id).containsExactly(ids.get(1), ids.get(2));
        assertThat(back.hasMore()).isTrue();
    }

    @Test
    void list_showsOnlyTheTenantsObjectsOfTheKind() throws Exception {
        UpstreamResource mine = remember(Kind.FILE, "t-mine", 1);
        UpstreamResource theirs = remember(Kind.FILE, "t-theirs", 2);
        remember(Kind.BATCH, "t-mine", 3);

        UpstreamResources.Page page = await(resources.list(Kind.FILE, "t-mine", null, null, 20));
        UpstreamResources.Page viaTheirCursor = await(resources.list(Kind.FILE, "t-mine", null, theirs.id(), 20));

        assertThat(page.items()).containsExactly(mine);
        assertThat(viaTheirCursor.items()).isEmpty();
    }

    @Test
    void markRecorded_onlyTheFirstCallWins() throws Exception {
        UpstreamResource r = remember(Kind.BATCH, "t-mark", 1);

        assertThat(await(resources.markRecorded(r.id()))).isTrue();
        assertThat(await(resources.markRecorded(r.id()))).isFalse();
        assertThat(await(resources.find(r.id())).resultsRecorded()).isTrue();
    }
}
