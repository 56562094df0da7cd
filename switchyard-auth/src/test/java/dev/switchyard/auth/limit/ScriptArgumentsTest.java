package dev.switchyard.auth.limit;

import static dev.switchyard.auth.limit.LimitTestSupport.SHARED_REDIS;
import static dev.switchyard.auth.limit.LimitTestSupport.deleteAll;
import static dev.switchyard.auth.limit.LimitTestSupport.failure;
import static dev.switchyard.auth.limit.LimitTestSupport.join;
import static dev.switchyard.auth.limit.LimitTestSupport.randomPrefix;
import static dev.switchyard.auth.limit.LimitTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Quota;
import dev.switchyard.core.config.FailMode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.pricing.PriceTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every limit script checks its arguments before its first write: an absurd one (a reservation past what
 * the arithmetic holds, inf, nan, a fraction) is refused whole, with nothing written, and the Java side
 * sees a {@link ScriptArgumentException} naming it. Before, an absurd reservation failed inside grant.lua
 * after the concurrency lease was written, leaking it. Runs the scripts on the machine's Redis.
 */
class ScriptArgumentsTest {
    private static Vertx vertx;
    private static Redis redis;
    private String prefix;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, SHARED_REDIS);
    }

    @AfterAll
    static void stopVertx() {
        join(redis.close());
        join(vertx.close());
    }

    @BeforeEach
    void newPrefix() {
        prefix = randomPrefix();
    }

    @AfterEach
    void cleanUp() {
        deleteAll(redis, prefix);
    }

    /** One scope with a concurrency limit, rpm, tpm and both budgets; two requests, the second as given. */
    private List<String> grant(String estimatedTokens, String worstMicros) {
        return new ArrayList<>(List.of(prefix, "g-1", "900000000", "0.25", "0", "0", "0", "1", "2",
                "key:k", "100", "100000", "5", "10000000", "100000000",
                "10", "500", estimatedTokens, worstMicros));
    }

    private void seedBudgets() {
        send(redis, Command.HSET, prefix + "spend:key:k:d:" + today(), "spent", "0", "reserved", "0");
        send(redis, Command.HSET, prefix + "spend:key:k:m:" + today().substring(0, 7), "spent", "0", "reserved", "0");
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Response k : send(redis, Command.KEYS, prefix + "*")) {
            keys.add(k.toString());
        }
        return keys;
    }

    @Test
    void grant_absurdReservation_refusedAndNoLeaseRateOrReservationWritten() {
        seedBudgets();
        // 1e20 micro-USD: before the check, HINCRBY refused it after the lease and the rates were written.
        Throwable e = failure(LuaScript.load("grant").run(redis, grant("10", "100000000000000000000")));

        assertThat(e).isInstanceOf(ScriptArgumentException.class).hasMessageContaining("worstMicros");
        assertThat(keys()).containsExactlyInAnyOrder(prefix + "spend:key:k:d:" + today(),
                prefix + "spend:key:k:m:" + today().substring(0, 7));
        assertThat(send(redis, Command.HGET, prefix + "spend:key:k:d:" + today(), "reserved").toLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"inf", "-inf", "nan", "1e999", "-1", "1.5", "", "x", "0x7fffffffffffffff"})
    void grant_nonFiniteNegativeFractionalOrHugeArgument_refusedAndNothingWritten(String value) {
        Throwable tokens = failure(LuaScript.load("grant").run(redis, grant(value, "500")));
        Throwable worst = failure(LuaScript.load("grant").run(redis, grant("10", value)));

        assertThat(tokens).isInstanceOf(ScriptArgumentException.class).hasMessageContaining("estimatedTokens");
        assertThat(worst).isInstanceOf(ScriptArgumentException.class).hasMessageContaining("worstMicros");
        assertThat(keys()).isEmpty();
    }

    @Test
    void grant_wrongArgumentCount_refused() {
        List<String> args = grant("10", "500");
        args.remove(args.size() - 1);

        assertThat(failure(LuaScript.load("grant").run(redis, args))).isInstanceOf(ScriptArgumentException.class)
                .hasMessageContaining("argument count");
        assertThat(keys()).isEmpty();
    }

    @Test
    void grant_sameArgumentsInRange_stillAdmits() {
        seedBudgets();
        Response r = join(LuaScript.load("grant").run(redis, grant("10", "500")));

        assertThat(r.get(0).toInteger()).isEqualTo(1);
        assertThat(r.get(3).toInteger()).isEqualTo(2);
    }

    @Test
    void sync_nanTokenDelta_refusedBeforeItsOnceMarkerSoACorrectedBatchStillApplies() {
        send(redis, Command.HSET, prefix + "spend:key:once:d:" + today(), "spent", "0", "reserved", "500");
        List<String> args = new ArrayList<>(List.of(prefix, "replica-s1", "600", "1",
                "1", today(), today().substring(0, 7), "0", "nan", "120", "500", "0",
                "key:once", "0", "10", "0", "1", "0"));
        LuaScript sync = LuaScript.load("sync");

        assertThat(failure(sync.run(redis, args))).isInstanceOf(ScriptArgumentException.class)
                .hasMessageContaining("tokenDelta");
        assertThat(send(redis, Command.EXISTS, prefix + "sync:replica-s1").toInteger()).isZero();

        args.set(8, "0");
        SyncReply reply = SyncReply.decode(join(sync.run(redis, args)));
        assertThat(reply.applied()).isTrue();
        assertThat(reply.failedScopes()).isZero();
        assertThat(send(redis, Command.HGET, prefix + "spend:key:once:d:" + today(), "spent").toLong()).isEqualTo(120);
    }

    @Test
    void seed_spentNotPlainDigits_refusedAndNoCounterCreated() {
        Throwable e = failure(LuaScript.load("seed").run(redis, List.of(prefix, today(), today().substring(0, 7),
                "259200", "2851200", "1", "key:k", "1e3", "0")));

        assertThat(e).isInstanceOf(ScriptArgumentException.class).hasMessageContaining("daySpent");
        assertThat(keys()).isEmpty();
    }

    @Test
    void reconcile_infiniteMicros_refusedAndCounterUnchanged() {
        send(redis, Command.HSET, prefix + "spend:key:k:d:" + today(), "spent", "7", "reserved", "0");
        Throwable e = failure(LuaScript.load("reconcile").run(redis, List.of(prefix, "key:k", today(),
                today().substring(0, 7), "1e999")));

        assertThat(e).isInstanceOf(ScriptArgumentException.class).hasMessageContaining("micros");
        assertThat(send(redis, Command.HGET, prefix + "spend:key:k:d:" + today(), "spent").toLong()).isEqualTo(7);
    }

    @Test
    void admit_maxTokensBeyondAnyReservation_invalidRequestAndNothingWrittenOrFallenBackTo() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisAdmissionControl control = new RedisAdmissionControl(vertx, LimitTestSupport.config(SHARED_REDIS, prefix,
                Duration.ofSeconds(2), 5, Duration.ofSeconds(5)), FailMode.CLOSED, FailMode.CLOSED, 1,
                PriceTable.defaultTable(), SpendSource.NONE, Clock.systemUTC(), registry);
        try {
            var who = LimitTestSupport.key("k", new Quota(100, 0, 5, 0, 0));
            for (long maxTokens : new long[] {Long.MAX_VALUE, 1L << 40, -1}) {
                Throwable e = failure(control.admit(who, new AdmissionRequest("r", LimitTestSupport.MODEL, 10,
                        maxTokens)));
                assertThat(e).isInstanceOfSatisfying(ApiException.class,
                        a -> assertThat(a.type()).isEqualTo(ErrorType.INVALID_REQUEST));
            }
            assertThat(keys()).isEmpty();
            assertThat(registry.find(LimitMetrics.FALLBACK).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
        } finally {
            join(control.close());
        }
    }
}
