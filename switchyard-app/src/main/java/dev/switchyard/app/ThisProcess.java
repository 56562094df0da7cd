package dev.switchyard.app;

import java.util.List;

/**
 * Who this process is to {@code /health} and {@code /admin/instances} until the cluster wiring names it:
 * an instance id from the host name and process id (stable while the process runs), and every role,
 * because by default one process serves them all.
 */
final class ThisProcess {
    /** RegistryConfig.ROLES in the order the issue lists them; all of them run here by default. */
    static final List<String> ALL_ROLES = List.of("gateway", "claude", "auth", "conversation", "translation",
            "filter", "cache");

    private ThisProcess() {}

    static String instanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = "local";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
