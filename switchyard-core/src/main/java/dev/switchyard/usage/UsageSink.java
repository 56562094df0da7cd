package dev.switchyard.usage;

/**
 * Where the request path drops its usage records. {@link #record} never blocks and never throws: an
 * implementation queues the record and writes it later, off the request path.
 */
public interface UsageSink {

    UsageSink NONE = r -> {};

    void record(UsageRecord record);
}
