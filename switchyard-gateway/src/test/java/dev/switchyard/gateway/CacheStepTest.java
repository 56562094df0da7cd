package dev.switchyard.gateway;

import static dev.switchyard.gateway.StepFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CacheService;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CacheStepTest {
    /** A cache in a map; counts what is stored. */
    static final class MemoryCache implements CacheService {
        final Map<String, byte[]> entries = new ConcurrentHashMap<>();
        final AtomicInteger puts = new AtomicInteger();

        @Override
        public Future<byte[]> get(CacheKind kind, String tenant, String key) {
            return Future.succeededFuture(entries.get(kind + "|" + tenant + "|" + key));
        }

        @Override
        public Future<Void> put(CacheKind kind, String tenant, String key, byte[] value) {
            puts.incrementAndGet();
            entries.put(kind + "|" + tenant + "|" + key, value);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> delete(CacheKind kind, String tenant, String key) {
            entries.remove(kind + "|" + tenant + "|" + key);
            return Future.succeededFuture();
        }

        @Override
        public Future<Long> purgeTenant(String tenant) {
            return Future.succeededFuture(0L);
        }
    }

    final MemoryCache cache = new MemoryCache();
    final AtomicInteger upstreamCalls = new AtomicInteger();
    final List<String> stageSaw = new CopyOnWriteArrayList<>();

    /** Counts its calls, then answers as the given step does. */
    private Step upstream(Step answer) {
        return ex -> {
            upstreamCalls.incrementAndGet();
            return answer.request(ex);
        };
    }

    /** A stage in front of the cache, as the content filter is: logs and upper-cases the text it sees. */
    private Step earlierStage() {
        Step upper = ChainTest.upperCasing();
        return ChainTest.stageStep(new ResponseStage() {
            @Override
            public void event(ResponseEvent event, EventSink next) {
                stageSaw.add(event.type());
                upper.response(null).event(event, next);
            }
        });
    }

    private ChainHarness harness(boolean stream, Step answer, Step before) throws Exception {
        String body = stream ? BODY.replaceFirst("\\{", "{\"stream\":true,") : BODY;
        return new ChainHarness(List.of(given(principal(), body), before, new CacheStep(cache, false), upstream(answer)));
    }

    private HttpResponse<String> post(ChainHarness h, String cacheHeader) throws Exception {
        HttpRequest.Builder b = h.request().POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (cacheHeader != null) {
            b.header(CacheStep.HEADER, cacheHeader);
        }
        int before = h.statuses.size();
        HttpResponse<String> r = h.send(b.build());
        await().until(() -> h.statuses.size() == before + 1);
        return r;
    }

    private ObjectNode stored() {
        assertThat(cache.entries).hasSize(1);
        return json(new String(cache.entries.values().iterator().next(), StandardCharsets.UTF_8));
    }

    @Test
    void request_firstAskingForTheCache_missGoesOnAndTheCompleteAnswerIsStoredOnce() throws Exception {
        try (ChainHarness h = harness(false, ChainTest.answering(false), doing(ex -> {}))) {
            HttpResponse<String> r = post(h, "use");

            assertThat(r.headers().firstValue(CacheStep.HEADER)).hasValue("miss");
            assertThat(r.body()).isEqualTo(ChainTest.MESSAGE);
            assertThat(upstreamCalls).hasValue(1);
            assertThat(cache.puts).hasValue(1);
            assertThat(stored()).isEqualTo(json(ChainTest.MESSAGE));
        }
    }

    @Test
    void request_secondIdentical_hitServedWithoutCallingTheNextStep() throws Exception {
        try (ChainHarness h = harness(false, ChainTest.answering(false), doing(ex -> {}))) {
            post(h, "use");
            HttpResponse<String> r = post(h, "use");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue(CacheStep.HEADER)).hasValue("hit");
            assertThat(json(r.body())).isEqualTo(json(ChainTest.MESSAGE));
            assertThat(upstreamCalls).hasValue(1);
            assertThat(cache.puts).hasValue(1);
        }
    }

    @Test
    void request_secondIdenticalStreamed_hitReplayedAsAnEventStream() throws Exception {
        try (ChainHarness h = harness(true, ChainTest.answering(true), doing(ex -> {}))) {
            HttpResponse<String> miss = post(h, "use");
            HttpResponse<String> hit = post(h, "use");

            assertThat(miss.headers().firstValue(CacheStep.HEADER)).hasValue("miss");
            assertThat(stored()).isEqualTo(json(ChainTest.MESSAGE));
            assertThat(hit.headers().firstValue(CacheStep.HEADER)).hasValue("hit");
            assertThat(hit.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/event-stream"));
            assertThat(hit.body()).contains("event: message_start", "Hello there").endsWith(
                    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            assertThat(upstreamCalls).hasValue(1);
        }
    }

    @Test
    void request_notAskingForTheCache_neitherLookedUpNorStored() throws Exception {
        try (ChainHarness h = harness(false, ChainTest.answering(false), doing(ex -> {}))) {
            HttpResponse<String> r = post(h, null);
            post(h, null);

            assertThat(r.headers().firstValue(CacheStep.HEADER)).isEmpty();
            assertThat(upstreamCalls).hasValue(2);
            assertThat(cache.puts).hasValue(0);
        }
    }

    @Test
    void response_streamCutBeforeMessageStop_notStored() throws Exception {
        try (ChainHarness h = harness(true, cutStream(), doing(ex -> {}))) {
            HttpResponse<String> r = post(h, "use");

            assertThat(r.body()).contains("Hello there").contains("event: error").doesNotContain("event: message_stop");
            assertThat(cache.puts).hasValue(0);
            HttpResponse<String> again = post(h, "use");
            assertThat(again.headers().firstValue(CacheStep.HEADER)).hasValue("miss");
            assertThat(upstreamCalls).hasValue(2);
        }
    }

    @Test
    void response_streamFailsAfterMessageStop_notStored() throws Exception {
        try (ChainHarness h = harness(true, failingAfter(true), doing(ex -> {}))) {
            HttpResponse<String> r = post(h, "use");

            assertThat(r.body()).contains("event: message_stop").endsWith("\n\n").contains("event: error");
            assertThat(cache.puts).hasValue(0);
        }
    }

    @Test
    void hit_earlierStepsStageSeesTheReplayedEvents() throws Exception {
        try (ChainHarness h = harness(false, ChainTest.answering(false), earlierStage())) {
            HttpResponse<String> miss = post(h, "use");
            List<String> onMiss = new ArrayList<>(stageSaw);
            stageSaw.clear();
            HttpResponse<String> hit = post(h, "use");

            assertThat(stageSaw).isEqualTo(onMiss).contains("message_start", "content_block_delta", "message_stop");
            // the stage's change reaches the client on a hit too, while the cache keeps the upstream's answer
            assertThat(json(hit.body()).path("content").get(0).path("text").asText()).isEqualTo("HELLO THERE");
            assertThat(json(miss.body()).path("content").get(0).path("text").asText()).isEqualTo("HELLO THERE");
            assertThat(stored().path("content").get(0).path("text").asText()).isEqualTo("Hello there");
        }
    }

    /** A stream that stops after the content, without message_delta or message_stop, as a cut connection does. */
    private static Step cutStream() {
        return failingAfter(false);
    }

    /**
     * A stream that fails after its events: before message_delta (cut), or after all of them, message_stop
     * included (the connection reset before the stream's end).
     */
    private static Step failingAfter(boolean allEvents) {
        return ex -> Future.succeededFuture(Response.events(pipeline -> {
            for (ResponseEvent e : MessageEvents.of(WholeMessage.of(json(ChainTest.MESSAGE)))) {
                if (!allEvents && e.type().equals("message_delta")) {
                    break;
                }
                pipeline.emit(e);
            }
            pipeline.flush();
            pipeline.fail(new ApiException(ErrorType.API, "upstream ended the stream before message_stop"));
        }, true));
    }
}
