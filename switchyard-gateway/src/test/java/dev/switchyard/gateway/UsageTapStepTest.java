package dev.switchyard.gateway;

import static dev.switchyard.gateway.StepFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class UsageTapStepTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicReference<Usage> usage = new AtomicReference<>();
    final AtomicReference<Long> firstToken = new AtomicReference<>();

    /** Runs the tap in front of an answer streamed or whole; returns what the client got. */
    private String run(boolean stream) throws Exception {
        try (ChainHarness h = new ChainHarness(List.of(whenDone(ex -> {
            usage.set(ex.get(UsageTapStep.USAGE));
            firstToken.set(ex.get(UsageTapStep.FIRST_TOKEN));
        }), new UsageTapStep(new GatewayMeters(registry, m -> m)), ChainTest.answering(stream)))) {
            String body = h.post("{}").body();
            await().until(() -> h.statuses.size() == 1);
            return body;
        }
    }

    @Test
    void response_streamedOrWhole_sameUsage() throws Exception {
        run(true);
        Usage streamed = usage.get();
        run(false);
        Usage whole = usage.get();

        assertThat(streamed.inputTokens).isEqualTo(3);
        assertThat(streamed.outputTokens).isEqualTo(5);
        assertThat(whole).usingRecursiveComparison().isEqualTo(streamed);
    }

    @Test
    void response_wholeMessageParts_usageReadOffTheMessageWithoutBuildingEventData() throws Exception {
        ObjectNode message = ChainTest.parse(ChainTest.MESSAGE);
        Supplier<ObjectNode> unbuilt = () -> {
            throw new IllegalStateException("the usage tap built an event's data");
        };
        // between the tap and the client: the writer then never builds the events' data either
        ResponseStage droppingEveryEvent = new ResponseStage() {
            @Override
            public void event(ResponseEvent event, EventSink next) {}
        };
        EventSource parts = pipeline -> {
            for (String type : List.of("message_start", "message_delta", "message_stop")) {
                pipeline.emit(ResponseEvent.part(type, WholeMessage.of(message), unbuilt));
            }
            pipeline.finish(true);
        };
        try (ChainHarness h = new ChainHarness(List.of(whenDone(ex -> usage.set(ex.get(UsageTapStep.USAGE))),
                ChainTest.stageStep(droppingEveryEvent), new UsageTapStep(new GatewayMeters(registry, m -> m)),
                ex -> Future.succeededFuture(Response.events(parts, true))))) {
            h.post("{}");
            await().until(() -> h.statuses.size() == 1);
        }

        assertThat(usage.get().inputTokens).isEqualTo(3);
        assertThat(usage.get().outputTokens).isEqualTo(5);
    }

    @Test
    void response_streamed_firstTokenSetAndTimed() throws Exception {
        run(true);

        assertThat(firstToken.get()).isNotNull();
        assertThat(registry.find(GatewayMetrics.TIME_TO_FIRST_TOKEN).timer()).isNotNull()
                .satisfies(t -> assertThat(t.count()).isEqualTo(1));
    }

    @Test
    void response_whole_noFirstToken() throws Exception {
        run(false);

        assertThat(usage.get().outputTokens).isEqualTo(5);
        assertThat(firstToken.get()).isNull();
        assertThat(registry.find(GatewayMetrics.TIME_TO_FIRST_TOKEN).timer()).isNull();
    }

    @Test
    void response_whole_passesUnchangedSoTheClientGetsTheOriginalBytes() throws Exception {
        assertThat(run(false)).isEqualTo(ChainTest.MESSAGE);
    }
}
