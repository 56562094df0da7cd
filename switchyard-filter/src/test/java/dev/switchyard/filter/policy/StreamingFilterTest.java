package dev.switchyard.filter.policy;

import dev.switchyard.filter.Block;
import dev.switchyard.filter.FilterResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingFilterTest {
    private static final List<String> SAMPLES = List.of(
            TextFilterTest.SAMPLE,
            "Please email support@switchyard.example or call +44 20 7946 0958; backup host 2001:db8::7334 "
                    + "and 192.168.10.20. ".repeat(6) + "Refund to GB82 WEST 1234 5698 7654 32 by card 5500-0000-0000-0004.",
            "No personal data at all in this one, just words and numbers like 12, 2026 and 3.14159. ".repeat(10),
            "x".repeat(700) + " bob@example.org " + "y".repeat(300) + " 4111111111111111",
            // phone numbers a stream's scans meet again and again, cut at every point, next to other digits
            ("Call (650) 253-0000 or +1 650 253 0001, fax 650.253.0002; order 88412 of 2026-11-20 paid by "
                    + "4111 1111 1111 1111 to DE89 3704 0044 0532 0130 00, then 415-555-0132 at 10.24.8.17. ").repeat(4)
                    + "Last, my desk: 415-555-0199",
            // addresses as long as they can be, close together, and one at the very end of the stream
            "Write to " + "a".repeat(63) + "b@" + "c".repeat(60) + ".example.org or to x.y+z@mail.example.com, "
                    + "q@w.io;" + "n".repeat(200) + " first.last@" + "d".repeat(40) + ".sub.example.co.uk "
                    + "z".repeat(90) + " ok@ok.dev");

    private static List<String> chunk(String text, Random random, int maxChunk) {
        List<String> chunks = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int size = 1 + random.nextInt(maxChunk);
            chunks.add(text.substring(at, Math.min(text.length(), at + size)));
            at += size;
        }
        return chunks;
    }

    private static String run(StreamingFilter stream, List<String> deltas) {
        StringBuilder out = new StringBuilder();
        for (String delta : deltas) {
            out.append(stream.push(delta));
        }
        return out.append(stream.finish()).toString();
    }

    @Test
    void blockedTerm_splitAcrossTwoDeltas_caughtAndNothingOfItReleased() {
        StreamingFilter stream = Policies.terms("project falcon").stream();
        String released = run(stream, List.of("The plan is called Project Fal", "con, launching soon."));
        assertThat(stream.blocked()).isTrue();
        assertThat(stream.block()).contains(new Block("no-secrets", FilterPolicy.BLOCKED_TERM));
        assertThat(released).doesNotContainIgnoringCase("fal");
    }

    @Test
    void blockedTerm_splitAcrossThreeDeltas_caught() {
        StreamingFilter stream = Policies.terms("falcon").stream();
        String released = run(stream, List.of("Codename: F", "alc", "on"));
        assertThat(stream.blocked()).isTrue();
        assertThat(released).isEmpty();
    }

    @Test
    void blockedTerm_afterLongSafeText_safePrefixReleasedTermNot() {
        StreamingFilter stream = Policies.terms("falcon").stream();
        String safe = "word ".repeat(200);
        String released = run(stream, List.of(safe, "the fal", "con is here"));
        assertThat(stream.blocked()).isTrue();
        assertThat(released).isNotEmpty().doesNotContainIgnoringCase("fal");
        assertThat(safe).startsWith(released);
    }

    @Test
    void blockedTerm_prefixOfLongerWordAtDeltaEnd_notBlocked() {
        StreamingFilter stream = Policies.terms("secret").stream();
        String released = run(stream, List.of("my secret", "ary said hi"));
        assertThat(stream.blocked()).isFalse();
        assertThat(released).isEqualTo("my secretary said hi");
    }

    @Test
    void pii_splitAcrossDeltas_redactedAsOneShot() {
        StreamingFilter stream = TextFilter.compile(FilterPolicy.redactAllPii("default")).stream();
        String released = run(stream, List.of("mail jane.d", "oe@exam", "ple.com card 4111 11", "11 1111 1111 ok"));
        assertThat(released).isEqualTo("mail [EMAIL] card [CARD] ok");
    }

    @Test
    void randomChunkings_sampleTexts_outputAndFindingsEqualOneShot() {
        TextFilter filter = TextFilter.compile(FilterPolicy.redactAllPii("default"));
        Random random = new Random(20261129L);
        for (String sample : SAMPLES) {
            FilterResult oneShot = filter.apply(sample);
            for (int round = 0; round < 60; round++) {
                StreamingFilter stream = filter.stream();
                String streamed = run(stream, chunk(sample, random, 1 + random.nextInt(40)));
                assertThat(streamed).as("sample %s round %d", SAMPLES.indexOf(sample), round).isEqualTo(oneShot.text());
                assertThat(stream.findings()).isEqualTo(oneShot.findings());
            }
        }
    }

    @Test
    void randomChunkings_blockedTermSomewhere_alwaysBlockedLikeOneShot() {
        TextFilter filter = TextFilter.compile(new FilterPolicy("p", List.of("falcon"), List.of(),
                FilterPolicy.redactAllPii("x").pii(), List.of(), "US"));
        String text = SAMPLES.get(1) + " and the Falcon " + SAMPLES.get(0);
        assertThat(filter.apply(text).blocked()).isTrue();
        Random random = new Random(7L);
        for (int round = 0; round < 100; round++) {
            StreamingFilter stream = filter.stream();
            String released = run(stream, chunk(text, random, 1 + random.nextInt(30)));
            assertThat(stream.blocked()).isTrue();
            assertThat(released).doesNotContainIgnoringCase("falcon");
        }
    }

    @Test
    void heldBackText_anyChunking_neverExceedsCap() {
        for (int cap : new int[] {64, 100, 256}) {
            TextFilter filter = TextFilter.compile(new FilterPolicy("p", List.of("falcon"), List.of("zz+"),
                    FilterPolicy.redactAllPii("x").pii(), List.of(), "US"), cap);
            assertThat(filter.lookBehind()).isLessThanOrEqualTo(cap);
            Random random = new Random(cap);
            for (String sample : SAMPLES) {
                StreamingFilter stream = filter.stream();
                for (String delta : chunk(sample, random, 1 + random.nextInt(500))) {
                    stream.push(delta);
                    assertThat(stream.held()).isLessThanOrEqualTo(cap);
                }
                stream.finish();
                assertThat(stream.held()).isZero();
            }
        }
    }

    @Test
    void oneHugeDelta_noAddressInTheMaking_releasedExceptALocalPartsLength() {
        TextFilter filter = TextFilter.compile(FilterPolicy.redactAllPii("default"));
        StreamingFilter stream = filter.stream();
        String released = stream.push("a".repeat(10_000));
        // no "@" near the end: only a local part (at most 64 characters) may still become an address
        assertThat(stream.held()).isEqualTo(65).isLessThan(filter.lookBehind());
        assertThat(released.length()).isEqualTo(10_000 - 65);
        assertThat(released + stream.finish()).isEqualTo("a".repeat(10_000));
    }

    @Test
    void addressInTheMaking_heldFromWhereItCouldStart_thenRedactedWhole() {
        TextFilter filter = TextFilter.compile(FilterPolicy.redactAllPii("default"));
        StreamingFilter stream = filter.stream();
        String local = "maria.lopez." + "m".repeat(50); // 62 characters: longer than any other detector's window
        String released = stream.push("x ".repeat(200) + "contact " + local + "@exam");

        assertThat(released).doesNotContain("maria");
        assertThat(stream.held()).isGreaterThanOrEqualTo((local + "@exam").length());
        String rest = stream.push("ple.com today") + stream.finish();
        assertThat(released + rest).isEqualTo("x ".repeat(200) + "contact [EMAIL] today");
    }

    @Test
    void blockedStream_laterDeltas_releaseNothing() {
        StreamingFilter stream = Policies.terms("falcon").stream();
        run(stream, List.of("falcon"));
        assertThatThrownBy(() -> stream.push("more")).isInstanceOf(IllegalStateException.class);
        StreamingFilter other = Policies.terms("falcon").stream();
        other.push("falcon " + "z".repeat(1000));
        assertThat(other.blocked()).isTrue();
        assertThat(other.push("more text")).isEmpty();
        assertThat(other.finish()).isEmpty();
    }
}
