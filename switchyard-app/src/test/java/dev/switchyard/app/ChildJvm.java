package dev.switchyard.app;

import dev.switchyard.supervisor.ChildCommand;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * The JVM that tests start Switchyard processes with: this JVM's java binary and test classpath, with each class
 * directory packed into a jar, the JVM options {@code switchyard up} gives its processes, and, on JDK 25 or later,
 * a start-up cache ({@code -XX:AOTCache}) that one training run of the quick start records the first time a test
 * asks. The JVM caches classes from jars only.
 * From the cache a process reaches "listening" in about a third of the time (0.5 s against 1.4 s, idle), and
 * the topology tests start about forty of them on two cores; what they run is the product's code either way, as
 * the launcher's own cache runs it. The cache was recorded with the JVM's default collector and serves the
 * others; a cache the JVM cannot use is skipped, and that process starts as it would have without one.
 */
public final class ChildJvm {
    private static final Path DIR = Path.of("target", "child-jvm").toAbsolutePath();
    private static ChildJvm shared;

    private final ChildCommand self;
    /** The test classpath with jars in place of directories, in the same order: the cache maps jars only. */
    private final String classpath;
    /** {@link ChildCommand#self()}'s options ({@code switchyard up}'s), then the cache's when one was recorded. */
    private final List<String> options;

    private ChildJvm(ChildCommand self, String classpath, List<String> cacheOptions) {
        this.self = self;
        this.classpath = classpath;
        List<String> all = new ArrayList<>(self.jvmOptions());
        all.addAll(cacheOptions);
        this.options = List.copyOf(all);
    }

    /** The one of this test JVM, prepared by the first caller: later callers wait for it. */
    public static synchronized ChildJvm shared() throws IOException {
        if (shared == null) {
            try {
                shared = prepare();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while recording the start-up cache");
            }
        }
        return shared;
    }

    /** {@code java <the options> <jvmOptions> -cp <the classpath> dev.switchyard.app.Main <args>}. */
    public List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>(List.of(self.java()));
        command.addAll(options);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, Main.class.getName()));
        command.addAll(args);
        return command;
    }

    /** {@code switchyard up}'s command for its children, on this classpath and with these options. */
    public ChildCommand childCommand() {
        return new ChildCommand(self.java(), options, classpath, self.mainClass(), self.leadingArgs());
    }

    private static ChildJvm prepare() throws IOException, InterruptedException {
        ChildCommand self = ChildCommand.self();
        deleteTree(DIR); // a run's jars and cache are its own: an earlier run's may hold other classes
        Files.createDirectories(DIR);
        String classpath = jarredClasspath(self.classpath());
        Path cache = DIR.resolve("switchyard.aot");
        if (Runtime.version().feature() >= 25 && train(self, classpath, cache)) {
            // quiet: a cache it cannot use would otherwise be reported on the output that tests read
            return new ChildJvm(self, classpath, List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"));
        }
        return new ChildJvm(self, classpath, List.of());
    }

    private static String jarredClasspath(String classpath) throws IOException {
        List<String> out = new ArrayList<>();
        int index = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path parent = p.toAbsolutePath().getParent();
                String module = parent.getParent() == null ? "root" : parent.getParent().getFileName().toString();
                Path jar = DIR.resolve(index++ + "-" + module + "-" + p.getFileName() + ".jar");
                pack(p, jar);
                out.add(jar.toString());
            } else if (Files.exists(p)) {
                out.add(entry);
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /** The directory's files as a jar, compressed fast: it is read once per start, and written once per run. */
    private static void pack(Path dir, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(dir)) {
            out.setLevel(Deflater.BEST_SPEED);
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    /**
     * Records the cache: the quick start on a data directory of its own, stopped with SIGTERM once it listens;
     * the JVM writes the cache as it exits. False, with the output left in the directory, when it did not.
     */
    private static boolean train(ChildCommand self, String classpath, Path cache)
            throws IOException, InterruptedException {
        Path data = DIR.resolve("training-data");
        deleteTree(data);
        Path log = DIR.resolve("training.log");
        List<String> command = new ChildJvm(self, classpath, List.of()).command(
                List.of("-XX:AOTCacheOutput=" + cache), List.of("run", "--port", "0", "--data-dir", data.toString(),
                        "--upstream", "http://127.0.0.1:9", "--client-key", "sk-child-jvm-training-0123456789"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(DIR.toFile());
        builder.environment().remove("ANTHROPIC_API_KEY");
        Process p = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && !Files.readString(log).contains("Switchyard listening on")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            p.destroy();
            return p.waitFor(60, TimeUnit.SECONDS) && Files.isRegularFile(cache);
        } finally {
            p.destroyForcibly();
            deleteTree(data);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }
}
