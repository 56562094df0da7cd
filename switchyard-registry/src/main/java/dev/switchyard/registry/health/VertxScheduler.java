package dev.switchyard.registry.health;

import io.vertx.core.Vertx;
import java.time.Duration;

/** {@link Scheduler} on Vert.x timers. */
public final class VertxScheduler implements Scheduler {
    private final Vertx vertx;

    public VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Runnable schedule(Duration delay, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
