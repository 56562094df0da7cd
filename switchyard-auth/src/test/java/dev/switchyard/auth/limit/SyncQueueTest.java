package dev.switchyard.auth.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The batching and resending rules of the sync, with a scripted sender instead of Redis. */
class SyncQueueTest {
    private final List<List<String>> sent = new ArrayList<>();
    private final List<Throwable> refused = new ArrayList<>();
    private final AtomicInteger collected = new AtomicInteger();

    private SyncQueue queue(Throwable... failures) {
        AtomicInteger call = new AtomicInteger();
        return new SyncQueue("p:", "r1", 600, args -> {
            sent.add(args);
            int i = call.getAndIncrement();
            return i < failures.length ? Future.<Response>failedFuture(failures[i]) : Future.succeededFuture();
        }, refused::add);
    }

    private List<String> owed() {
        return List.of("1", "entry-" + collected.incrementAndGet());
    }

    @Test
    void sendNext_replyLost_sameBatchSentAgainWithItsId() {
        SyncQueue q = queue(new TimeoutException("timed out"));
        q.sendNext(this::owed);
        q.sendNext(this::owed);

        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).isEqualTo(sent.get(0)); // same id, same entries: applied once by the script
        assertThat(collected.get()).isEqualTo(1);
        assertThat(refused).isEmpty();
    }

    @Test
    void sendNext_redisRefusesTheBatch_droppedReportedAndTheNextOneGoesOut() {
        SyncQueue q = queue(new IllegalStateException("ERR Error running script"));
        q.sendNext(this::owed);
        q.sendNext(this::owed);

        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).get(1)).isNotEqualTo(sent.get(0).get(1)); // a new batch id
        assertThat(sent.get(1)).contains("entry-2");
        assertThat(refused).hasSize(1);
    }

    @Test
    void drain_nothingOwed_sendsNothing() {
        SyncQueue q = queue();
        assertThat(q.drain(List::of).succeeded()).isTrue();
        assertThat(sent).isEmpty();
    }
}
