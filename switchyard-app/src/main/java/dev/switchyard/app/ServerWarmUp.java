package dev.switchyard.app;

import java.util.Optional;

/**
 * Class initialisation that a server's start waits for, begun on a thread of its own while the main thread
 * builds the command line. Netty's platform probe (it links {@code malloc} and {@code free} through the
 * foreign-function API on JDK 24 and later) and its native transport's library load (io_uring's, which
 * {@code --transport auto} tries first) took about 0.18 s of the main thread on the way to /ready, after
 * picocli's 0.19 s (BENCHMARKS.md, issue 15, sixth pass); side by side they overlap. Jackson's mapper follows:
 * the auth store built it on its way to /ready. The JVM runs a class's initialiser once: a thread that needs
 * it meanwhile waits for this one. Failures are left to the code that needs the class, which reports them as
 * it always has.
 */
final class ServerWarmUp {
    private static final String[] CLASSES = {
        "io.netty.util.internal.PlatformDependent",
        "io.netty.channel.uring.IoUring", // the transport --transport auto tries first
        "dev.switchyard.core.json.Json", // Jackson's mapper, built by whichever store or route reads JSON first
    };

    private ServerWarmUp() {}

    /** Starts the warm-up thread when {@code args} name a server command; returns it. */
    static Optional<Thread> startFor(String[] args) {
        if (args.length > 0 && ("run".equals(args[0]) || "simulate".equals(args[0]))) {
            return Optional.of(Thread.ofPlatform().daemon().name("switchyard-warm-up").start(ServerWarmUp::initialise));
        }
        return Optional.empty();
    }

    private static void initialise() {
        ClassLoader loader = ServerWarmUp.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                return; // the server's own use of the class reports it
            }
        }
    }
}
