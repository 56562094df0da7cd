package dev.switchyard.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells the launcher that the run recording its start-up cache got as far as serving. The JVM writes the
 * cache of the classes a run loaded when it exits, whatever the run did: a {@code run --help} or a run that
 * failed on its config would leave a cache of a few classes, and every later start would map it and load
 * the rest the slow way (3.3-3.8 s to {@code /ready} against 1.7-1.9 s). The launcher keeps a recorded cache
 * only when this mark exists beside it (see the launcher's comments).
 */
final class StartupCacheMark {
    /** The system property the launcher sets to the mark's path when the run records a cache. */
    static final String PROPERTY = "switchyard.startup-cache.ready";

    private StartupCacheMark() {}

    /** Writes the mark when the launcher asked for one; a failure only costs the next start its cache. */
    static void serving() {
        String path = System.getProperty(PROPERTY);
        if (path == null || path.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(path), "serving\n");
        } catch (IOException | RuntimeException e) {
            // the next start records again: slower once, never wrong
        }
    }
}
