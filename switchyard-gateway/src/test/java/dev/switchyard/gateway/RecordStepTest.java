package dev.switchyard.gateway;

import static dev.switchyard.gateway.StepFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.pricing.PriceTable;
import dev.switchyard.usage.UsageRecord;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RecordStepTest {
    static final String SERVED = "claude-sonnet-4-5-20250929";
    static final Instant NOW = Instant.parse("2026-11-29T03:00:00Z");

    final List<UsageRecord> records = new CopyOnWriteArrayList<>();
    final AdmissionStepTest.FakeAdmission admission = new AdmissionStepTest.FakeAdmission();
    final PriceTable prices = PriceTable.defaultTable();

    /** RecordStep first, as in the real chain; then what later steps would have left, then {@code rest}. */
    private ChainHarness harness(Step... rest) throws Exception {
        List<Step> steps = new ArrayList<>(List.of(doing(ex -> ex.put(AuthenticateStep.PRINCIPAL, principal())),
                new RecordStep(new UsageRecorder(records::add, prices, meters(), Clock.fixed(NOW, ZoneOffset.UTC))),
                doing(ex -> {
                    ex.put(ParseStep.REQUEST, MessagesRequest.parse(Buffer.buffer(BODY), true));
                    ex.put(AdmissionStep.ADMISSION, admission);
                })));
        steps.addAll(List.of(rest));
        return new ChainHarness(steps);
    }

    /** What the usage tap and the upstream step would leave: 3 in, 5 out, 7 cache read, served by SERVED. */
    private static Step tappedUsage() {
        return doing(ex -> {
            Usage u = new Usage();
            u.inputTokens = 3;
            u.outputTokens = 5;
            u.cacheReadTokens = 7;
            ex.put(UsageTapStep.USAGE, u);
            ex.model = SERVED;
        });
    }

    private void runOnce(ChainHarness h) throws Exception {
        h.post("{}");
        await().until(() -> h.statuses.size() == 1);
    }

    @Test
    void done_normalAnswer_settlesWithTheTappedUsageAndRecordsItsCost() throws Exception {
        try (ChainHarness h = harness(tappedUsage(), ChainTest.answering(false))) {
            runOnce(h);

            TokenUsage used = new TokenUsage(SERVED, 3, 5, 0, 7);
            assertThat(admission.settled).containsExactly(used);
            UsageRecord r = records.get(0);
            assertThat(records).hasSize(1);
            assertThat(r.time()).isEqualTo(NOW);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.keyId()).isEqualTo("key-1");
            assertThat(r.tenantId()).isEqualTo("tenant-1");
            assertThat(r.modelAsked()).isEqualTo(MODEL);
            assertThat(r.modelServed()).isEqualTo(SERVED);
            assertThat(List.of(r.inputTokens(), r.outputTokens(), r.cacheReadTokens())).containsExactly(3L, 5L, 7L);
            assertThat(r.costMicros()).isEqualTo(prices.costMicros(used)).isPositive();
            assertThat(r.cacheHit()).isFalse();
            assertThat(r.savedMicros()).isZero();
        }
    }

    @Test
    void done_cacheHit_settlesWithNoneAndRecordsTheSavedCost() throws Exception {
        try (ChainHarness h = harness(tappedUsage(), doing(ex -> ex.put(CacheStep.HIT, Boolean.TRUE)),
                ChainTest.answering(false))) {
            runOnce(h);

            assertThat(admission.settled).containsExactly(TokenUsage.none(SERVED));
            UsageRecord r = records.get(0);
            assertThat(r.cacheHit()).isTrue();
            assertThat(r.costMicros()).isZero();
            assertThat(r.savedMicros()).isEqualTo(prices.costMicros(new TokenUsage(SERVED, 3, 5, 0, 7))).isPositive();
        }
    }

    @Test
    void done_refusedByALaterStep_stillSettlesWithZerosAndRecordsTheStatus() throws Exception {
        try (ChainHarness h = harness(failing(ErrorType.PERMISSION))) {
            runOnce(h);

            assertThat(h.statuses).containsExactly(403);
            assertThat(admission.settled).containsExactly(TokenUsage.none(MODEL));
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(403);
                assertThat(r.modelServed()).isEqualTo(MODEL);
                assertThat(r.inputTokens() + r.outputTokens()).isZero();
                assertThat(r.costMicros()).isZero();
            });
        }
    }

    @Test
    void done_failedBeforeTheRequestWasParsed_nothingRecordedNothingSettled() throws Exception {
        Step refuseEarly = failing(ErrorType.INVALID_REQUEST);
        List<Step> steps = List.of(doing(ex -> ex.put(AuthenticateStep.PRINCIPAL, principal())),
                new RecordStep(new UsageRecorder(records::add, prices, meters(), Clock.fixed(NOW, ZoneOffset.UTC))),
                refuseEarly);
        Logger log = (Logger) LoggerFactory.getLogger(UsageRecorder.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        log.addAppender(warnings);
        try (ChainHarness h = new ChainHarness(steps)) {
            runOnce(h);

            // no model is known: there is nothing to put in a ledger row, nor to price
            assertThat(records).isEmpty();
            assertThat(admission.settled).isEmpty();
            assertThat(warnings.list).as("usage recording must not fail on a request without a model").isEmpty();
        } finally {
            log.detachAppender(warnings);
        }
    }
}
