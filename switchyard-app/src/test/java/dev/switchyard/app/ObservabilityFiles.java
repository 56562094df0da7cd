package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files of {@code deploy/observability} and the metric names their PromQL uses. */
final class ObservabilityFiles {
    static final Path DIR = Path.of("..", "deploy", "observability").toAbsolutePath().normalize();
    static final Path ALERTS = DIR.resolve("alerts.yml");
    static final Path ALERT_TESTS = DIR.resolve("alerts.test.yml");
    static final Path DASHBOARD = DIR.resolve("grafana-dashboard.json");

    /** Names the gateway's registry makes, by their Prometheus prefixes (Prometheus's own {@code up} is not one). */
    private static final Pattern METRIC = Pattern.compile("\\b(?:switchyard|jvm|process|system|disk)_[a-z0-9_]+\\b");
    private static final Pattern EXPR = Pattern.compile("(?m)^\\s*expr:\\s*(\\|\\s*\\n((?:\\s{10,}.*\\n)+)|(.*))");

    private ObservabilityFiles() {}

    /** The PromQL of every alert rule. */
    static List<String> alertExpressions() {
        Matcher m = EXPR.matcher(read(ALERTS));
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add((m.group(2) != null ? m.group(2) : m.group(3)).trim());
        }
        return found;
    }

    /** The PromQL of every dashboard panel, with Grafana's variables as they are for all jobs. */
    static List<String> dashboardExpressions() {
        try {
            List<String> found = new ArrayList<>();
            for (JsonNode panel : Json.mapper().readTree(read(DASHBOARD)).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    found.add(target.path("expr").asText().replace("$job", ".*").replace("$__rate_interval", "1m"));
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> metricNames(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String e : expressions) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The names in a Prometheus text exposition (each sample line's name, before its labels or value). */
    static Set<String> exposed(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
