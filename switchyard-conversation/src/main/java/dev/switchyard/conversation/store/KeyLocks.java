package dev.switchyard.conversation.store;

import dev.switchyard.core.error.ApiException;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Read-write locks striped by ring position. Every call on a user's data holds its stripe shared for the
 * time it routes and runs; a reshard holds the stripes of the users it is moving exclusive, so no call can
 * route to a shard whose copy is about to become stale or be deleted. Exclusive holders lock stripes in
 * index order, and shared holders hold one stripe, so there is no lock-order cycle.
 */
final class KeyLocks {
    private static final int STRIPES = 256;

    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];
    private final long waitMillis;

    KeyLocks(long waitMillis) {
        this.waitMillis = waitMillis;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** Runs {@code work} holding the position's stripe shared; overloaded when a reshard holds it too long. */
    <T> T shared(long position, Supplier<T> work) {
        Lock lock = stripes[stripe(position)].readLock();
        if (!tryLock(lock)) {
            throw ApiException.overloaded("conversation storage is moving this user's data; retry shortly");
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} holding the stripes of every position exclusive (waiting as long as it takes). */
    <T> T exclusive(Collection<Long> positions, Supplier<T> work) {
        return exclusive(positions.stream().mapToInt(KeyLocks::stripe).distinct().sorted().toArray(), work);
    }

    /** Runs {@code work} with every stripe exclusive: no call on any user runs meanwhile. */
    <T> T exclusiveAll(Supplier<T> work) {
        return exclusive(IntStream.range(0, STRIPES).toArray(), work);
    }

    private <T> T exclusive(int[] sortedStripes, Supplier<T> work) {
        int held = 0;
        try {
            for (int stripe : sortedStripes) {
                stripes[stripe].writeLock().lock();
                held++;
            }
            return work.get();
        } finally {
            for (int i = held - 1; i >= 0; i--) {
                stripes[sortedStripes[i]].writeLock().unlock();
            }
        }
    }

    private boolean tryLock(Lock lock) {
        try {
            return lock.tryLock(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int stripe(long position) {
        return (int) Math.floorMod(position, (long) STRIPES);
    }
}
