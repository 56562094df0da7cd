package dev.switchyard.registry.etcd;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * etcd's v3 JSON gateway replies, decoded by name. The gateway writes int64 fields as strings and leaves out
 * fields at their zero value (a PUT event has no {@code type}, an expired lease's keep-alive has no
 * {@code TTL}), so absent numbers read as 0 and absent lists as empty.
 */
final class EtcdReplies {
    private EtcdReplies() {}

    record Header(long revision) {}

    record ErrorReply(String error, String message, int code) {}

    record LeaseGrant(Header header, @JsonProperty("ID") long id, @JsonProperty("TTL") long ttl, String error) {}

    record KeepAliveResult(@JsonProperty("ID") long id, @JsonProperty("TTL") long ttl) {}

    record KeepAliveReply(KeepAliveResult result, ErrorReply error) {}

    record KeyValue(String key, String value, @JsonProperty("mod_revision") long modRevision, long lease) {}

    record RangeReply(Header header, List<KeyValue> kvs) {
        RangeReply {
            kvs = kvs == null ? List.of() : kvs;
        }
    }

    record Event(String type, KeyValue kv) {
        boolean deleted() {
            return "DELETE".equals(type);
        }
    }

    record WatchResult(Header header, @JsonProperty("watch_id") long watchId, boolean created, boolean canceled,
            @JsonProperty("compact_revision") long compactRevision,
            @JsonProperty("cancel_reason") String cancelReason, List<Event> events) {
        WatchResult {
            events = events == null ? List.of() : events;
        }
    }

    record WatchReply(WatchResult result, ErrorReply error) {}
}
