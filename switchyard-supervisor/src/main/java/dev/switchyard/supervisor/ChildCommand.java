package dev.switchyard.supervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a child is started: {@code <java> <jvm options> -cp <classpath> <mainClass> <leadingArgs> --config FILE
 * --roles R1,R2 --instance-id ID [--port P] [--role-port P]}. {@link #self()} runs Switchyard with the
 * supervisor's own JVM and classpath, so it works from the fat jar and from tests alike; tests run another
 * main class that takes the same arguments.
 */
public record ChildCommand(String java, String classpath, String mainClass, List<String> leadingArgs) {
    public static final String SWITCHYARD_MAIN = "dev.switchyard.app.Main";

    public ChildCommand {
        leadingArgs = List.copyOf(leadingArgs);
    }

    /** {@code switchyard run} on this JVM's java binary and classpath. */
    public static ChildCommand self() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ChildCommand(java, System.getProperty("java.class.path"), SWITCHYARD_MAIN, List.of("run"));
    }

    List<String> argv(ChildSpec child, Path config) {
        List<String> argv = new ArrayList<>();
        argv.add(java);
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
