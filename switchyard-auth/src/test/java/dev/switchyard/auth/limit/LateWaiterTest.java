package dev.switchyard.auth.limit;

import static dev.switchyard.auth.limit.LimitTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.auth.Quota;
import io.vertx.core.Promise;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request whose grant timed out: what it comes to does not depend on whether Redis's late reply or the local
 * decision is known first (the reply can be handled on one event loop before the fallback runs on another).
 */
class LateWaiterTest {
    private static Waiter waiter() {
        return new Waiter(request(10, 10), 100, Promise.promise(), null);
    }

    private static Waiter.Late redisFirst(boolean inRedis, boolean local) {
        Waiter w = waiter();
        assertThat(w.redisAnswered(inRedis, "g1", "2026-03-10", "2026-03")).isEqualTo(Waiter.Late.WAIT);
        return w.decidedLocally(local);
    }

    private static Waiter.Late localFirst(boolean inRedis, boolean local) {
        Waiter w = waiter();
        assertThat(w.decidedLocally(local)).isEqualTo(Waiter.Late.WAIT);
        return w.redisAnswered(inRedis, "g1", "2026-03-10", "2026-03");
    }

    @Test
    void late_eitherOrder_sameOutcome() {
        for (boolean inRedis : new boolean[] {true, false}) {
            for (boolean local : new boolean[] {true, false}) {
                assertThat(redisFirst(inRedis, local)).isEqualTo(localFirst(inRedis, local));
            }
        }
    }

    @Test
    void late_redisRepliesBeforeTheLocalDecision_admissionStandsForTheRequestNotCreditedAgain() {
        // Before: the reply, handled first, saw the request "not let in locally" and credited its admission,
        // then the fallback let it in too: two requests on one admission in Redis.
        assertThat(redisFirst(true, true)).isEqualTo(Waiter.Late.STANDS);
        assertThat(redisFirst(true, false)).isEqualTo(Waiter.Late.CREDIT);
    }

    @Test
    void late_letInLocallyButNotCountedByRedis_charged() {
        assertThat(localFirst(false, true)).isEqualTo(Waiter.Late.CHARGE);
        assertThat(localFirst(false, false)).isEqualTo(Waiter.Late.NOTHING);

        Allowance a = new Allowance(List.of(new Scope("key:k", "key k", new Quota(60, 6_000, 0, 0, 0))), System.nanoTime());
        Waiter w = waiter();
        w.redisAnswered(false, "g1", null, null);
        a.late(w, w.decidedLocally(true), 0);
        List<String> entries = new java.util.ArrayList<>();
        SyncQueue.entries(a, entries);
        // returnedRequests -1 (one request charged), tokenDelta +10 (its input estimate).
        assertThat(entries.subList(3, 5)).containsExactly("-1", "10");
    }
}
