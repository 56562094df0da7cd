package dev.switchyard.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The uploaded files in memory, oldest first, shared by every event loop. Bounded by their total size: a
 * new file makes room by forgetting the oldest ones (a restart forgets them all), so that a long run
 * keeps working instead of filling up.
 */
final class FileStore {
    private final long capacityBytes;
    private final LinkedHashMap<String, StoredFile> files = new LinkedHashMap<>();
    private long usedBytes;

    FileStore(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    long capacityBytes() {
        return capacityBytes;
    }

    /** Stores a file no larger than the capacity, forgetting the oldest files as needed. */
    synchronized void add(StoredFile file) {
        if (file.size() > capacityBytes) {
            throw new IllegalArgumentException("file larger than the store: " + file.size());
        }
        Iterator<StoredFile> oldest = files.values().iterator();
        while (usedBytes + file.size() > capacityBytes) {
            usedBytes -= oldest.next().size();
            oldest.remove();
        }
        files.put(file.id(), file);
        usedBytes += file.size();
    }

    /** The file, or null. */
    synchronized StoredFile find(String id) {
        return files.get(id);
    }

    /** The removed file, or null. */
    synchronized StoredFile remove(String id) {
        StoredFile file = files.remove(id);
        if (file != null) {
            usedBytes -= file.size();
        }
        return file;
    }

    synchronized List<StoredFile> newestFirst() {
        return new ArrayList<>(files.sequencedValues().reversed());
    }
}
