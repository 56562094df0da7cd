package dev.switchyard.cluster;

import static dev.switchyard.cluster.Loopback.await;
import static dev.switchyard.cluster.Loopback.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.claude.Cancellation;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The caller's deadline and its withdrawal reach the role: the serving side's cancellation fires. */
class DeadlineAndCancellationTest {
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(600);

    private final Loopback loop = new Loopback();
    /** Calls the role took, each with whether its cancellation fired. */
    private final CopyOnWriteArrayList<Taken> taken = new CopyOnWriteArrayList<>();
    private final AtomicInteger cancelledAfterReply = new AtomicInteger();
    private final RoleServer server = loop.serve(Map.of(
            "test/hang", call -> taken.add(new Taken(call)),
            "test/head", call -> {
                taken.add(new Taken(call));
                call.response().setChunked(true).putHeader("content-type", "text/plain").write("first");
            },
            "test/reply", call -> {
                call.cancellation().onCancel(cancelledAfterReply::incrementAndGet);
                call.reply(Map.of("ok", true));
            }));
    private final RoleClient client = loop.client("test", Loopback.config(CALL_TIMEOUT), Loopback.SECRET, server);

    static final class Taken {
        final RpcCall call;
        final long arrived = System.nanoTime();
        volatile long cancelledAt;

        Taken(RpcCall call) {
            this.call = call;
            call.cancellation().onCancel(() -> cancelledAt = System.nanoTime());
        }

        boolean cancelled() {
            return cancelledAt != 0;
        }
    }

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void handlerThatNeverAnswers_callerGetsTimeoutErrorAfterTheCallTimeout_andTheRoleIsCancelled() {
        long start = System.nanoTime();

        ApiException e = failure(client.call("hang", Map.of(), Void.class, false, "req-1"));

        long waited = System.nanoTime() - start;
        assertThat(e.type()).isEqualTo(ErrorType.TIMEOUT);
        assertThat(e.status()).isEqualTo(504);
        assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(CALL_TIMEOUT.minusMillis(50));
        assertThat(taken).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> taken.get(0).cancelled());
    }

    /**
     * Regression: the deadline's timer started only once a connection was lent, so a call waiting for one
     * (here an instance that accepts TCP and never says a word) waited for the client's own connect timeout
     * (2 s) on top of its deadline.
     */
    @Test
    void instanceThatNeverCompletesTheConnection_callFailsWithTimeoutAtItsDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            RoleClient mute = loop.clients(Loopback.config(CALL_TIMEOUT), Loopback.SECRET,
                    List.of(Loopback.peer("test", 1, silent.getLocalPort()))).client("test");
            long start = System.nanoTime();

            ApiException e = failure(mute.call("reply", Map.of(), Void.class, false, "req-1"));

            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.type()).isEqualTo(ErrorType.TIMEOUT);
            assertThat(held).as("the call reached the instance's port").isNotEmpty();
            assertThat(waited).isLessThan(CALL_TIMEOUT.plusMillis(900));
            silent.close();
            acceptor.join();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void callersRemainingTime_travelsWithTheCall() {
        failure(client.call("hang", Map.of(), Void.class, false, "req-1"));

        long sent = Long.parseLong(taken.get(0).call.header(ClusterProtocol.TIMEOUT_HEADER));
        assertThat(sent).isPositive().isLessThanOrEqualTo(CALL_TIMEOUT.toMillis());
        assertThat(taken.get(0).call.requestId()).isEqualTo("req-1");
    }

    @Test
    void callersCancellation_beforeTheAnswer_cancelsTheRolesCall() {
        Cancellation cancellation = new Cancellation();
        Future<OpenCall> open = client.open("hang", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), false,
                Duration.ofSeconds(10), cancellation, "req-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> taken.size() == 1);
        assertThat(taken.get(0).cancelled()).isFalse();

        cancellation.cancel();

        await().atMost(Duration.ofSeconds(5)).until(() -> taken.get(0).cancelled());
        assertThat(taken.get(0).call.callerReportedFailure()).isFalse();
        failure(open);
    }

    @Test
    void callersCancellation_afterTheHead_cancelsTheRolesCall() {
        Cancellation cancellation = new Cancellation();
        OpenCall open = await(client.open("head", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), false,
                Duration.ofSeconds(10), cancellation, "req-1"));
        assertThat(open.response().statusCode()).isEqualTo(200);
        assertThat(taken.get(0).cancelled()).isFalse();

        cancellation.cancel();

        await().atMost(Duration.ofSeconds(5)).until(() -> taken.get(0).cancelled());
        assertThat(taken.get(0).call.callerReportedFailure()).isFalse();
    }

    @Test
    void openCallReset_asCancel_cancelsTheRolesCall() {
        OpenCall open = await(client.open("head", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), false,
                Duration.ofSeconds(10), null, "req-1"));

        loop.vertx.runOnContext(v -> open.reset(false));

        await().atMost(Duration.ofSeconds(5)).until(() -> taken.get(0).cancelled());
        assertThat(taken.get(0).call.callerReportedFailure()).isFalse();
    }

    @Test
    void openCallReset_asFailure_tellsTheRoleTheAnswerWasBroken() {
        OpenCall open = await(client.open("head", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), false,
                Duration.ofSeconds(10), null, "req-1"));

        loop.vertx.runOnContext(v -> open.reset(true));

        await().atMost(Duration.ofSeconds(5)).until(() -> taken.get(0).cancelled());
        assertThat(taken.get(0).call.callerReportedFailure()).isTrue();
    }

    @Test
    void callThatWasAnswered_isNotCancelledAfterwards() {
        await(client.call("reply", Map.of(), Map.class, false, "req-1"));

        // The stream's close arrives after the answer: it must not count as the caller withdrawing.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> cancelledAfterReply.get() == 0);
    }

    @Test
    void callersCancellationsBeforeTheAnswer_areNotCountedAgainstTheInstance() {
        await().atMost(Duration.ofSeconds(10)).until(() -> client.instances().views().get(0).health()
                == dev.switchyard.registry.health.HealthState.HEALTHY);
        for (int i = 0; i < 8; i++) {
            Cancellation cancellation = new Cancellation();
            Future<OpenCall> open = client.open("hang", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"),
                    false, Duration.ofSeconds(10), cancellation, "req-" + i);
            int taken = i + 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> this.taken.size() == taken);
            cancellation.cancel();
            failure(open);
        }

        assertThat(client.instances().views().get(0).health())
                .isEqualTo(dev.switchyard.registry.health.HealthState.HEALTHY);
        assertThat(client.instances().views().get(0).inFlight()).isZero();
    }

    @Test
    void alreadyCancelledCall_isNeverSent() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        failure(client.open("hang", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), false,
                Duration.ofSeconds(10), cancellation, "req-1"));

        assertThat(server.requests()).isZero();
    }
}
