package dev.switchyard.registry.health;

import dev.switchyard.registry.Instance;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A probe whose answer per instance the test sets: healthy, failing, or hanging (never answers). */
final class ScriptedProbe implements HealthProbe {
    enum Answer { HEALTHY, FAILING, HANGING }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final AtomicInteger checks = new AtomicInteger();

    void set(String instanceId, Answer answer) {
        answers.put(instanceId, answer);
    }

    int checks() {
        return checks.get();
    }

    @Override
    public Future<Void> check(Instance instance, Duration timeout) {
        checks.incrementAndGet();
        return switch (answers.getOrDefault(instance.id(), Answer.HEALTHY)) {
            case HEALTHY -> Future.succeededFuture();
            case FAILING -> Future.failedFuture(new HttpHealthProbe.ProbeFailure("status 503"));
            case HANGING -> Promise.<Void>promise().future();
        };
    }
}
