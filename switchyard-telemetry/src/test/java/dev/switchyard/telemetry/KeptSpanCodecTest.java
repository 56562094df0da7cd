package dev.switchyard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeptSpanCodecTest {
    private static final Attributes EVERY_TYPE = Attributes.builder()
            .put(AttributeKey.stringKey("gen_ai.request.model"), "claude-sonnet-4-6")
            .put(AttributeKey.longKey("http.response.status_code"), 529L)
            .put(AttributeKey.doubleKey("switchyard.cost_usd"), 0.0125)
            .put(AttributeKey.booleanKey("switchyard.cache_hit"), true)
            .put(AttributeKey.stringKey("note"), "naïve ☃ 東京")
            .build();

    private static KeptSpan root() {
        return new KeptSpan("85444cb50ef18510", null, false, "POST /v1/messages", SpanKind.SERVER, 1_000L, 7_452_000L,
                StatusCode.ERROR, EVERY_TYPE, List.of());
    }

    private static KeptSpan child() {
        EventData retry = EventData.create(2_000_000L, "retry",
                Attributes.of(AttributeKey.longKey("attempt"), 2L, AttributeKey.stringKey("reason"), "overloaded"));
        return new KeptSpan("72ef14e8722c900e", "85444cb50ef18510", false, "chat claude-sonnet-4-6", SpanKind.CLIENT,
                1_272_000L, 3_803_000L, StatusCode.UNSET, Attributes.empty(), List.of(retry));
    }

    @Test
    void roundTrip_spansWithEveryAttributeTypeAndAnEvent_decodeToTheSameSpans() {
        List<KeptSpan> spans = List.of(root(), child());

        List<KeptSpan> decoded = KeptSpanCodec.decode(KeptSpanCodec.encode(spans));

        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0)).isEqualTo(spans.get(0));
        KeptSpan child = decoded.get(1);
        assertThat(child).usingRecursiveComparison().ignoringFields("events").isEqualTo(spans.get(1));
        assertThat(child.events()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("retry");
            assertThat(e.getEpochNanos()).isEqualTo(2_000_000L);
            assertThat(e.getAttributes()).isEqualTo(spans.get(1).events().get(0).getAttributes());
        });
    }

    @Test
    void roundTrip_remoteParentAndAValueOver64Kb_kept() {
        String big = "x".repeat(70_000);
        KeptSpan span = new KeptSpan("a1", "b2", true, "role claude.stream", SpanKind.SERVER, 5L, 9L,
                StatusCode.OK, Attributes.of(AttributeKey.stringKey("error.message"), big), List.of());

        KeptSpan decoded = KeptSpanCodec.decode(KeptSpanCodec.encode(List.of(span))).get(0);

        assertThat(decoded).isEqualTo(span);
        assertThat(decoded.localRoot()).isTrue();
    }

    @Test
    void roundTrip_arrayAttribute_keptAsTheTextTheViewsShow() {
        KeptSpan span = new KeptSpan("a1", null, false, "x", SpanKind.INTERNAL, 1L, 2L, StatusCode.UNSET,
                Attributes.of(AttributeKey.stringArrayKey("models"), List.of("opus", "sonnet")), List.of());

        KeptSpan decoded = KeptSpanCodec.decode(KeptSpanCodec.encode(List.of(span))).get(0);

        assertThat(decoded.attributes().get(AttributeKey.stringKey("models"))).isEqualTo("[opus, sonnet]");
    }

    @Test
    void roundTrip_noSpans_empty() {
        assertThat(KeptSpanCodec.decode(KeptSpanCodec.encode(List.of()))).isEmpty();
    }
}
