package dev.switchyard.app.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what the monitor needs from a {@code /proc} tree (its root given, so a test can hand it its own
 * files). Never throws: a file that is missing or not as expected gives {@code -1} for its values, and the
 * gauges show no number rather than a failed scrape.
 */
final class ProcReader {
    private final Path root;

    ProcReader(Path root) {
        this.root = root;
    }

    /** Memory in bytes, or -1 each when unknown. */
    record Memory(long totalBytes, long availableBytes) {
        static final Memory UNKNOWN = new Memory(-1, -1);

        long usedBytes() {
            return totalBytes < 0 || availableBytes < 0 ? -1 : totalBytes - availableBytes;
        }
    }

    /** Bytes over every interface but {@code lo}, or -1 each when unknown. */
    record Network(long receivedBytes, long sentBytes) {
        static final Network UNKNOWN = new Network(-1, -1);
    }

    /** One reading of everything. */
    record Snapshot(Memory memory, long rssBytes, Network network) {
        static final Snapshot UNKNOWN = new Snapshot(Memory.UNKNOWN, -1, Network.UNKNOWN);
    }

    Snapshot read() {
        return new Snapshot(memory(), rssBytes(), network());
    }

    Memory memory() {
        List<String> lines = lines("meminfo");
        long total = kilobytes(lines, "MemTotal:");
        long available = kilobytes(lines, "MemAvailable:");
        return new Memory(total, available);
    }

    long rssBytes() {
        return kilobytes(lines("self/status"), "VmRSS:");
    }

    /**
     * {@code /proc/net/dev}: two header lines, then {@code name: rx_bytes rx_packets ... (8 receive fields)
     * tx_bytes ...}.
     */
    Network network() {
        List<String> lines = lines("net/dev");
        if (lines.size() < 2) {
            return Network.UNKNOWN;
        }
        long received = 0;
        long sent = 0;
        for (String line : lines.subList(2, lines.size())) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                return Network.UNKNOWN;
            }
            if (line.substring(0, colon).trim().equals("lo")) {
                continue;
            }
            String[] fields = line.substring(colon + 1).trim().split("\\s+");
            long rx = number(fields, 0);
            long tx = number(fields, 8);
            if (rx < 0 || tx < 0) {
                return Network.UNKNOWN;
            }
            received += rx;
            sent += tx;
        }
        return new Network(received, sent);
    }

    /** {@code Key:   1234 kB} as bytes; -1 when the key is missing or its value is not a number. */
    private static long kilobytes(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key)) {
                String[] fields = line.substring(key.length()).trim().split("\\s+");
                long kb = number(fields, 0);
                return kb < 0 ? -1 : kb * 1024;
            }
        }
        return -1;
    }

    private static long number(String[] fields, int index) {
        if (index >= fields.length) {
            return -1;
        }
        try {
            return Long.parseLong(fields[index]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private List<String> lines(String file) {
        try {
            return Files.readAllLines(root.resolve(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
