package dev.switchyard.core.net;

import io.vertx.core.transport.Transport;
import java.util.Locale;

/**
 * The network transport a server's Vert.x runs on, chosen at start ({@code run --transport}, the simulator,
 * the bench's bare proxy).
 *
 * <p>Why io_uring first: on this project's benchmark machine a bare Vert.x proxy served 51,500-52,400
 * against 42,100-44,500 req/s over epoll, at 16 against 25 us of CPU per request (BENCHMARKS.md, issue 15,
 * tenth pass): io_uring batches the reads and writes of a loop's turn into one system call, and system calls
 * are dear on a virtual machine. Where the kernel or a container's seccomp profile refuses io_uring, {@code auto}
 * takes epoll, and NIO where neither native transport loads; naming one explicitly fails the start instead.
 */
public enum NetworkTransport {
    AUTO, IO_URING, EPOLL, NIO;

    /** The option's spelling, as {@code --transport} takes it. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code --transport}'s value; null when it names none. */
    public static NetworkTransport parse(String value) {
        for (NetworkTransport t : values()) {
            if (t.spelling().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return t;
            }
        }
        return null;
    }

    /** As {@link #parse}, failing with the message every command gives for a value that names none. */
    public static NetworkTransport named(String value) {
        NetworkTransport t = parse(value);
        if (t == null) {
            throw new IllegalArgumentException("--transport: must be auto, io_uring, epoll or nio, got " + value);
        }
        return t;
    }

    /** This choice's transport among what loads in this JVM. */
    public Transport pick() {
        return pick(Transport.IO_URING, Transport.EPOLL);
    }

    /** Which transport this choice runs on, given what loads here; fails naming what could not be had. */
    public Transport pick(Transport ioUring, Transport epoll) {
        return switch (this) {
            case AUTO -> usable(ioUring) ? ioUring : usable(epoll) ? epoll : Transport.NIO;
            case IO_URING -> required(ioUring, "io_uring");
            case EPOLL -> required(epoll, "epoll");
            case NIO -> Transport.NIO;
        };
    }

    private static boolean usable(Transport t) {
        return t != null && t.available();
    }

    private static Transport required(Transport t, String name) {
        if (usable(t)) {
            return t;
        }
        Throwable cause = t == null ? null : t.unavailabilityCause();
        throw new IllegalStateException("--transport " + name + ": not available here ("
                + (cause == null ? "its library is not on the class path" : cause.toString())
                + "); use --transport auto to fall back to another");
    }
}
