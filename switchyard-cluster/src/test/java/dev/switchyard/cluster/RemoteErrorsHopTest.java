package dev.switchyard.cluster;

import static dev.switchyard.cluster.Loopback.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An error raised in a role reaches its caller as the same ApiException: type, status, message, retry-after, headers. */
class RemoteErrorsHopTest {
    private final Loopback loop = new Loopback();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile RuntimeException toRaise;
    private final RpcHandler raise = call -> {
        calls.incrementAndGet();
        throw toRaise;
    };
    private final RpcHandler failFuture = call -> {
        calls.incrementAndGet();
        call.complete(Future.failedFuture(toRaise));
    };
    private final RoleServer first = loop.serve(Map.of("test/raise", raise, "test/failFuture", failFuture,
            "test/decode", call -> call.reply(call.bodyAs(Strict.class))));
    private final RoleServer second = loop.serve(Map.of("test/raise", raise, "test/failFuture", failFuture));
    private final RoleClient client = loop.client("test", first);

    record Strict(int number) {}

    @AfterEach
    void close() {
        loop.close();
    }

    @ParameterizedTest
    @EnumSource(ErrorType.class)
    void apiException_thrownInTheRole_keepsItsTypeStatusAndMessage(ErrorType type) {
        toRaise = new ApiException(type, "raised as " + type);

        ApiException e = failure(client.call("raise", Map.of(), Void.class, false, "req-1"));

        assertThat(e.type()).isEqualTo(type);
        assertThat(e.status()).isEqualTo(type.status());
        assertThat(e.getMessage()).isEqualTo("raised as " + type);
    }

    @ParameterizedTest
    @EnumSource(ErrorType.class)
    void apiException_ofAFailedFuture_keepsItsTypeAndStatus(ErrorType type) {
        toRaise = new ApiException(type, "failed as " + type);

        ApiException e = failure(client.call("failFuture", Map.of(), Void.class, true, "req-1"));

        assertThat(e.type()).isEqualTo(type);
        assertThat(e.status()).isEqualTo(type.status());
    }

    @Test
    void rateLimit_keepsRetryAfterAndRateLimitHeaders() {
        toRaise = new ApiException(ErrorType.RATE_LIMIT, "slow down", Duration.ofSeconds(7)) {
            @Override
            public Map<String, String> headers() {
                return Map.of("anthropic-ratelimit-requests-remaining", "0",
                        "anthropic-ratelimit-requests-reset", "2026-11-29T06:00:00Z");
            }
        };

        ApiException e = failure(client.call("raise", Map.of(), Void.class, false, "req-1"));

        assertThat(e.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.headers()).containsEntry("anthropic-ratelimit-requests-remaining", "0")
                .containsEntry("anthropic-ratelimit-requests-reset", "2026-11-29T06:00:00Z");
    }

    @Test
    void otherException_becomesApiErrorWithoutItsMessage() {
        toRaise = new IllegalStateException("password=hunter2");

        ApiException e = failure(client.call("raise", Map.of(), Void.class, false, "req-1"));

        assertThat(e.type()).isEqualTo(ErrorType.API);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void unknownMethod_failsWithNotFound() {
        ApiException e = failure(client.call("nope", Map.of(), Void.class, false, "req-1"));

        assertThat(e.type()).isEqualTo(ErrorType.NOT_FOUND);
    }

    @Test
    void bodyThatDoesNotDecode_failsWithInvalidRequest() {
        ApiException e = failure(client.call("decode", Map.of("number", "not a number"), Strict.class, false, "r"));

        assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST);
    }

    @Test
    void roleError_isAnAnswerNotAnUnreachableInstance_soItIsNotRetriedElsewhere() {
        RoleClient both = loop.client("test", first, second);
        toRaise = ApiException.overloaded("busy");

        ApiException e = failure(both.call("raise", Map.of(), Void.class, true, "req-1"));

        assertThat(e.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(calls).hasValue(1);
    }
}
