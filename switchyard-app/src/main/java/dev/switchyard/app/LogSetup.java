package dev.switchyard.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;

/**
 * The process's logging, set up in code (logback finds it as a service) rather than from a logback.xml: the XML
 * configurator's parsing and model took about 60 ms of CPU at every start, on two cores the JIT and the store
 * openers share on the way to /ready. One key=value line per event on stderr: request ids as request_id=...,
 * never a secret. The root level is {@code SWITCHYARD_LOG_LEVEL} (a system property or the environment;
 * default INFO). A logback.xml or logback-test.xml on the class path, or {@code -Dlogback.configurationFile},
 * still wins: this then leaves the configuration to logback's own configurators. It has no rank annotation:
 * logback reads one by reflection, which cost more at start (18 ms of CPU, profiled) than all the rest of this.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} level=%level logger=%logger{0}"
            + " thread=%thread msg=\"%replace(%msg){'\"','\\\\\"'}\"%n%ex{short}";
    static final String LEVEL_KEY = "SWITCHYARD_LOG_LEVEL";
    private static final String[] CONFIG_FILES = {"logback-test.xml", "logback.xml"};

    private final Predicate<String> onClassPath;
    private final UnaryOperator<String> setting;

    /** As logback's service loader makes it: the class path and the process's properties and environment. */
    public LogSetup() {
        this(name -> LogSetup.class.getClassLoader().getResource(name) != null, LogSetup::propertyOrEnv);
    }

    LogSetup(Predicate<String> onClassPath, UnaryOperator<String> setting) {
        this.onClassPath = onClassPath;
        this.setting = setting;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (configuredElsewhere()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("io.vertx").setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting.apply(LEVEL_KEY), Level.INFO));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private boolean configuredElsewhere() {
        if (setting.apply("logback.configurationFile") != null) {
            return true;
        }
        for (String file : CONFIG_FILES) {
            if (onClassPath.test(file)) {
                return true;
            }
        }
        return false;
    }

    private static String propertyOrEnv(String key) {
        String property = System.getProperty(key);
        return property != null ? property : System.getenv(key);
    }
}
