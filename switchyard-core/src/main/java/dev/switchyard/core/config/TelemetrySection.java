package dev.switchyard.core.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads the {@code telemetry:} section ({@link TelemetryConfig}). */
final class TelemetrySection {
    private TelemetrySection() {}

    static TelemetryConfig read(Node n) {
        TelemetryConfig d = TelemetryConfig.defaults();
        if (!n.present()) {
            return d;
        }
        n.allowOnly(Set.of("endpoint", "headers", "sampling_ratio", "service_name", "resource", "recent_traces",
                "capture_content"));
        Node recent = n.get("recent_traces");
        recent.allowOnly(Set.of("size", "ratio", "per_second"));
        return new TelemetryConfig(endpoint(n.get("endpoint")), strings(n.get("headers")),
                ratio(n.get("sampling_ratio"), d.samplingRatio()), n.get("service_name").text(d.serviceName()),
                strings(n.get("resource")), recent.get("size").integer(d.recentTraces(), 0, 1_000_000),
                ratio(recent.get("ratio"), d.recentRatio()),
                recent.get("per_second").integer(d.recentPerSecond(), 0, 1_000_000),
                n.get("capture_content").bool(false));
    }

    private static URI endpoint(Node n) {
        String s = n.text(null);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(s.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                n.problem("must be an http(s) URL of an OTLP/HTTP receiver, e.g. http://127.0.0.1:4318, got '" + s + "'");
                return null;
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            n.problem("not a URL: '" + s + "'");
            return null;
        }
    }

    private static double ratio(Node n, double dflt) {
        double v = n.number(dflt, 0);
        if (v > 1) {
            n.problem("must be between 0 and 1, got " + v);
            return dflt;
        }
        return v;
    }

    private static Map<String, String> strings(Node n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.entries()) {
            out.put(e.getKey(), e.getValue().text(""));
        }
        return out;
    }
}
