package dev.switchyard.supervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a child is started: {@code <java> <jvmOptions> <the service's jvm options> -cp <classpath> <mainClass>
 * <leadingArgs> --config FILE --roles R1,R2 --instance-id ID [--port P] [--role-port P]}. {@link #self()} runs
 * Switchyard with the supervisor's own JVM and classpath, so it works from the fat jar and from tests alike;
 * tests run another main class that takes the same arguments.
 */
public record ChildCommand(String java, List<String> jvmOptions, String classpath, String mainClass,
        List<String> leadingArgs) {
    public static final String SWITCHYARD_MAIN = "dev.switchyard.app.Main";

    /**
     * The jar's manifest grants native access to the classpath ({@code Enable-Native-Access}), but only to a JVM
     * started with {@code -jar}; a child started with {@code -cp} needs the option. Without it the JVM warns at
     * Netty's first native call, and Netty on JDK 25 (unless allowed {@code sun.misc.Unsafe}) frees its direct
     * buffers through shared memory arenas, one JVM-wide handshake each: a role process then took 0.9-1.3 s
     * more to stop after its drain (the io_uring transport freeing its message headers), 2-4 s on a busy
     * machine.
     */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** Set by the JVM from {@code --sun-misc-unsafe-memory-access}, which the launcher gives on JDK 24 and 25. */
    private static final String UNSAFE_ACCESS_PROPERTY = "sun.misc.unsafe.memory.access";

    public ChildCommand {
        jvmOptions = List.copyOf(jvmOptions);
        leadingArgs = List.copyOf(leadingArgs);
    }

    /** With no JVM options of its own: each child gets only its service's. */
    public ChildCommand(String java, String classpath, String mainClass, List<String> leadingArgs) {
        this(java, List.of(), classpath, mainClass, leadingArgs);
    }

    /**
     * {@code switchyard run} on this JVM's java binary and classpath, with native access, and with the launcher's
     * choice about {@code sun.misc.Unsafe} when this JVM was given one.
     */
    public static ChildCommand self() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ChildCommand(java, inheritedOptions(System.getProperty(UNSAFE_ACCESS_PROPERTY)),
                System.getProperty("java.class.path"), SWITCHYARD_MAIN, List.of("run"));
    }

    /** {@code unsafeAccess}: this JVM's {@code --sun-misc-unsafe-memory-access} value, or null. */
    static List<String> inheritedOptions(String unsafeAccess) {
        List<String> options = new ArrayList<>(List.of(NATIVE_ACCESS));
        if (unsafeAccess != null && !unsafeAccess.isBlank()) {
            options.add("--sun-misc-unsafe-memory-access=" + unsafeAccess);
        }
        return options;
    }

    List<String> argv(ChildSpec child, Path config) {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(jvmOptions);
        argv.addAll(child.jvmOptions());
        argv.addAll(List.of("-cp", classpath, mainClass));
        argv.addAll(leadingArgs);
        argv.addAll(List.of("--config", config.toString(), "--roles", String.join(",", child.roles()),
                "--instance-id", child.id()));
        if (child.port() != 0) {
            argv.addAll(List.of("--port", Integer.toString(child.port())));
        }
        if (child.rolePort() != 0) {
            argv.addAll(List.of("--role-port", Integer.toString(child.rolePort())));
        }
        return argv;
    }
}
