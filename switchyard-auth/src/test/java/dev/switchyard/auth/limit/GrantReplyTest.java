package dev.switchyard.auth.limit;

import static dev.switchyard.auth.limit.LimitTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scripts' replies decoded into named records. The replies are real Redis replies (a Lua table returned by
 * EVAL), so the types are those the scripts produce: integers, and the strings grant.lua formats itself.
 */
class GrantReplyTest {
    private static Vertx vertx;
    private static Redis redis;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, SHARED_REDIS);
    }

    @AfterAll
    static void close() {
        join(redis.close());
        join(vertx.close());
    }

    /** What Redis hands back for a script that returns {@code lua} (a Lua expression). */
    private static Response reply(String lua) {
        return send(redis, Command.EVAL, "return " + lua, "0");
    }

    @Test
    void decode_admittedWithTwoScopes_everyFieldNamed() {
        Response r = reply("{1, '2026-03-10', '2026-03', 2, 40, 0, 0, '', 1700000000000000,"
                + " 57, '1700000003000000', -1, '0', 100, 200,"
                + " 7, '1700000001000000', 9000, '1700000002000000', -1, -1}");

        GrantReply.Decided d = (GrantReply.Decided) GrantReply.decode(r, 2);

        assertThat(d.status()).isEqualTo(GrantReply.Status.ADMITTED);
        assertThat(d.day()).isEqualTo("2026-03-10");
        assertThat(d.month()).isEqualTo("2026-03");
        assertThat(d.admitted()).isEqualTo(2);
        assertThat(d.unitsGranted()).isEqualTo(40);
        assertThat(d.redisNowMicros()).isEqualTo(1_700_000_000_000_000L);
        assertThat(d.scopes()).containsExactly(
                new GrantReply.ScopeReport(57, 1_700_000_003_000_000L, -1, 0, 100, 200),
                new GrantReply.ScopeReport(7, 1_700_000_001_000_000L, 9_000, 1_700_000_002_000_000L, -1, -1));
    }

    @Test
    void decode_rateLimited_namesTheScopeAndTheLimit() {
        Response r = reply("{0, '2026-03-10', '2026-03', 0, 0, 12000000, 1, 'rpm', 5,"
                + " 0, '17', -1, '0', -1, -1}");

        GrantReply.Decided d = (GrantReply.Decided) GrantReply.decode(r, 1);

        assertThat(d.status()).isEqualTo(GrantReply.Status.RATE_LIMITED);
        assertThat(d.retryMicros()).isEqualTo(12_000_000);
        assertThat(d.failedScope()).isZero(); // grant.lua counts from 1
        assertThat(d.failedLimit()).isEqualTo("rpm");
    }

    @Test
    void decode_seedNeeded_missingScopesFromZero() {
        GrantReply reply = GrantReply.decode(reply("{3, '2026-03-10', '2026-03', 2}"), 2);

        assertThat(reply).isEqualTo(new GrantReply.SeedNeeded("2026-03-10", "2026-03", List.of(1)));
    }

    @Test
    void decode_realGrantScript_decided() {
        String prefix = randomPrefix();
        try {
            Response r = join(LuaScript.load("grant").run(redis, List.of(prefix, "g1", "60000000", "0.25", "0", "0",
                    "0", "1", "1", "key:k", "60", "0", "0", "0", "0", "10", "10")));

            GrantReply.Decided d = (GrantReply.Decided) GrantReply.decode(r, 1);

            assertThat(d.status()).isEqualTo(GrantReply.Status.ADMITTED);
            assertThat(d.admitted()).isEqualTo(1);
            assertThat(d.scopes().get(0).rpmRemaining()).isEqualTo(59);
            assertThat(d.scopes().get(0).tpmRemaining()).isEqualTo(-1);
        } finally {
            deleteAll(redis, prefix);
        }
    }

    @Test
    void decode_fewerScopeFieldsThanScopes_clearFailureNotIndexOutOfBounds() {
        Response r = reply("{1, '2026-03-10', '2026-03', 1, 0, 0, 0, '', 5, 0, '17', -1, '0', -1, -1}");

        assertThatThrownBy(() -> GrantReply.decode(r, 2)).isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("grant.lua").hasMessageContaining("15 fields").hasMessageContaining("21");
    }

    @Test
    void decode_unknownStatus_clearFailure() {
        assertThatThrownBy(() -> GrantReply.decode(reply("{7, '2026-03-10'}"), 1))
                .isInstanceOf(MalformedReplyException.class).hasMessageContaining("status").hasMessageContaining("7");
    }

    @Test
    void decode_notANumberWhereOneIsExpected_namesTheField() {
        Response r = reply("{1, '2026-03-10', '2026-03', 'many', 0, 0, 0, '', 5, 0, '17', -1, '0', -1, -1}");

        assertThatThrownBy(() -> GrantReply.decode(r, 1)).isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("admitted").hasMessageContaining("many");
    }

    @Test
    void decode_notATable_clearFailure() {
        assertThatThrownBy(() -> GrantReply.decode(reply("'OK'"), 1)).isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("grant.lua");
        assertThatThrownBy(() -> GrantReply.decode(null, 1)).isInstanceOf(MalformedReplyException.class);
    }

    @Test
    void decode_scopeIndexOutOfRange_clearFailure() {
        assertThatThrownBy(() -> GrantReply.decode(reply("{3, '2026-03-10', '2026-03', 4}"), 2))
                .isInstanceOf(MalformedReplyException.class).hasMessageContaining("scope");
        Response refusedByNoScope = reply("{0, '2026-03-10', '2026-03', 0, 0, 5, 9, 'rpm', 5, 0, '17', -1, '0', -1, -1}");
        assertThatThrownBy(() -> GrantReply.decode(refusedByNoScope, 1)).isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("failedScopeIndex");
    }

    @Test
    void syncReply_appliedOrAlreadyApplied_decoded() {
        assertThat(SyncReply.decode(reply("{1, 2, 'WRONGTYPE x'}"))).isEqualTo(new SyncReply(true, 2, "WRONGTYPE x"));
        assertThat(SyncReply.decode(reply("0"))).isEqualTo(new SyncReply(false, 0, ""));
    }

    @Test
    void syncReply_shortTable_clearFailure() {
        assertThatThrownBy(() -> SyncReply.decode(reply("{1}"))).isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("sync.lua");
    }
}
