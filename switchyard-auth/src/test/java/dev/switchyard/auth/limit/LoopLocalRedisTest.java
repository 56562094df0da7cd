package dev.switchyard.auth.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopLocalRedisTest {
    @Test
    void send_manyRequestsOnOneEventLoop_oneConnectionAnswersAllOnThatLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        LoopLocalRedis redis = new LoopLocalRedis(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:6379"));
        try {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            Promise<List<Response>> all = Promise.promise();
            ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
            loop.runOnContext(v -> {
                List<Future<Response>> sent = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    // As an HTTP server runs each request: on a duplicate of the loop's context.
                    ContextInternal request = loop.duplicate();
                    request.runOnContext(w -> sent.add(redis.send(Request.cmd(Command.PING))
                            .andThen(ar -> threads.add(Thread.currentThread().getName()))));
                }
                loop.runOnContext(w -> Future.all(sent).map(cf -> cf.<Response>list()).onComplete(all));
            });
            List<Response> answers = all.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(answers).hasSize(200).allSatisfy(r -> assertThat(r.toString()).isEqualTo("PONG"));
            assertThat(threads).hasSize(1);
            assertThat(redis.connections()).as("one per event loop, not one per request").isEqualTo(1);
            assertThat(threads.iterator().next()).startsWith("vert.x-eventloop-thread-");
        } finally {
            redis.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
