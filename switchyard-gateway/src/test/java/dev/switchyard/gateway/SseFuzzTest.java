package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;

/**
 * The SSE line and event splitters on arbitrary bytes cut at arbitrary chunk boundaries: the
 * same bytes give the same lines and events (whose bytes add up to the stream) however they are chunked (whole, byte by byte, or
 * as the fuzzer cuts them), and nothing throws. The chunk sizes are taken from the end of the input
 * and the stream is the rest, so corpus files are readable event streams.
 */
class SseFuzzTest {

    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void splitter_anyChunking_yieldsSameLines(FuzzedDataProvider data) {
        int[] sizes = chunkSizes(data);
        byte[] stream = data.consumeRemainingAsBytes();

        List<String> whole = lines(stream, new int[] {Math.max(1, stream.length)});
        assertThat(lines(stream, new int[] {1})).isEqualTo(whole);
        assertThat(lines(stream, sizes)).isEqualTo(whole);
        for (String line : whole) {
            assertThat(line).doesNotContain("\n");
        }
    }

    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void eventSplitter_anyChunking_sameEventsWhoseBytesAddUpToTheStream(FuzzedDataProvider data) {
        int[] sizes = chunkSizes(data);
        byte[] stream = data.consumeRemainingAsBytes();

        List<String> whole = events(stream, new int[] {Math.max(1, stream.length)});
        assertThat(events(stream, new int[] {1})).isEqualTo(whole);
        assertThat(events(stream, sizes)).isEqualTo(whole);
        StringBuilder all = new StringBuilder();
        whole.forEach(e -> all.append(e, e.indexOf('|') + 1, e.length()));
        assertThat(all.toString()).isEqualTo(new String(stream, StandardCharsets.ISO_8859_1));
    }

    private static int[] chunkSizes(FuzzedDataProvider data) {
        int[] sizes = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = data.consumeInt(1, 64);
        }
        return sizes;
    }

    /** Feeds {@code stream} in chunks of the given sizes, cycling through them. */
    private static void feed(byte[] stream, int[] sizes, Consumer<Buffer> sink) {
        int i = 0;
        for (int at = 0; at < stream.length; i++) {
            int n = Math.min(sizes[i % sizes.length], stream.length - at);
            sink.accept(Buffer.buffer().appendBytes(stream, at, n));
            at += n;
        }
    }

    /** Each line as ISO-8859-1 text: one char per byte, so lines compare byte for byte. */
    private static List<String> lines(byte[] stream, int[] sizes) {
        List<String> out = new ArrayList<>();
        SseLineSplitter splitter = new SseLineSplitter(
                (b, from, to) -> out.add(new String(b, from, to - from, StandardCharsets.ISO_8859_1)));
        feed(stream, sizes, splitter::feed);
        return out;
    }

    /** Each event as its type, "|", and its bytes as ISO-8859-1 text, with its data's usage parsed on the way. */
    private static List<String> events(byte[] stream, int[] sizes) {
        List<String> out = new ArrayList<>();
        SseEventSplitter splitter = new SseEventSplitter(e -> {
            e.data(); // parsing any data must not throw
            out.add(e.type() + "|" + e.sse().toString(StandardCharsets.ISO_8859_1));
        });
        feed(stream, sizes, splitter::feed);
        splitter.end();
        return out;
    }
}
