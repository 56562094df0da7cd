package dev.switchyard.supervisor;

/** The sample topology {@code switchyard up --example} writes: the layout with an etcd registry. */
public final class ExampleTopology {
    private ExampleTopology() {}

    /** The config file the sample names, next to the topology. */
    public static final String CONFIG_FILE = "switchyard.yaml";

    public static final String TEXT = """
            # switchyard up topology: runs Switchyard's roles as separate processes on this machine.
            # Start it with `switchyard up --topology THIS_FILE`; Ctrl-C (or SIGTERM) stops every process.
            #
            # Every process loads the config file below. For this layout it needs, besides its deployments:
            #   registry: { type: etcd, etcd: { endpoints: ["http://127.0.0.1:2379"] } }
            # (an etcd v3 server on that address, e.g. Debian's etcd-server), and for the conversation role its
            # `conversations:` store. `switchyard check-config switchyard.yaml` checks it.
            # Relative paths here are taken from this file's directory.

            config: switchyard.yaml

            # The secret every call between roles carries. Leave it out to pass on SWITCHYARD_CLUSTER_SECRET
            # from the environment; if that is unset too, a random one is made for the run.
            cluster_secret: ${SWITCHYARD_CLUSTER_SECRET:-}

            # Each process's output goes to RUN_DIR/<service>-<n>.log; the supervisor's own to supervisor.log.
            run_dir: .switchyard-up

            # Per service: `instances` (default 1) and `port`, the first instance's port (instance n listens on
            # port + n - 1): the HTTP port for the gateway, the role port for any other role. A service's roles
            # are its name, or a `roles` list (a service serving the gateway and other roles also needs
            # `role_port`). `jvm_options` go to each of its JVMs.
            services:
              gateway:
                port: 8080
              claude:
                instances: 3
                port: 7101
                jvm_options: [-Xmx256m]
              auth:
                instances: 2
                port: 7201
                jvm_options: [-Xmx256m]
              conversation:
                port: 7301
                jvm_options: [-Xmx256m]

            # How processes are watched. A process that exits, or fails `unhealthy_after` checks in a row
            # (GET /health on its port), is stopped and started again after its restart backoff: `min` for
            # the first restart, doubling up to `max`, back to `min` once it has been healthy for `max`.
            supervision:
              check_interval: 5s
              check_timeout: 2s
              unhealthy_after: 3
              start_timeout: 60s   # a new process has this long to answer its first check
              restart_backoff: { min: 1s, max: 60s }
              stop_grace: 10s      # after SIGTERM, before SIGKILL
            """;
}
