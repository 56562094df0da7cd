import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step of switchyard-app, run by the JDK's source launcher after the jar is shaded:
 *
 * <pre>java -cp asm.jar UpgradeClassVersions.java JAR PACKAGE_PREFIX...</pre>
 *
 * Rewrites, inside JAR, the classes under each prefix (e.g. {@code picocli/}) that are older than Java 8's
 * class file format to that format, with the stack map frames it requires. Why: picocli ships Java 5 class
 * files, and the JVM's start-up cache (AOT cache on JDK 25, class data sharing before) leaves such "old"
 * classes out, so every start parsed and verified its 170-odd classes again (BENCHMARKS.md, issue 15, ninth
 * pass). The bytecode itself is unchanged; only the version and the frames are new.
 */
public final class UpgradeClassVersions {
    private static final int TARGET = Opcodes.V1_8;

    private UpgradeClassVersions() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: UpgradeClassVersions JAR PACKAGE_PREFIX...");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        List<String> prefixes = List.of(args).subList(1, args.length);
        int upgraded = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
             FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            for (String prefix : prefixes) {
                Path dir = zip.getPath("/" + prefix);
                if (!Files.isDirectory(dir)) {
                    throw new IOException("no " + prefix + " in " + jar);
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        byte[] upgradedClass = upgrade(Files.readAllBytes(file), loader);
                        if (upgradedClass != null) {
                            Files.write(file, upgradedClass);
                            upgraded++;
                        }
                    }
                }
            }
        }
        System.out.println("UpgradeClassVersions: " + upgraded + " classes of " + prefixes + " now Java 8 class files");
    }

    /** The class in Java 8's format with computed frames, or null when it is that recent already. */
    static byte[] upgrade(byte[] classFile, ClassLoader loader) {
        ClassReader reader = new ClassReader(classFile);
        if (reader.readUnsignedShort(6) >= (TARGET & 0xFFFF)) {
            return null;
        }
        // Computing frames needs the common superclass of two types: loaded from the jar itself.
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return loader;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(TARGET, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
