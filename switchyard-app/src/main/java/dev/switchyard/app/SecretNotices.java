package dev.switchyard.app;

import dev.switchyard.jdbc.PrivateFiles;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Secrets made at start (the first admin and client keys, a key generated for a run): shown once, to a person.
 * On a terminal they are printed. Otherwise stdout usually ends in a log collector, where a secret would live
 * forever and be read by whoever reads logs, so they go to an owner-only file in the data directory instead and
 * only its path is printed.
 */
final class SecretNotices {
    static final String FILE = "first-start-keys.txt";

    private SecretNotices() {}

    /** Shows {@code secrets} (nothing to do when empty) on {@code out} if it is a terminal, else in {@code dataDir}'s file. */
    static void show(List<String> secrets, boolean terminal, Path dataDir, PrintStream out) throws IOException {
        if (secrets.isEmpty()) {
            return;
        }
        if (terminal) {
            secrets.forEach(out::println);
            return;
        }
        PrivateFiles.createDirectory(dataDir);
        Path file = dataDir.resolve(FILE);
        // a file an earlier start left may be readable by others: never write into it, replace it
        Files.deleteIfExists(file);
        PrivateFiles.createFile(file);
        Files.write(file, secrets, StandardCharsets.UTF_8);
        out.println("Secrets were made at this start; stdout is not a terminal, so they are not shown here but written "
                + "to " + file.toAbsolutePath() + " (owner-only): read them, then delete the file");
    }

    /**
     * Whether stdout is a terminal. Up to Java 21 {@link System#console()} is null when it is not; from Java 22 a
     * console may exist anyway and {@code Console.isTerminal()} says (called by reflection: this is built for 21).
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
