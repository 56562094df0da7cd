package dev.switchyard.app;

import dev.switchyard.core.health.DependencySource;
import dev.switchyard.core.health.HealthChecks;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * This process's {@code /health} checks, gathered from the services built here that know their
 * dependencies ({@link DependencySource}): the auth store and auth Redis ({@link AuthServices}), the
 * cache's Redis endpoints (TieredCache), the conversation shards (JdbcConversationService, also through
 * CachedConversations). Services that are not sources (a disabled cache, no conversations) add nothing.
 */
final class AppHealth {
    private AppHealth() {}

    /** Checks of every service in {@code services} that is a {@link DependencySource}; null entries are skipped. */
    static HealthChecks of(Vertx vertx, String instance, List<String> roles, Object... services) {
        List<DependencySource> sources = new ArrayList<>();
        for (Object service : services) {
            if (service instanceof DependencySource source) {
                sources.add(source);
            }
        }
        return HealthChecks.of(vertx, instance, roles, sources);
    }

    /** Under this process's default identity: its instance id, every role. */
    static HealthChecks of(Vertx vertx, Object... services) {
        return of(vertx, ThisProcess.instanceId(), ThisProcess.ALL_ROLES, services);
    }
}
