package dev.switchyard.registry.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command recovery runs real programs: exit codes, timeouts, the role passed without a shell. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class CommandRecoveryTest {
    private final ExecutorService blocking = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        blocking.shutdownNow();
    }

    @Test
    void recover_commandExitsZero_succeeds() throws Exception {
        assertThat(outcome(List.of("true"), Duration.ofSeconds(5)).succeeded()).isTrue();
    }

    @Test
    void recover_commandExitsNonZero_failsWithExitCode() throws Exception {
        Future<Void> outcome = outcome(List.of("false"), Duration.ofSeconds(5));

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.cause()).hasMessageContaining("exited with 1");
    }

    @Test
    void recover_commandRunsPastTimeout_killedAndFailed() throws Exception {
        long started = System.nanoTime();
        Future<Void> outcome = outcome(List.of("sleep", "30"), Duration.ofMillis(300));

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.cause()).hasMessageContaining("ran past");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void recover_programMissing_failsWithoutThrowing() throws Exception {
        Future<Void> outcome = outcome(List.of(dir.resolve("no-such-program").toString()), Duration.ofSeconds(5));

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.cause()).hasMessageContaining("could not start");
    }

    @Test
    void recover_argumentWithShellSyntax_passedLiterallyNotInterpreted() throws Exception {
        Path literal = dir.resolve("x; touch injected");
        Future<Void> outcome = outcome(List.of("touch", literal.toString()), Duration.ofSeconds(5));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(literal).exists();
        assertThat(Files.exists(Path.of("injected"))).isFalse();
        assertThat(dir.resolve("injected")).doesNotExist();
    }

    @Test
    void recover_roleArgumentAndEnvironment_carryTheRole() throws Exception {
        assertThat(outcome(List.of("test", "{role}", "=", "claude"), Duration.ofSeconds(5)).succeeded()).isTrue();
        assertThat(outcome(List.of("sh", "-c", "test \"$SWITCHYARD_ROLE\" = claude"), Duration.ofSeconds(5))
                .succeeded()).isTrue();
    }

    @Test
    void settings_emptyCommand_errorNamesKey() {
        assertThatThrownBy(() -> new CommandRecovery(List.of(), Duration.ofSeconds(1), blocking))
                .hasMessageContaining("recovery.command");
    }

    private Future<Void> outcome(List<String> argv, Duration timeout) throws Exception {
        Future<Void> future = new CommandRecovery(argv, timeout, blocking).recover("claude", List.of());
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // the future itself says how it ended
        }
        return future;
    }
}
