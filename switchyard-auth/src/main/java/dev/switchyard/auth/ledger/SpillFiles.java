package dev.switchyard.auth.ledger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.switchyard.core.json.Json;
import dev.switchyard.jdbc.PrivateFiles;
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

    /** The shared mapper, plus java.time.Instant as ISO-8601 text (the format of every spill file so far). */
    private static final ObjectMapper LINES = Json.mapper().copy().registerModule(new SimpleModule()
            .addSerializer(Instant.class, ToStringSerializer.instance)
            .addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
                @Override
                public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                    return Instant.parse(p.getValueAsString());
                }
            }));

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
        PrivateFiles.createDirectory(dir);
        for (Path partial : list(PARTIAL)) {
            String name = partial.getFileName().toString();
            Path ready = partial.resolveSibling(name.substring(0, name.length() - PARTIAL.length()) + READY);
            Files.move(partial, ready, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Writes one complete file holding {@code records}, in order. */
    Path write(List<UsageRecord> records) throws IOException {
        PrivateFiles.createDirectory(dir);
        Path partial = newPartialFile();
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
                Writer out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8))) {
            for (UsageRecord record : records) {
                out.write(LINES.writeValueAsString(record));
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
        forceDirectory();
        return ready;
    }

    /** The rename must survive a power cut too, not only a crash of the process: force the directory entry. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // not every platform opens a directory; the file's contents are on disk already
        }
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
                records.add(readLine(line));
            } catch (IOException | RuntimeException e) {
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
                return PrivateFiles.createFile(dir.resolve(name));
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

    private static UsageRecord readLine(String line) throws IOException {
        UsageRecord r = LINES.readValue(line, UsageRecord.class);
        if (r.time() == null || r.requestId() == null) {
            throw new IOException("spill line without time or request id");
        }
        return r;
    }

    /** A spill file's records and how many of its lines could not be read back. */
    record Contents(List<UsageRecord> records, int corruptLines) {}
}
