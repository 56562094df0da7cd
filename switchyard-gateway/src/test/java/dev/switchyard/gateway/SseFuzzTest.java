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
 * The SSE line splitter and the usage tap on arbitrary bytes cut at arbitrary chunk boundaries: the
 * same bytes give the same lines and the same usage however they are chunked (whole, byte by byte, or
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
    void usageTap_anyChunking_readsSameUsage(FuzzedDataProvider data) {
        int[] sizes = chunkSizes(data);
        byte[] stream = data.consumeRemainingAsBytes();

        String whole = tapped(stream, new int[] {Math.max(1, stream.length)});
        assertThat(tapped(stream, new int[] {1})).isEqualTo(whole);
        assertThat(tapped(stream, sizes)).isEqualTo(whole);
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

    private static String tapped(byte[] stream, int[] sizes) {
        SseUsageTap tap = new SseUsageTap();
        int[] firstContent = new int[1];
        tap.onFirstContent(() -> firstContent[0]++);
        feed(stream, sizes, tap::feed);
        Usage u = tap.usage;
        assertThat(firstContent[0]).isLessThanOrEqualTo(1);
        return u.inputTokens + "/" + u.outputTokens + "/" + u.cacheCreationTokens + "/" + u.cacheReadTokens
                + " error=" + tap.sawError() + " stop=" + tap.sawMessageStop() + " first=" + firstContent[0];
    }
}
