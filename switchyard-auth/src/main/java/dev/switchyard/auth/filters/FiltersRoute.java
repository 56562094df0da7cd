package dev.switchyard.auth.filters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.admin.AdminRoute;
import dev.switchyard.auth.filters.JdbcFilterStore.Scope;
import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.FilterPolicies;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import dev.switchyard.filter.PolicySpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /admin/filters}: the content filter policies (the config file's, marked {@code "source": "config"},
 * and those set here, {@code "admin"}, which win on the same name) and their assignments to tenants and keys.
 * <ul>
 * <li>{@code GET /admin/filters}: every policy, the default and every assignment</li>
 * <li>{@code GET|PUT|DELETE /admin/filters/{name}}: one policy; PUT takes the keys of a config entry</li>
 * <li>{@code GET /admin/filters/assignments}; {@code PUT} with {@code {"tenant_id" or "key_id", "policy"}}
 * ({@code "policy": null} removes it); {@code DELETE ?tenant_id=} or {@code ?key_id=}</li>
 * </ul>
 * Every change is applied on this replica at once and on the others by {@link FilterRefresh}.
 */
public final class FiltersRoute implements AdminRoute {
    static final String ASSIGNMENTS = "assignments";

    private final JdbcFilterStore store;
    private final FilterRefresh refresh;
    private final FiltersConfig config;

    public FiltersRoute(JdbcFilterStore store, FilterRefresh refresh, FiltersConfig config) {
        this.store = store;
        this.refresh = refresh;
        this.config = config;
    }

    @Override
    public JsonNode handle(String method, String id, Map<String, String> params, JsonNode body) {
        if (ASSIGNMENTS.equals(id)) {
            return assignments(method, params, body);
        }
        FiltersConfig stored = store.load();
        if (id == null) {
            if (!"GET".equals(method)) {
                throw notAllowed(method, "/admin/filters");
            }
            return all(stored);
        }
        return switch (method) {
            case "GET" -> {
                PolicySpec spec = policy(stored, id);
                if (spec == null) {
                    throw ApiException.notFound("no filter policy named '" + id + "'");
                }
                yield view(spec, stored.policies().containsKey(id));
            }
            case "PUT", "POST" -> put(id, body);
            case "DELETE" -> delete(id, stored);
            default -> throw notAllowed(method, "/admin/filters/" + id);
        };
    }

    private ObjectNode all(FiltersConfig stored) {
        ObjectNode n = Json.mapper().createObjectNode();
        if (config.defaultPolicy() == null) {
            n.putNull("default");
        } else {
            n.put("default", config.defaultPolicy());
        }
        ArrayNode data = n.putArray("data");
        Map<String, PolicySpec> all = new TreeMap<>(config.policies());
        all.putAll(stored.policies());
        all.forEach((name, spec) -> data.add(view(spec, stored.policies().containsKey(name))));
        n.set(ASSIGNMENTS, assignmentList(stored));
        return n;
    }

    private ObjectNode put(String name, JsonNode body) {
        if (ASSIGNMENTS.equals(name) || !FilterPolicies.NAME.matcher(name).matches()) {
            throw ApiException.invalidRequest("policy name must be 1-64 of A-Z, a-z, 0-9, _ . - starting with a "
                    + "letter or digit and not '" + ASSIGNMENTS + "', got '" + name + "'");
        }
        if (body == null) {
            throw ApiException.invalidRequest("a JSON body is required");
        }
        PolicySpec spec;
        try {
            spec = FilterPolicies.parse(name, body);
        } catch (ConfigException e) {
            throw ApiException.invalidRequest(String.join("; ", e.problems()));
        }
        store.put(spec);
        refresh.changed();
        return view(spec, true);
    }

    private ObjectNode delete(String name, FiltersConfig stored) {
        if (!stored.policies().containsKey(name)) {
            throw config.policies().containsKey(name)
                    ? ApiException.invalidRequest("policy '" + name + "' is defined in the config file; remove it there")
                    : ApiException.notFound("no filter policy named '" + name + "'");
        }
        boolean stillUsed = stored.tenants().containsValue(name) || stored.keys().containsValue(name);
        if (stillUsed && !config.policies().containsKey(name)) {
            throw new ApiException(ErrorType.CONFLICT, "policy '" + name + "' is still assigned; remove its "
                    + "assignments first");
        }
        store.delete(name);
        refresh.changed();
        return Json.mapper().createObjectNode().put("name", name).put("deleted", true);
    }

    private JsonNode assignments(String method, Map<String, String> params, JsonNode body) {
        switch (method) {
            case "GET" -> {
                return Json.mapper().createObjectNode().set("data", assignmentList(store.load()));
            }
            case "PUT", "POST" -> {
                if (body == null) {
                    throw ApiException.invalidRequest("a JSON body is required");
                }
                JsonNode policy = body.path("policy");
                String name = policy.isTextual() ? policy.asText() : null;
                if (!policy.isNull() && !policy.isMissingNode() && name == null) {
                    throw ApiException.invalidRequest("policy: expected a policy name or null");
                }
                if (name != null && policy(store.load(), name) == null) {
                    throw ApiException.invalidRequest("policy: no filter policy named '" + name + "'");
                }
                return assign(text(body, "tenant_id"), text(body, "key_id"), name);
            }
            case "DELETE" -> {
                return assign(params.get("tenant_id"), params.get("key_id"), null);
            }
            default -> throw notAllowed(method, "/admin/filters/" + ASSIGNMENTS);
        }
    }

    private ObjectNode assign(String tenant, String key, String policy) {
        if ((tenant == null) == (key == null)) {
            throw ApiException.invalidRequest("name exactly one of tenant_id and key_id");
        }
        Scope scope = tenant != null ? Scope.TENANT : Scope.KEY;
        String subject = tenant != null ? tenant : key;
        store.assign(scope, subject, policy);
        refresh.changed();
        ObjectNode n = Json.mapper().createObjectNode().put("scope", scope.column()).put("id", subject);
        return policy == null ? n.putNull("policy") : n.put("policy", policy);
    }

    private PolicySpec policy(FiltersConfig stored, String name) {
        PolicySpec spec = stored.policies().get(name);
        return spec != null ? spec : config.policies().get(name);
    }

    private ArrayNode assignmentList(FiltersConfig stored) {
        ArrayNode list = Json.mapper().createArrayNode();
        add(list, "tenant", config.tenants(), stored.tenants());
        add(list, "key", config.keys(), stored.keys());
        return list;
    }

    private static void add(ArrayNode list, String scope, Map<String, String> fromConfig, Map<String, String> stored) {
        Map<String, String> all = new TreeMap<>(fromConfig);
        all.putAll(stored);
        all.forEach((subject, policy) -> list.addObject().put("scope", scope).put("id", subject).put("policy", policy)
                .put("source", stored.containsKey(subject) ? "admin" : "config"));
    }

    private static ObjectNode view(PolicySpec spec, boolean stored) {
        ObjectNode n = Json.mapper().createObjectNode().put("name", spec.name())
                .put("source", stored ? "admin" : "config");
        n.setAll(PolicyJson.of(spec));
        return n;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static ApiException notAllowed(String method, String path) {
        return ApiException.invalidRequest("method " + method + " is not allowed on " + path);
    }
}
