package dev.switchyard.core.config;

import dev.switchyard.cache.CacheKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code cache:} and {@code conversations:} sections of the YAML config. */
final class CacheSection {
    private CacheSection() {}

    static CacheConfig cache(Node n) {
        if (!n.present()) {
            return CacheConfig.disabled();
        }
        n.allowOnly(Set.of("enabled", "l1_max_size", "ttl", "redis_nodes", "redis_cluster", "virtual_nodes", "timeout",
                "key_prefix", "breaker", "compress_above", "deterministic"));
        CacheConfig d = CacheConfig.l1Only();
        Node ttl = n.get("ttl");
        Set<String> kinds = new HashSet<>();
        for (CacheKind k : CacheKind.values()) {
            kinds.add(k.configName());
        }
        ttl.allowOnly(kinds);
        Map<CacheKind, Duration> ttls = new EnumMap<>(CacheKind.class);
        for (CacheKind k : CacheKind.values()) {
            ttls.put(k, ttl.get(k.configName()).duration(k.defaultTtl()));
        }
        Node b = n.get("breaker");
        b.allowOnly(Set.of("failure_threshold", "open_duration"));
        BreakerConfig breaker = new BreakerConfig(b.get("failure_threshold").integer(d.breaker().failureThreshold(), 1,
                1000), b.get("open_duration").duration(d.breaker().openDuration()), 1);
        List<String> nodes = redisUrls(n.get("redis_nodes"));
        List<String> cluster = redisUrls(n.get("redis_cluster"));
        if (!nodes.isEmpty() && !cluster.isEmpty()) {
            n.problem("set redis_nodes or redis_cluster, not both");
        }
        return new CacheConfig(n.get("enabled").bool(true), n.get("l1_max_size").bytes(d.l1MaxBytes()), ttls, nodes,
                cluster, n.get("virtual_nodes").integer(d.virtualNodes(), 1, 10_000), n.get("timeout").duration(
                        d.timeout()), n.get("key_prefix").text(d.keyPrefix()), breaker,
                (int) Math.min(Integer.MAX_VALUE, n.get("compress_above").bytes(d.compressAboveBytes())),
                n.get("deterministic").bool(false));
    }

    static ConversationConfig conversations(Node n) {
        if (!n.present()) {
            return ConversationConfig.disabled();
        }
        n.allowOnly(Set.of("enabled", "virtual_nodes", "shards", "max_profile_bytes"));
        List<ConversationConfig.Shard> shards = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node s : n.get("shards").list()) {
            s.allowOnly(Set.of("name", "url", "user", "password", "schema", "pool_size", "embedded_dir"));
            String name = s.get("name").text(null);
            if (name == null || name.isBlank()) {
                s.get("name").problem("is required (it decides the shard's place on the ring: never rename a shard)");
                continue;
            }
            if (!names.add(name)) {
                s.get("name").problem("duplicate shard name '" + name + "'");
            }
            String url = s.get("url").text(null);
            if (url != null && !url.startsWith("jdbc:postgresql:")) {
                s.get("url").problem("expected a jdbc:postgresql: URL, got '" + url + "'");
            }
            shards.add(new ConversationConfig.Shard(name, new StoreConfig(url, s.get("user").text(null),
                    s.get("password").text(null), Path.of(s.get("embedded_dir").text("data")),
                    s.get("pool_size").integer(4, 1, 200), s.get("schema").text(null))));
        }
        if (shards.isEmpty()) {
            n.get("shards").problem("list at least one shard");
        }
        return new ConversationConfig(n.get("enabled").bool(true), shards, n.get("virtual_nodes").integer(100, 1,
                10_000), maxProfileBytes(n.get("max_profile_bytes")));
    }

    private static int maxProfileBytes(Node n) {
        long size = n.bytes(ConversationConfig.DEFAULT_MAX_PROFILE_BYTES);
        if (size < 1 || size > ConversationConfig.MAX_PROFILE_BYTES_LIMIT) {
            n.problem("expected a size from 1 byte to 16MB, got " + size);
            return ConversationConfig.DEFAULT_MAX_PROFILE_BYTES;
        }
        return (int) size;
    }

    private static List<String> redisUrls(Node n) {
        List<String> urls = new ArrayList<>();
        for (Node u : n.list()) {
            String url = u.text("");
            if (!(url.startsWith("redis://") || url.startsWith("rediss://"))) {
                u.problem("expected a redis:// or rediss:// URL, got '" + url.replaceAll("//[^@/]*@", "//<redacted>@")
                        + "'");
            } else {
                urls.add(url);
            }
        }
        return urls;
    }
}
