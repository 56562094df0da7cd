package dev.switchyard.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The migration scripts of one classpath folder, named by the folder's {@value #INDEX} file, one per line.
 * Flyway reads them from here instead of scanning the classpath: in the gateway's single jar a scan walked
 * every entry of a 180 MB file at each start, for each store. A script missing from the index would never
 * run, so every module with scripts has a test that opening its store applies every script of its folder.
 */
final class ListedScripts implements ResourceProvider {
    /** The index's file name, in the scripts' folder. */
    static final String INDEX = "scripts.list";
    private static final String CLASSPATH = "classpath:";

    private final List<Script> scripts;

    private ListedScripts(List<Script> scripts) {
        this.scripts = scripts;
    }

    /**
     * The scripts named by the index of {@code location} ({@code classpath:db/migration/auth}).
     *
     * @throws IllegalArgumentException when the location is not a {@code classpath:} one
     * @throws IllegalStateException when it has no index
     */
    static ListedScripts of(String location, ClassLoader loader) {
        String folder = folder(location);
        return new ListedScripts(names(location, loader).stream()
                .map(name -> new Script(folder, name, loader)).toList());
    }

    /** The file names listed by the index of {@code location}, in the index's order. */
    static List<String> names(String location, ClassLoader loader) {
        String index = folder(location) + "/" + INDEX;
        try (InputStream in = loader.getResourceAsStream(index)) {
            if (in == null) {
                throw new IllegalStateException("no migration index " + index + " on the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migration index " + index, e);
        }
    }

    /**
     * What Flyway's history records for each script once it is applied (version, file name, checksum), in the
     * index's order; empty when a script is not a versioned one ({@code V<version>__<description>.sql}).
     */
    Optional<List<SchemaHistory.Entry>> entries() {
        List<SchemaHistory.Entry> entries = new ArrayList<>(scripts.size());
        for (Script script : scripts) {
            String name = script.getFilename();
            int end = name.indexOf("__");
            if (!name.startsWith("V") || end < 2 || !name.endsWith(".sql")) {
                return Optional.empty();
            }
            entries.add(new SchemaHistory.Entry(name.substring(1, end).replace('_', '.'), name, script.checksum()));
        }
        return Optional.of(entries);
    }

    private static String folder(String location) {
        if (!location.startsWith(CLASSPATH)) {
            throw new IllegalArgumentException("migrations must be on the classpath, got " + location);
        }
        String folder = location.substring(CLASSPATH.length());
        return folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }

    @Override
    public LoadableResource getResource(String name) {
        return scripts.stream().filter(s -> s.getRelativePath().equals(name) || s.getFilename().equals(name))
                .findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return scripts.stream()
                .filter(s -> s.getFilename().startsWith(prefix)
                        && Arrays.stream(suffixes).anyMatch(s.getFilename()::endsWith))
                .map(LoadableResource.class::cast).toList();
    }

    /** One listed script, read from the classpath when Flyway asks for its text. */
    private static final class Script extends LoadableResource {
        private final String folder;
        private final String name;
        private final ClassLoader loader;

        Script(String folder, String name, ClassLoader loader) {
            this.folder = folder;
            this.name = name;
            this.loader = loader;
        }

        @Override
        public Reader read() {
            InputStream in = loader.getResourceAsStream(getAbsolutePath());
            if (in == null) {
                throw new IllegalStateException("migration " + getAbsolutePath()
                        + " is listed in " + INDEX + " but not on the classpath");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        /**
         * Flyway's checksum of the script: a CRC-32 of each line's UTF-8 bytes without its line break, a byte
         * order mark dropped from the first. A test compares it with the one Flyway itself stores.
         */
        int checksum() {
            CRC32 crc = new CRC32();
            try (BufferedReader lines = new BufferedReader(read())) {
                String line = lines.readLine();
                if (line != null && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                for (; line != null; line = lines.readLine()) {
                    crc.update(line.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the migration " + getAbsolutePath(), e);
            }
            return (int) crc.getValue();
        }

        @Override
        public String getAbsolutePath() {
            return folder + "/" + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            URL url = loader.getResource(getAbsolutePath());
            return url == null ? null : url.getPath();
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
