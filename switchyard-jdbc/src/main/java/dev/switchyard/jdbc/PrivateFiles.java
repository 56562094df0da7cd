package dev.switchyard.jdbc;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory and what is in it (key hashes, usage, conversations, spilled records) belong to the
 * owner only: directories 0700, files 0600, whatever the umask. Created so from the start (never briefly
 * readable), and tightened, with a log line, when an older version left them open. On a file system without
 * POSIX permissions there is nothing to set.
 */
public final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private PrivateFiles() {}

    /** Creates {@code dir} and its missing parents owner-only, or takes group and other permissions off it if it exists. */
    public static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            tighten(dir);
            return;
        }
        if (!posix(dir)) {
            Files.createDirectories(dir);
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectory(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Creates an empty file readable and writable by the owner only. */
    public static Path createFile(Path file) throws IOException {
        return posix(file.toAbsolutePath().getParent())
                ? Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE)) : Files.createFile(file);
    }

    /** Takes group and other permissions off every regular file in {@code dir} whose name starts with {@code prefix}. */
    public static void restrictFiles(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    tighten(f);
                }
            }
        }
    }

    /** Takes the group's and others' permissions away, leaving the owner's as they are. */
    private static void tighten(Path p) {
        if (!posix(p)) {
            return;
        }
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(p);
            Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
            now.stream().filter(OWNER::contains).forEach(owner::add);
            if (!owner.equals(now)) {
                Files.setPosixFilePermissions(p, owner);
                LOG.info("permissions of {} tightened from {} to {}", p.toAbsolutePath(),
                        PosixFilePermissions.toString(now), PosixFilePermissions.toString(owner));
            }
        } catch (IOException e) {
            // not ours to change (another owner): say so, but a store that opens is better than none
            LOG.warn("could not make {} owner-only: {}", p.toAbsolutePath(), e.toString());
        }
    }

    private static boolean posix(Path p) {
        Path existing = p == null ? null : p.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.getFileAttributeView(existing,
                java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }
}
