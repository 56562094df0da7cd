package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainPropertiesTest {
    private static final String NETTY_JFR = "io.netty.jfr.enabled";
    private final String before = System.getProperty(NETTY_JFR);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(NETTY_JFR);
        } else {
            System.setProperty(NETTY_JFR, before);
        }
    }

    @Test
    void defaultProperties_nettyFlightRecorderUnset_turnsItOff() {
        System.clearProperty(NETTY_JFR);

        Main.defaultProperties();

        assertThat(System.getProperty(NETTY_JFR)).isEqualTo("false");
    }

    @Test
    void defaultProperties_nettyFlightRecorderSetOnTheCommandLine_keepsIt() {
        System.setProperty(NETTY_JFR, "true");

        Main.defaultProperties();

        assertThat(System.getProperty(NETTY_JFR)).isEqualTo("true");
    }
}
