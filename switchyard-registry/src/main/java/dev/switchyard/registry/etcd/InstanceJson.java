package dev.switchyard.registry.etcd;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchyard.core.json.Json;
import dev.switchyard.registry.Instance;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** An instance as the JSON value stored under its key: named fields, the time as ISO-8601 text. */
record InstanceJson(String role, String id, String address, String version, String zone, int weight,
        Map<String, String> metadata, String registeredAt) {

    static String encode(Instance i) {
        InstanceJson j = new InstanceJson(i.role(), i.id(), i.address().toString(), i.version(), i.zone(), i.weight(),
                i.metadata(), i.registeredAt() == null ? null : i.registeredAt().toString());
        try {
            return Json.mapper().writeValueAsString(j);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("instance not encodable", e);
        }
    }

    /** The instance, or an exception naming what is wrong, for a value another writer may have put there. */
    static Instance decode(String json) throws JsonProcessingException {
        InstanceJson j = Json.mapper().readValue(json, InstanceJson.class);
        if (j.role() == null || j.id() == null || j.address() == null) {
            throw new IllegalArgumentException("role, id and address are required");
        }
        return new Instance(j.role(), j.id(), URI.create(j.address()), j.version(), j.zone(), j.weight(),
                j.metadata(), j.registeredAt() == null ? null : Instant.parse(j.registeredAt()));
    }
}
