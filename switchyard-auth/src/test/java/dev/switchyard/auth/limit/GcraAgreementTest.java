package dev.switchyard.auth.limit;

import static dev.switchyard.auth.limit.LimitTestSupport.SHARED_REDIS;
import static dev.switchyard.auth.limit.LimitTestSupport.deleteAll;
import static dev.switchyard.auth.limit.LimitTestSupport.join;
import static dev.switchyard.auth.limit.LimitTestSupport.tenantKey;
import static dev.switchyard.auth.limit.LimitTestSupport.randomPrefix;
import static dev.switchyard.auth.limit.LimitTestSupport.request;
import static dev.switchyard.auth.limit.LimitTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.Quota;
import dev.switchyard.core.pricing.PriceTable;
import dev.switchyard.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rate algorithm (GCRA) exists twice: in grant.lua, which decides while Redis is up, and in
 * {@link LocalLimiter}, which decides without Redis and as the fallback. Both run the same sequences of
 * (time, cost) requests against the same limit here, and every admit or refuse, retry-after and remaining
 * count must agree.
 *
 * <p>Same timeline: the script reads Redis TIME, which a test cannot move. It runs here as the exact text
 * production sends ({@link LuaScript#text}), with its one {@code redis.call('TIME')} replaced by the two
 * KEYS of the EVAL (seconds, microseconds): nothing else of the script changes, and the Java side gets the
 * same instants through a {@link MutableClock}. After each call the test drops the keys' TTL: they expire
 * on Redis's real clock, which this virtual timeline does not follow (the TTL only collects keys whose
 * time has passed, it takes no part in a decision).
 */
class GcraAgreementTest {
    private static final String TIME_CALL = "redis.call('TIME')";
    private static final Instant START = Instant.parse("2026-03-10T12:00:00Z");
    /** Lua's retry is truncated to whole microseconds, its stored arrival times rounded: well under this. */
    private static final long TOLERANCE_MICROS = 2_000;

    private static Vertx vertx;
    private static Redis redis;
    private static String script;
    private final MutableClock clock = new MutableClock(START);
    private AdmissionControl limiter;
    private String prefix;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, SHARED_REDIS);
        String text = LuaScript.load("grant").text();
        // Exactly one clock read: if the script ever reads the time elsewhere, this test must be revisited.
        assertThat(text.split(Pattern.quote(TIME_CALL), -1)).hasSize(2);
        script = text.replace(TIME_CALL, "{KEYS[1], KEYS[2]}");
    }

    @AfterAll
    static void stop() {
        join(redis.close());
        join(vertx.close());
    }

    @BeforeEach
    void fresh() {
        prefix = randomPrefix();
        limiter = LocalLimiter.local(vertx, PriceTable.defaultTable(), SpendSource.NONE, clock, new SimpleMeterRegistry());
    }

    @AfterEach
    void cleanUp() {
        deleteAll(redis, prefix);
    }

    @Test
    void burstAtOneInstant_bothAdmitTheWindowAndRefuseTheRest() {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            steps.add(new Step(0, 1));
        }
        List<Boolean> admitted = run(new Quota(10, 0, 0, 0, 0), steps);
        assertThat(admitted.stream().filter(a -> a).count()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(longs = {9_000_000, 9_900_000, 10_000_000, 10_100_000, 11_000_000})
    void steadyRateAroundTheLimit_bothDecideAlike(long everyMicros) {
        // rpm 6: one request per 10 s; a rate above it drains the burst, then every other request waits.
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            steps.add(new Step(i == 0 ? 0 : everyMicros, 1));
        }
        List<Boolean> admitted = run(new Quota(6, 0, 0, 0, 0), steps);
        if (everyMicros >= 10_000_000) {
            assertThat(admitted).doesNotContain(false);
        } else if (everyMicros <= 9_000_000) {
            assertThat(admitted).contains(false); // 1 s short a request: the 60 s burst is gone after 60
        }
    }

    @Test
    void gapsLongerThanTheWindow_bothStartFromAFullBucket() {
        List<Step> steps = new ArrayList<>();
        for (long gap : new long[] {0, 61_000_000, 200_000_000, 60_000_000}) {
            steps.add(new Step(gap, 1));
            for (int i = 0; i < 7; i++) {
                steps.add(new Step(0, 1));
            }
        }
        List<Boolean> admitted = run(new Quota(5, 0, 0, 0, 0), steps);
        assertThat(admitted.stream().filter(a -> a).count()).isEqualTo(20);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void tokensPerMinute_costsOfVaryingSize_bothDecideAlike(long seed) {
        // Costs up to 1.5 times the whole minute: a request bigger than the window passes on a full bucket.
        Random r = new Random(seed);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            steps.add(new Step(r.nextInt(4) == 0 ? 0 : r.nextLong(20_000_000), 1 + r.nextInt(1_500)));
        }
        List<Boolean> admitted = run(new Quota(0, 1_000, 0, 0, 0), steps);
        assertThat(admitted).contains(true, false);
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 6, 7})
    void requestsAndTokensTogether_randomSequence_bothDecideAlike(long seed) {
        Random r = new Random(seed);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            steps.add(new Step(r.nextInt(3) == 0 ? 0 : r.nextLong(3_000_000), r.nextInt(400)));
        }
        List<Boolean> admitted = run(new Quota(30, 5_000, 0, 0, 0), steps);
        assertThat(admitted).contains(true, false);
    }

    @ParameterizedTest
    @ValueSource(longs = {8, 9})
    void keyAndTenantLimits_randomSequence_bothRefuseOnTheLongestWait(long seed) {
        // The key's limits and its tenant's: a request must fit both, the refusal names the longest wait.
        Random r = new Random(seed);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            steps.add(new Step(r.nextInt(3) == 0 ? 0 : r.nextLong(2_000_000), r.nextInt(300)));
        }
        List<Boolean> admitted = run(new Quota(40, 3_000, 0, 0, 0), new Quota(25, 6_000, 0, 0, 0), steps);
        assertThat(admitted).contains(true, false);
    }

    /** One request: the time since the previous one, and its estimated tokens. */
    private record Step(long afterMicros, long tokens) {}

    /** One scope's rates as grant.lua reports them. */
    private record LuaRates(long rpmRemaining, long rpmReset, long tpmRemaining, long tpmReset) {}

    /** What grant.lua answered, decoded by name (see the reply layout in grant.lua). */
    private record LuaDecision(int status, long retryMicros, long now, List<LuaRates> scopes) {
        static LuaDecision of(Response r, int scopes) {
            List<LuaRates> rates = new ArrayList<>();
            for (int i = 0; i < scopes; i++) {
                int b = 9 + 6 * i;
                rates.add(new LuaRates(r.get(b).toLong(), Long.parseLong(r.get(b + 1).toString()),
                        r.get(b + 2).toLong(), Long.parseLong(r.get(b + 3).toString())));
            }
            return new LuaDecision(r.get(0).toInteger(), r.get(5).toLong(), r.get(8).toLong(), rates);
        }

        boolean admitted() {
            return status == 1;
        }
    }

    /** The Java decision: admitted or refused, with the rate headers either way. */
    private record JavaDecision(boolean admitted, Duration retryAfter, Map<String, String> headers) {}

    /** Runs both on the steps and asserts each decision agrees; returns the decisions. */
    private List<Boolean> run(Quota quota, List<Step> steps) {
        return run(quota, Quota.UNLIMITED, steps);
    }

    private List<Boolean> run(Quota keyQuota, Quota tenantQuota, List<Step> steps) {
        List<Scope> scopes = Scope.of(tenantKey("k", "t", keyQuota, tenantQuota));
        List<Boolean> decisions = new ArrayList<>();
        long now = micros(START);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            now += s.afterMicros();
            clock.set(Instant.EPOCH.plus(now, ChronoUnit.MICROS));
            LuaDecision lua = lua(scopes, now, s.tokens());
            JavaDecision local = local(keyQuota, tenantQuota, s.tokens());
            String at = "step " + i + " " + s + "; lua " + lua + ", java " + local;
            assertThat(lua.now()).as(at).isEqualTo(now);
            assertThat(local.admitted()).as(at).isEqualTo(lua.admitted());
            if (!lua.admitted()) {
                assertThat(lua.status()).as(at).isZero();
                assertThat(local.retryAfter().toNanos() / 1_000).as(at)
                        .isCloseTo(lua.retryMicros(), within(TOLERANCE_MICROS));
            }
            int rpmShown = RateHeaders.shownScope(scopes, false);
            if (rpmShown >= 0) {
                LuaRates shown = lua.scopes().get(rpmShown);
                agree(at, local.headers(), "requests", shown.rpmRemaining(), shown.rpmReset());
            }
            int tpmShown = RateHeaders.shownScope(scopes, true);
            if (tpmShown >= 0) {
                LuaRates shown = lua.scopes().get(tpmShown);
                agree(at, local.headers(), "tokens", shown.tpmRemaining(), shown.tpmReset());
            }
            decisions.add(lua.admitted());
        }
        return decisions;
    }

    private static void agree(String at, Map<String, String> headers, String kind, long remaining, long resetMicros) {
        assertThat(Long.parseLong(headers.get(RateHeaders.PREFIX + kind + "-remaining"))).as(at + " " + kind)
                .isEqualTo(remaining);
        // The header shows the reset rounded up to the second; Lua reports the arrival time itself.
        long shown = Instant.parse(headers.get(RateHeaders.PREFIX + kind + "-reset")).getEpochSecond();
        assertThat(shown).as(at + " " + kind).isBetween(resetMicros / 1_000_000, resetMicros / 1_000_000 + 1);
    }

    /** grant.lua for one request, no credit asked (units 0), no concurrency or budget limits. */
    private LuaDecision lua(List<Scope> scopes, long nowMicros, long tokens) {
        Request cmd = Request.cmd(Command.EVAL).arg(script).arg(2)
                .arg(Long.toString(nowMicros / 1_000_000)).arg(Long.toString(nowMicros % 1_000_000));
        List<String> args = new ArrayList<>(List.of(prefix, "g-1", "900000000", "0.25", "0", "0", "0",
                Integer.toString(scopes.size()), "1"));
        for (Scope s : scopes) {
            args.addAll(List.of(s.name(), Long.toString(s.quota().requestsPerMinute()),
                    Long.toString(s.quota().tokensPerMinute()), "0", "0", "0"));
        }
        args.addAll(List.of(Long.toString(tokens), "0"));
        args.forEach(cmd::arg);
        LuaDecision d = LuaDecision.of(join(redis.send(cmd)), scopes.size());
        // The keys expire on Redis's real clock, not on this test's timeline (see the class comment).
        for (Scope s : scopes) {
            send(redis, Command.PERSIST, prefix + "rl:rpm:" + s.name());
            send(redis, Command.PERSIST, prefix + "rl:tpm:" + s.name());
        }
        return d;
    }

    private JavaDecision local(Quota keyQuota, Quota tenantQuota, long tokens) {
        Future<Admission> f = limiter.admit(tenantKey("k", "t", keyQuota, tenantQuota), request(tokens, 1));
        try {
            Admission a = f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return new JavaDecision(true, Duration.ZERO, a.headers());
        } catch (ExecutionException e) {
            RateLimitedException refused = (RateLimitedException) e.getCause();
            return new JavaDecision(false, refused.retryAfter(), refused.headers());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }
}
