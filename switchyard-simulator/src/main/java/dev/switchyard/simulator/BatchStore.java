package dev.switchyard.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batches in memory, oldest first, shared by every event loop. Bounded: past {@link #CAPACITY} the
 * oldest is forgotten (a restart forgets them all), so that a long benchmark cannot grow it without end.
 */
final class BatchStore {
    static final int CAPACITY = 10_000;

    private final LinkedHashMap<String, Batch> batches = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Batch> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void add(Batch batch) {
        batches.put(batch.id(), batch);
    }

    /** The batch, or null. */
    synchronized Batch find(String id) {
        return batches.get(id);
    }

    synchronized void remove(String id) {
        batches.remove(id);
    }

    synchronized List<Batch> newestFirst() {
        return new ArrayList<>(batches.sequencedValues().reversed());
    }
}
