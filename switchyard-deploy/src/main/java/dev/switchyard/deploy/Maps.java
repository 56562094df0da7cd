package dev.switchyard.deploy;

import java.util.List;
import java.util.Map;

/** Paths into parsed manifests; a missing step is null, and a required one an error naming the path. */
final class Maps {
    private Maps() {}

    static Object at(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(p);
        }
        return cur;
    }

    static String string(Object o, String... path) {
        Object v = at(o, path);
        return v == null ? null : v.toString();
    }

    static Integer integer(Object o, String... path) {
        Object v = at(o, path);
        return v instanceof Number n ? n.intValue() : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String... path) {
        Object v = at(o, path);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
