package dev.switchyard.conversation.store;

import dev.switchyard.core.config.ConversationConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the ring at start. The registry on the first configured shard is the truth about membership: a
 * shard added by a reshard is used even if the config still lists the old set, and a shard that appears
 * in the config without a reshard is refused, because its data would not be where the ring says.
 */
final class StoreOpener {
    static final long LOCK_WAIT_MILLIS = 5_000;

    private StoreOpener() {}

    static ShardedConversationStore open(ConversationConfig config, Clock clock) {
        if (config.shards().isEmpty()) {
            throw new IllegalArgumentException("conversation storage needs at least one shard");
        }
        List<ShardStore> opened = new ArrayList<>();
        try {
            ConversationConfig.Shard firstShard = config.shards().get(0);
            ShardStore first = open(firstShard, opened);
            ShardRegistry registry = new ShardRegistry(first, clock);
            List<ShardRegistry.Entry> entries = registered(registry, config);
            List<ShardStore> members = new ArrayList<>();
            for (ShardRegistry.Entry entry : entries) {
                if (entry.state().equals(ShardRegistry.ACTIVE)) {
                    members.add(entry.name().equals(firstShard.name()) ? first
                            : open(configured(config, entry), opened));
                }
            }
            var store = new ShardedConversationStore(ShardedConversationStore.ring(members, config.virtualNodes()),
                    registry, clock, LOCK_WAIT_MILLIS);
            Optional<ShardRegistry.Entry> adding = entries.stream()
                    .filter(entry -> entry.state().equals(ShardRegistry.ADDING)).findFirst();
            if (adding.isPresent()) {
                // A reshard was interrupted: finish it before serving (its copy is idempotent).
                new Resharder(store).addShard(open(configured(config, adding.get()), opened));
            }
            return store;
        } catch (RuntimeException e) {
            opened.forEach(ShardStore::close);
            throw e;
        }
    }

    /** The registry's entries; on a first start, the config's shards, recorded as the ring. */
    private static List<ShardRegistry.Entry> registered(ShardRegistry registry, ConversationConfig config) {
        List<ShardRegistry.Entry> entries = registry.entries();
        if (entries.isEmpty()) {
            for (int i = 0; i < config.shards().size(); i++) {
                registry.put(config.shards().get(i), i, ShardRegistry.ACTIVE);
            }
            return registry.entries();
        }
        Map<String, ShardRegistry.Entry> byName = new LinkedHashMap<>();
        entries.forEach(entry -> byName.put(entry.name(), entry));
        for (ConversationConfig.Shard shard : config.shards()) {
            if (!byName.containsKey(shard.name())) {
                throw new IllegalStateException("conversation shard " + shard.name() + " is in the config but not in"
                        + " the shard registry: a shard joins the ring through addShard, which moves its data");
            }
        }
        return entries;
    }

    /** The config's location (it has the password) when it lists the shard, else the registry's. */
    private static ConversationConfig.Shard configured(ConversationConfig config, ShardRegistry.Entry entry) {
        return config.shards().stream().filter(shard -> shard.name().equals(entry.name())).findFirst()
                .orElse(entry.shard());
    }

    private static ShardStore open(ConversationConfig.Shard shard, List<ShardStore> opened) {
        ShardStore store = ShardStore.open(shard.name(), shard.store());
        opened.add(store);
        return store;
    }
}
