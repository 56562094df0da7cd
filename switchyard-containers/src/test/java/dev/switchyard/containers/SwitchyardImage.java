package dev.switchyard.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The image under test, built once per test JVM from deploy/image/Dockerfile with deploy/image/build.sh
 * --offline (stand-ins of the public base images, `--pull=never`: this machine reaches no registry), under a
 * name of its own that is removed when the JVM exits.
 */
final class SwitchyardImage {
    private static String tag;

    private SwitchyardImage() {}

    static synchronized String tag() {
        if (tag == null) {
            Path jar = Podman.ROOT.resolve("switchyard-app/target/switchyard.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: these tests run in `./mvnw verify`, after "
                        + "switchyard-app's package phase");
            }
            String name = "localhost/switchyard:test-" + UUID.randomUUID().toString().substring(0, 8);
            Podman.ok(Duration.ofMinutes(6), "deploy/image/build.sh", "--offline", "--tag", name);
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
                    Podman.run(Duration.ofSeconds(60), "podman", "rmi", "-f", name)));
            tag = name;
        }
        return tag;
    }
}
