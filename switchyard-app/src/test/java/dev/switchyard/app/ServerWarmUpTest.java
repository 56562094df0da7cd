package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerWarmUpTest {
    @Test
    void startFor_serverCommands_initialiseNettyOnAThreadOfTheirOwn() throws Exception {
        for (String command : new String[] {"run", "simulate"}) {
            Optional<Thread> thread = ServerWarmUp.startFor(new String[] {command, "--port", "0"});

            assertThat(thread).get().extracting(Thread::getName).isEqualTo("switchyard-warm-up");
            assertThat(thread.get().isDaemon()).isTrue();
            assertThat(thread.get().join(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    void startFor_otherCommandsOrNone_startNothing() {
        assertThat(ServerWarmUp.startFor(new String[] {"keys", "list"})).isEmpty();
        assertThat(ServerWarmUp.startFor(new String[] {"--help"})).isEmpty();
        assertThat(ServerWarmUp.startFor(new String[0])).isEmpty();
    }
}
