package dev.switchyard.auth.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchyard.core.json.Json;
import dev.switchyard.usage.UsageRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Usage records that could not be queued, as JSON lines. A file is written under a {@code .tmp} name, forced
 * to disk and renamed to {@code .jsonl}: only complete files are ever replayed. A {@code .tmp} left by a crash
 * is adopted at start (its torn last line, if any, is reported as corrupt). One process per directory.
 */
final class SpillFiles {
    static final String READY = ".jsonl";
    static final String PARTIAL = ".tmp";

    private final Path dir;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    SpillFiles(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    Path dir() {
        return dir;
    }

    /** Creates the directory and renames crash leftovers so they are replayed. */
    void prepare() throws IOException {
        Files.createDirectories(dir);
        for (Path partial : list(PARTIAL)) {
            String name = partial.getFileName().toString();
            Path ready = partial.resolveSibling(name.substring(0, name.length() - PARTIAL.length()) + READY);
            Files.move(partial, ready, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Writes one complete file holding {@code records}, in order. */
    Path write(List<UsageRecord> records) throws IOException {
        Files.createDirectories(dir);
        Path partial = newPartialFile();
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
                Writer out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8))) {
            for (UsageRecord record : records) {
                out.write(Json.mapper().writeValueAsString(SpillLine.of(record)));
                out.write('\n');
            }
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        String name = partial.getFileName().toString();
        Path ready = partial.resolveSibling(name.substring(0, name.length() - PARTIAL.length()) + READY);
        Files.move(partial, ready, StandardCopyOption.ATOMIC_MOVE);
        return ready;
    }

    /** Complete files, oldest first. */
    List<Path> ready() throws IOException {
        return list(READY);
    }

    Contents read(Path file) throws IOException {
        List<UsageRecord> records = new ArrayList<>();
        int corrupt = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(Json.mapper().readValue(line, SpillLine.class).toRecord());
            } catch (JsonProcessingException | RuntimeException e) {
                corrupt++;
            }
        }
        return new Contents(records, corrupt);
    }

    void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    private Path newPartialFile() throws IOException {
        while (true) {
            String name = String.format("usage-%013d-%06d%s", clock.millis(), sequence.incrementAndGet(), PARTIAL);
            try {
                return Files.createFile(dir.resolve(name));
            } catch (FileAlreadyExistsException e) {
                // a file of a previous run with the same millisecond and sequence: take the next number
            }
        }
    }

    private List<Path> list(String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("usage-"))
                    .filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    /** A spill file's records and how many of its lines could not be read back. */
    record Contents(List<UsageRecord> records, int corruptLines) {}

    /** {@link UsageRecord} with the time as ISO-8601 text: the shared mapper has no java.time support. */
    record SpillLine(
            String time,
            String requestId,
            String keyId,
            String tenantId,
            String userId,
            String modelAsked,
            String modelServed,
            String deployment,
            long inputTokens,
            long outputTokens,
            long cacheCreationTokens,
            long cacheReadTokens,
            long costMicros,
            long latencyMillis,
            long ttftMillis,
            int status,
            int retries,
            boolean fallback,
            boolean cacheHit,
            long savedMicros) {

        static SpillLine of(UsageRecord r) {
            return new SpillLine(r.time().toString(), r.requestId(), r.keyId(), r.tenantId(), r.userId(),
                    r.modelAsked(), r.modelServed(), r.deployment(), r.inputTokens(), r.outputTokens(),
                    r.cacheCreationTokens(), r.cacheReadTokens(), r.costMicros(), r.latencyMillis(), r.ttftMillis(),
                    r.status(), r.retries(), r.fallback(), r.cacheHit(), r.savedMicros());
        }

        UsageRecord toRecord() {
            if (time == null || requestId == null) {
                throw new IllegalArgumentException("spill line without time or request id");
            }
            return new UsageRecord(Instant.parse(time), requestId, keyId, tenantId, userId, modelAsked, modelServed,
                    deployment, inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens, costMicros,
                    latencyMillis, ttftMillis, status, retries, fallback, cacheHit, savedMicros);
        }
    }
}
