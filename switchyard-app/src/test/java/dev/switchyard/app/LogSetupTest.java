package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogSetupTest {
    @Test
    void configure_nothingElseConfigured_writesOneKeyValueLinePerEventOnStderr() {
        LoggerContext context = context();
        ExecutionStatus status = setup(Set.of(), Map.of()).configure(context);

        String out = stderrOf(() -> context.getLogger("dev.switchyard.gateway.Gateway")
                .info("say \"hi\" to {}", "request_id=r1"));

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(out).matches("ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z level=INFO logger=Gateway"
                + " thread=\\S+ msg=\"say \\\\\"hi\\\\\" to request_id=r1\"\\R");
    }

    @Test
    void configure_defaults_rootAtInfoAndNettyAndVertxAtWarn() {
        LoggerContext context = context();
        setup(Set.of(), Map.of()).configure(context);

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.vertx.core").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void configure_levelSetting_setsTheRootLevelAndAnUnknownOneKeepsInfo() {
        LoggerContext debug = context();
        setup(Set.of(), Map.of(LogSetup.LEVEL_KEY, "DEBUG")).configure(debug);
        LoggerContext unknown = context();
        setup(Set.of(), Map.of(LogSetup.LEVEL_KEY, "LOUD")).configure(unknown);

        assertThat(debug.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(unknown.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void configure_logbackXmlOnTheClassPathOrAConfigurationFile_leavesItToLogback() {
        LoggerContext onClassPath = context();
        LoggerContext fromFile = context();

        ExecutionStatus xml = setup(Set.of("logback.xml"), Map.of()).configure(onClassPath);
        ExecutionStatus file = setup(Set.of(), Map.of("logback.configurationFile", "/etc/x.xml")).configure(fromFile);

        assertThat(xml).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(file).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(onClassPath.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        assertThat(fromFile.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    private static LogSetup setup(Set<String> onClassPath, Map<String, String> settings) {
        return new LogSetup(onClassPath::contains, settings::get);
    }

    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's own service provider gives it
        context.start();
        return context;
    }

    private static String stderrOf(Runnable logging) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
