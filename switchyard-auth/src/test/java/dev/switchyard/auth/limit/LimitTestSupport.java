package dev.switchyard.auth.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.RedisConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the limit tests. Every test uses its own random key prefix and deletes it after. */
final class LimitTestSupport {
    static final String SHARED_REDIS = "redis://127.0.0.1:6379";
    static final String MODEL = "claude-sonnet-4-5";

    private LimitTestSupport() {}

    static String randomPrefix() {
        return "test:limits:" + UUID.randomUUID() + ":";
    }

    static RedisConfig config(String url, String prefix, Duration timeout, int failures, Duration open) {
        return new RedisConfig(url, timeout, prefix, new BreakerConfig(failures, open, 1));
    }

    static Principal key(String keyId, Quota quota) {
        return new Principal(keyId, "tenant-" + keyId, null, null, Set.of(), quota, Quota.UNLIMITED);
    }

    static Principal tenantKey(String keyId, String tenantId, Quota keyQuota, Quota tenantQuota) {
        return new Principal(keyId, tenantId, null, null, Set.of(), keyQuota, tenantQuota);
    }

    static Quota rpm(long n) {
        return new Quota(n, 0, 0, 0, 0);
    }

    static AdmissionRequest request(long inputTokens, long maxTokens) {
        return new AdmissionRequest(UUID.randomUUID().toString(), MODEL, inputTokens, maxTokens);
    }

    static <T> T join(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, failed with " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Throwable failure(Future<?> f) {
        try {
            Object v = f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Response send(Redis redis, Command cmd, Object... args) {
        return join(redis.send(Request.cmd(cmd, args)));
    }

    /** Redis's own clock, in microseconds: the time the scripts use. */
    static long redisMicros(Redis redis) {
        Response t = send(redis, Command.TIME);
        return t.get(0).toLong() * 1_000_000L + t.get(1).toLong();
    }

    static void deleteAll(Redis redis, String prefix) {
        String cursor = "0";
        do {
            Response r = send(redis, Command.SCAN, cursor, "MATCH", prefix + "*", "COUNT", "1000");
            cursor = r.get(0).toString();
            for (Response k : r.get(1)) {
                send(redis, Command.DEL, k.toString());
            }
        } while (!cursor.equals("0"));
    }

    static double fallbacks(MeterRegistry registry, String control, String mode) {
        var c = registry.find(LimitMetrics.FALLBACK).tag(LimitMetrics.CONTROL, control).tag(LimitMetrics.MODE, mode)
                .counter();
        return c == null ? 0 : c.count();
    }

    static Instant assertRfc3339(String value) {
        assertThat(value).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
        return Instant.parse(value);
    }
}
