package dev.switchyard.core.net;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Vert.x shares a listening port between the servers of one Vert.x instance that ask for the same
 * port. Port 0 is not shared (each server would get its own random port); a negative port -k means
 * "one random port shared by every server asking for -k". Every server group of the process that
 * wants a random port takes its own -k here, so two groups never land on one socket by accident.
 */
public final class SharedPorts {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private SharedPorts() {}

    /** The port to pass to {@code listen} for every server of one group. */
    public static int bindPort(int configured) {
        return configured == 0 ? -NEXT.incrementAndGet() : configured;
    }
}
