package dev.switchyard.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchyard.core.error.ApiException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The models the simulator serves, newest first, each rendered to JSON once. Release dates are made up:
 * the first model is dated {@link #NEWEST} and each next one a month earlier.
 */
final class ModelCatalog {
    private static final Instant NEWEST = Instant.parse("2026-11-01T00:00:00Z");

    /** A model with its id quoted for JSON output and its own JSON, as text and as a ready buffer. */
    record Model(String id, byte[] quotedId, String json, Buffer buffer) {}

    private final List<Model> models = new ArrayList<>();
    private final Map<String, Model> byId = new HashMap<>();
    private final Map<String, Integer> position = new HashMap<>();

    ModelCatalog(Set<String> ids) {
        int i = 0;
        for (String id : ids) {
            Model model = render(id, NEWEST.minus(30L * i, ChronoUnit.DAYS));
            models.add(model);
            byId.put(id, model);
            position.put(id, i++);
        }
    }

    Model find(String id) {
        return byId.get(id);
    }

    /** One page of the list, in Anthropic's shape; the ids in before/after must be known. */
    Buffer page(ListParams params) {
        String beforeId = params.beforeId();
        String afterId = params.afterId();
        int limit = params.limit();
        int from = 0;
        int to = Math.min(models.size(), limit);
        boolean hasMore;
        if (afterId != null) {
            from = indexOf("after_id", afterId) + 1;
            to = Math.min(models.size(), from + limit);
            hasMore = to < models.size();
        } else if (beforeId != null) {
            to = indexOf("before_id", beforeId);
            from = Math.max(0, to - limit);
            hasMore = from > 0;
        } else {
            hasMore = to < models.size();
        }
        return render(models.subList(from, to), hasMore);
    }

    private int indexOf(String param, String id) {
        Integer i = position.get(id);
        if (i == null) {
            throw ApiException.invalidRequest(param + ": unknown model id " + id);
        }
        return i;
    }

    private static Buffer render(List<Model> page, boolean hasMore) {
        StringBuilder sb = new StringBuilder(64 + page.size() * 128).append("{\"data\":[");
        for (int i = 0; i < page.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(page.get(i).json());
        }
        sb.append("],\"has_more\":").append(hasMore)
                .append(",\"first_id\":").append(page.isEmpty() ? "null" : quote(page.getFirst().id()))
                .append(",\"last_id\":").append(page.isEmpty() ? "null" : quote(page.getLast().id()))
                .append('}');
        return Buffer.buffer(sb.toString());
    }

    private static Model render(String id, Instant created) {
        String json = "{\"type\":\"model\",\"id\":" + quote(id) + ",\"display_name\":" + quote(displayName(id))
                + ",\"created_at\":\"" + created + "\"}";
        return new Model(id, quote(id).getBytes(StandardCharsets.UTF_8), json, Buffer.buffer(json));
    }

    /** "claude-haiku-4-5-20251001" -> "Claude Haiku 4.5": words capitalised, numbers dotted, dates dropped. */
    static String displayName(String id) {
        StringBuilder name = new StringBuilder();
        boolean lastWasNumber = false;
        for (String part : id.split("-")) {
            if (part.isEmpty() || (part.length() == 8 && part.chars().allMatch(Character::isDigit))) {
                continue;
            }
            boolean number = part.chars().allMatch(Character::isDigit);
            if (number && lastWasNumber) {
                name.append('.');
            } else if (!name.isEmpty()) {
                name.append(' ');
            }
            name.append(number ? part : part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1));
            lastWasNumber = number;
        }
        return name.toString();
    }

    private static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }
}
