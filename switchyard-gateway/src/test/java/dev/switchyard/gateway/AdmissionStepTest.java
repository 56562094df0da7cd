package dev.switchyard.gateway;

import static dev.switchyard.gateway.StepFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.config.OutputLimits;
import io.vertx.core.Future;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AdmissionStepTest {
    /** An admission that remembers how it was settled. */
    static final class FakeAdmission implements Admission {
        final List<TokenUsage> settled = new CopyOnWriteArrayList<>();

        @Override
        public Map<String, String> headers() {
            return Map.of("anthropic-ratelimit-requests-remaining", "9");
        }

        @Override
        public void settle(TokenUsage used) {
            settled.add(used);
        }
    }

    /** Admits everything, remembering who asked for what. */
    static final class FakeControl implements AdmissionControl {
        record Call(Principal who, AdmissionRequest request) {}

        final List<Call> calls = new CopyOnWriteArrayList<>();
        final FakeAdmission admission = new FakeAdmission();

        @Override
        public Future<Admission> admit(Principal who, AdmissionRequest request) {
            calls.add(new Call(who, request));
            return Future.succeededFuture(admission);
        }
    }

    final FakeControl control = new FakeControl();
    final AtomicReference<Admission> seenByNext = new AtomicReference<>();

    private ChainHarness harness(Principal principal, String body, boolean countTokens) throws Exception {
        return new ChainHarness(List.of(given(principal, body),
                new AdmissionStep(control, OutputLimits.defaults(), countTokens),
                doing(ex -> seenByNext.set(ex.get(AdmissionStep.ADMISSION))), ok()));
    }

    private static String body(long maxTokens) {
        return BODY.replace("\"max_tokens\":100", "\"max_tokens\":" + maxTokens);
    }

    @Test
    void request_maxTokensOverTheModelsLimit_400AndNoAdmissionAsked() throws Exception {
        long most = OutputLimits.defaults().maxFor(MODEL);
        try (ChainHarness h = harness(principal(), body(most + 1), false)) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(json(r.body()).path("error").path("message").asText()).startsWith("max_tokens: " + (most + 1));
            assertThat(control.calls).isEmpty();
            assertThat(seenByNext.get()).isNull();
        }
    }

    @Test
    void request_maxTokensAtTheModelsLimit_admitted() throws Exception {
        long most = OutputLimits.defaults().maxFor(MODEL);
        try (ChainHarness h = harness(principal(), body(most), false)) {
            assertThat(h.post("{}").statusCode()).isEqualTo(200);
            assertThat(control.calls).singleElement().satisfies(c -> assertThat(c.request().maxTokens()).isEqualTo(most));
        }
    }

    @Test
    void request_modelNotAllowedForTheKey_403PermissionErrorAndNoAdmissionAsked() throws Exception {
        try (ChainHarness h = harness(principal("claude-haiku-4-5"), BODY, false)) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(json(r.body()).path("error").path("type").asText()).isEqualTo("permission_error");
            assertThat(control.calls).isEmpty();
        }
    }

    @Test
    void request_admitted_headersOnTheResponseAndAdmissionSetForLaterSteps() throws Exception {
        try (ChainHarness h = harness(principal(MODEL), BODY, false)) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("9");
            assertThat(seenByNext.get()).isSameAs(control.admission);
            AdmissionRequest asked = control.calls.get(0).request();
            assertThat(asked.model()).isEqualTo(MODEL);
            assertThat(asked.maxTokens()).isEqualTo(100);
            assertThat(asked.estimatedInputTokens()).isEqualTo(AdmissionStep.estimateInputTokens(
                    io.vertx.core.buffer.Buffer.buffer(BODY)));
            await().until(() -> h.statuses.size() == 1);
            // settling a Messages request is the ledger's job (RecordStep), with the real usage
            assertThat(control.admission.settled).isEmpty();
        }
    }

    @Test
    void countTokens_admittedWithRequestsOnlyQuotas_settledWithZeroUsageWhenDone() throws Exception {
        Quota key = new Quota(60, 1000, 2, 5, 6);
        Quota tenant = new Quota(600, 10_000, 20, 50, 60);
        Principal p = new Principal("key-1", "tenant-1", null, null, Set.of(), key, tenant);
        try (ChainHarness h = harness(p, BODY, true)) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("9");
            FakeControl.Call call = control.calls.get(0);
            assertThat(call.who().keyQuota()).isEqualTo(new Quota(60, 0, 2, 0, 0));
            assertThat(call.who().tenantQuota()).isEqualTo(new Quota(600, 0, 20, 0, 0));
            assertThat(call.who().keyId()).isEqualTo("key-1");
            assertThat(call.request().estimatedInputTokens()).isZero();
            assertThat(call.request().maxTokens()).isZero();
            await().until(() -> h.statuses.size() == 1);
            assertThat(control.admission.settled).containsExactly(TokenUsage.none(MODEL));
        }
    }

    @Test
    void countTokens_modelNotAllowed_403AndNoAdmissionAsked() throws Exception {
        try (ChainHarness h = harness(principal("claude-haiku-4-5"), BODY, true)) {
            assertThat(h.post("{}").statusCode()).isEqualTo(403);
            assertThat(control.calls).isEmpty();
        }
    }
}
