package dev.switchyard.auth.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** {@code GET /admin/usage}: the query parameters in, the report out. Blocking. */
@FunctionalInterface
public interface UsageReports {
    ObjectNode report(Map<String, String> params);
}
