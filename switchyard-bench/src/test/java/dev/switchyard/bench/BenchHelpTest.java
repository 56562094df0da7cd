package dev.switchyard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchHelpTest {
    @Test
    void asksForHelp_helpAfterACommand_isTrue() {
        assertThat(Bench.asksForHelp(new String[] {"bare-proxy", "--help"})).isTrue();
        assertThat(Bench.asksForHelp(new String[] {"-h"})).isTrue();
    }

    @Test
    void asksForHelp_optionsOnly_isFalse() {
        assertThat(Bench.asksForHelp(new String[] {"latency", "--rate", "1000"})).isFalse();
    }

    @Test
    void usage_namesEveryCommand() {
        assertThat(Bench.USAGE).contains("latency", "ttft", "streams", "bare-proxy", "netty-proxy", "--help");
    }
}
