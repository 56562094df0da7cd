package dev.switchyard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.supervisor.ChildStatus.Health;
import dev.switchyard.supervisor.SupervisorEvent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class StatusDisplayTest {
    private static final List<ChildStatus> CHILDREN = List.of(
            new ChildStatus("gateway-1", "gateway", List.of("gateway"), 1, 4242, 8080, Health.HEALTHY, 0, 0,
                    OptionalDouble.of(12.34)),
            new ChildStatus("claude-2", "claude", List.of("claude"), 2, -1, 7102, Health.RESTARTING, 0, 3,
                    OptionalDouble.empty()),
            new ChildStatus("auth-1", "auth", List.of("auth"), 1, 99, 7201, Health.FAILING, 2, 0,
                    OptionalDouble.empty()));
    private static final SupervisorEvent EVENT = new SupervisorEvent(Instant.parse("2026-01-01T00:00:00Z"), "claude-2",
            Kind.RESTART_SCHEDULED, "restart #3 in 4000ms", Duration.ofSeconds(4));

    @Test
    void table_showsEveryColumn_withDashesForWhatIsUnknown() {
        assertThat(StatusTable.render(CHILDREN)).isEqualTo("""
                ROLE     INSTANCE   PID   PORT  HEALTH       RESTARTS  REQ/S
                gateway  gateway-1  4242  8080  healthy      0         12.3
                claude   claude-2   -     7102  restarting   3         -
                auth     auth-1     99    7201  failing (2)  0         -
                """);
    }

    @Test
    void notATerminal_eventsAreLinesAsTheyHappen_andTheTableIsPlainText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusDisplay display = new StatusDisplay(new PrintStream(out, true, StandardCharsets.UTF_8), false);

        display.event(EVENT);
        display.refresh(CHILDREN);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("2026-01-01T00:00:00Z claude-2: restart #3 in 4000ms\nROLE ").doesNotContain("\033");
    }

    @Test
    void onATerminal_theScreenIsRedrawnInPlace_withRecentEventsUnderTheTable() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusDisplay display = new StatusDisplay(new PrintStream(out, true, StandardCharsets.UTF_8), true);

        display.event(EVENT);
        assertThat(out.size()).isZero();
        display.refresh(CHILDREN);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\033[H\033[2J").contains("ROLE ")
                .endsWith("recent events:\n  2026-01-01T00:00:00Z claude-2: restart #3 in 4000ms\n");
    }

    @Test
    void requestsCount_isReadWhenPresent_andToleratedWhenAbsentOrOdd() {
        assertThat(HttpHealthCheck.requests("{\"status\":\"ok\",\"requests\":17}".getBytes())).hasValue(17);
        assertThat(HttpHealthCheck.requests("{\"status\":\"ok\"}".getBytes())).isEmpty();
        assertThat(HttpHealthCheck.requests("{\"requests\":\"many\"}".getBytes())).isEmpty();
        assertThat(HttpHealthCheck.requests("{\"requests\":-1}".getBytes())).isEmpty();
        assertThat(HttpHealthCheck.requests("ok".getBytes())).isEmpty();
        assertThat(HttpHealthCheck.requests(new byte[0])).isEmpty();
    }

    @Test
    void restartBackoff_doublesToItsMax_andStartsOverAfterBeingHealthyThatLong() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(List.of(backoff.next(), backoff.next(), backoff.next(), backoff.next())).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
        backoff.healthyFor(Duration.ofSeconds(4));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(5));
        backoff.healthyFor(Duration.ofSeconds(5));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    }
}
