package dev.switchyard.core.net;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts for the calls of the request path, without a Vert.x timer for each.
 *
 * <p>Design. A call's timeout is set and then, nearly always, cancelled: Vert.x's {@code setTimer} and
 * {@code cancelTimer} cost a concurrent map entry, a Netty task and a priority-queue insert and removal per
 * call (two per request, 0.8 us of CPU in the core path's profile: BENCHMARKS.md, issue 15, twelfth pass).
 * Here each event loop keeps its pending timeouts in one intrusive doubly-linked list, touched only by
 * that loop's thread: starting one links a node at the tail, cancelling unlinks it. One Netty task per
 * loop, scheduled while the list is not empty, sweeps it every {@link #SWEEP_MILLIS} and runs what is due
 * on the context that started it, so a timeout fires up to that much late. While every timeout in the
 * list was added with a due time no earlier than the one before (one duration, the usual case), a sweep
 * stops at the first that is not due. Off an event loop (a worker, a test's own thread) a timeout is a
 * plain Vert.x timer. The sweep is a Netty task, not a Vert.x timer, because Vert.x cancels a verticle's
 * timers when it is undeployed, and the list serves every context of its loop.
 */
public final class LoopTimeouts {
    /** How late a timeout may fire; the sweep's period while any is pending. */
    static final long SWEEP_MILLIS = 10;
    private static final ThreadLocal<Loop> LOOPS = new ThreadLocal<>();

    private LoopTimeouts() {}

    /** A pending timeout. */
    public interface Timeout {
        /** Stops it: {@code onExpiry} will not run (unless it already has). Any thread; idempotent. */
        void cancel();
    }

    /**
     * Runs {@code onExpiry} on the calling context after {@code millis} (at least 1), unless cancelled
     * first. Called on an event loop, it joins that loop's list; anywhere else it is a Vert.x timer.
     */
    public static Timeout start(Vertx vertx, long millis, Runnable onExpiry) {
        long delay = Math.max(1, millis);
        Context context = Vertx.currentContext();
        if (!(context instanceof ContextInternal internal) || !context.isEventLoopContext()
                || !internal.nettyEventLoop().inEventLoop()) {
            long id = vertx.setTimer(delay, t -> onExpiry.run());
            return () -> vertx.cancelTimer(id);
        }
        Loop loop = LOOPS.get();
        if (loop == null) {
            loop = new Loop(internal.nettyEventLoop());
            LOOPS.set(loop);
        }
        return loop.add(context, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay), onExpiry);
    }

    /** The pending timeouts of one event loop; every field is touched by that loop's thread only. */
    static final class Loop {
        private final EventLoop eventLoop;
        private Node head;
        private Node tail;
        private boolean ordered = true;
        private boolean sweepScheduled;

        Loop(EventLoop eventLoop) {
            this.eventLoop = eventLoop;
        }

        Node add(Context context, long dueNanos, Runnable onExpiry) {
            Node node = new Node(this, context, dueNanos, onExpiry);
            if (tail == null) {
                head = node;
                ordered = true;
            } else {
                ordered &= dueNanos >= tail.dueNanos;
                tail.next = node;
                node.prev = tail;
            }
            tail = node;
            if (!sweepScheduled) {
                sweepScheduled = true;
                eventLoop.schedule(this::sweep, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
            }
            return node;
        }

        void sweep() {
            long now = System.nanoTime();
            Node node = head;
            while (node != null) {
                Node next = node.next;
                if (node.dueNanos - now <= 0) {
                    unlink(node);
                    node.expire();
                } else if (ordered) {
                    break;
                }
                node = next;
            }
            if (head == null) {
                sweepScheduled = false;
            } else {
                eventLoop.schedule(this::sweep, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        void unlink(Node node) {
            if (!node.linked) {
                return;
            }
            node.linked = false;
            if (node.prev == null) {
                head = node.next;
            } else {
                node.prev.next = node.next;
            }
            if (node.next == null) {
                tail = node.prev;
            } else {
                node.next.prev = node.prev;
            }
            node.prev = null;
            node.next = null;
            if (head == null) {
                ordered = true;
            }
        }

        /** How many timeouts are pending (tests). */
        int pending() {
            int n = 0;
            for (Node node = head; node != null; node = node.next) {
                n++;
            }
            return n;
        }
    }

    private static final class Node implements Timeout {
        private final Loop loop;
        private final Context context;
        private final long dueNanos;
        private final Runnable onExpiry;
        private Node prev;
        private Node next;
        private boolean linked = true;

        Node(Loop loop, Context context, long dueNanos, Runnable onExpiry) {
            this.loop = loop;
            this.context = context;
            this.dueNanos = dueNanos;
            this.onExpiry = onExpiry;
        }

        @Override
        public void cancel() {
            if (loop.eventLoop.inEventLoop()) {
                loop.unlink(this);
            } else {
                loop.eventLoop.execute(() -> loop.unlink(this));
            }
        }

        /** On the context that started it: what it runs may use that context's futures and timers. */
        void expire() {
            context.runOnContext(v -> onExpiry.run());
        }
    }

    /** The calling event loop's list, or null off a loop or before its first timeout (tests). */
    static Loop currentLoop() {
        return LOOPS.get();
    }
}
