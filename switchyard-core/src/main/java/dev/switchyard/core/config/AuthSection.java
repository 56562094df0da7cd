package dev.switchyard.core.config;

import dev.switchyard.core.pricing.Price;
import dev.switchyard.core.pricing.PriceTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the {@code auth:} and {@code pricing:} sections of the YAML config. */
final class AuthSection {
    private AuthSection() {}

    static AuthConfig read(Node n) {
        if (!n.present()) {
            return AuthConfig.disabled();
        }
        n.allowOnly(Set.of("enabled", "admin_key", "store", "redis", "on_redis_down", "replicas", "key_refresh",
                "ledger"));
        AuthConfig d = AuthConfig.embedded();
        Node down = n.get("on_redis_down");
        down.allowOnly(Set.of("rate_limits", "budgets"));
        String adminKey = n.get("admin_key").text(null);
        return new AuthConfig(n.get("enabled").bool(true), adminKey == null || adminKey.isBlank() ? null : adminKey,
                store(n.get("store")), redis(n.get("redis")), failMode(down.get("rate_limits"), d.rateLimitsOnRedisDown()),
                failMode(down.get("budgets"), d.budgetsOnRedisDown()), n.get("replicas").integer(1, 1, 10_000),
                n.get("key_refresh").duration(d.keyRefresh()), ledger(n.get("ledger")));
    }

    private static StoreConfig store(Node n) {
        n.allowOnly(Set.of("url", "user", "password", "pool_size", "embedded_dir", "schema"));
        StoreConfig d = StoreConfig.defaults();
        String url = n.get("url").text(null);
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            n.get("url").problem("expected a jdbc:postgresql: URL (leave it out for the embedded store), got '"
                    + url + "'");
            url = null;
        }
        return new StoreConfig(url, n.get("user").text(null), n.get("password").text(null),
                Path.of(n.get("embedded_dir").text(d.embeddedDir().toString())), n.get("pool_size").integer(
                        d.poolSize(), 1, 200), n.get("schema").text(null));
    }

    private static RedisConfig redis(Node n) {
        n.allowOnly(Set.of("url", "timeout", "key_prefix", "breaker"));
        RedisConfig d = RedisConfig.none();
        String url = n.get("url").text(null);
        if (url != null && !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
            n.get("url").problem("expected a redis:// or rediss:// URL, got '" + url.replaceAll("//[^@/]*@", "//<redacted>@")
                    + "'");
            url = null;
        }
        Node b = n.get("breaker");
        b.allowOnly(Set.of("failure_threshold", "open_duration"));
        BreakerConfig breaker = new BreakerConfig(b.get("failure_threshold").integer(d.breaker().failureThreshold(), 1,
                1000), b.get("open_duration").duration(d.breaker().openDuration()), 1);
        return new RedisConfig(url, n.get("timeout").duration(d.timeout()), n.get("key_prefix").text(d.keyPrefix()),
                breaker);
    }

    private static LedgerConfig ledger(Node n) {
        n.allowOnly(Set.of("queue_capacity", "batch_size", "flush_interval", "spill_dir", "spill_after",
                "spill_pending", "shutdown_timeout"));
        LedgerConfig d = LedgerConfig.defaults();
        return new LedgerConfig(n.get("queue_capacity").integer(d.queueCapacity(), 1, 10_000_000),
                n.get("batch_size").integer(d.batchSize(), 1, 100_000), n.get("flush_interval").duration(
                        d.flushInterval()), Path.of(n.get("spill_dir").text(d.spillDir().toString())),
                between(n.get("spill_after"), d.spillAfter(), Duration.ofMillis(10), Duration.ofMinutes(10)),
                n.get("spill_pending").integer(d.spillPending(), 1, 10_000_000),
                between(n.get("shutdown_timeout"), d.shutdownTimeout(), Duration.ZERO, Duration.ofMinutes(10)));
    }

    private static Duration between(Node n, Duration dflt, Duration min, Duration max) {
        Duration d = n.duration(dflt);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            n.problem("must be between " + min.toMillis() + "ms and " + max.toMinutes() + "m, got " + d.toMillis()
                    + "ms");
            return dflt;
        }
        return d;
    }

    private static FailMode failMode(Node n, FailMode dflt) {
        String s = n.text(null);
        if (s == null) {
            return dflt;
        }
        try {
            return FailMode.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            n.problem("expected open or closed, got '" + s + "'");
            return dflt;
        }
    }

    static PriceTable pricing(Node n) {
        Map<String, Price> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.entries()) {
            Node p = e.getValue();
            p.allowOnly(Set.of("input", "output", "cache_write", "cache_read"));
            double input = p.get("input").number(-1, 0);
            double output = p.get("output").number(-1, 0);
            if (input < 0) {
                p.get("input").problem("is required (USD per million input tokens)");
            }
            if (output < 0) {
                p.get("output").problem("is required (USD per million output tokens)");
            }
            overrides.put(e.getKey(), new Price(Math.max(0, input), Math.max(0, output),
                    p.get("cache_write").number(Math.max(0, input) * 1.25, 0),
                    p.get("cache_read").number(Math.max(0, input) * 0.1, 0)));
        }
        return PriceTable.defaultsWith(overrides);
    }
}
