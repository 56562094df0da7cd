package dev.switchyard.auth.filters;

import dev.switchyard.jdbc.Database;
import dev.switchyard.jdbc.SqlWork;
import dev.switchyard.jdbc.Transactions;
import dev.switchyard.jdbc.Sql;
import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.FilterPolicies;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.core.json.Json;
import dev.switchyard.filter.PolicySpec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content filter policies and assignments set through {@code /admin/filters}, in the auth database
 * (PostgreSQL or the embedded H2). Both tables are small and read whole. Blocking: call off the event loop.
 */
public final class JdbcFilterStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcFilterStore.class);

    /** Whose policy an assignment sets. */
    public enum Scope {
        TENANT, KEY;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Transactions transactions;
    private final Clock clock;

    public JdbcFilterStore(DataSource dataSource, Clock clock) {
        this.transactions = new Transactions(java.util.Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = clock;
    }

    public JdbcFilterStore(Database database, Clock clock) {
        this(database.dataSource(), clock);
    }

    /** Every stored policy and assignment (no default: that is the config file's). */
    public FiltersConfig load() {
        return run("read the filter policies", c -> {
            Map<String, PolicySpec> policies = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name, spec FROM filter_policies ORDER BY name");
                    ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    PolicySpec spec = parse(rows.getString(1), rows.getString(2));
                    if (spec != null) {
                        policies.put(spec.name(), spec);
                    }
                }
            }
            Map<String, String> tenants = new LinkedHashMap<>();
            Map<String, String> keys = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT scope, subject, policy FROM filter_assignments ORDER BY scope, subject");
                    ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    (Scope.KEY.column().equals(rows.getString(1)) ? keys : tenants)
                            .put(rows.getString(2), rows.getString(3));
                }
            }
            return new FiltersConfig(null, policies, tenants, keys);
        });
    }

    /** Creates or replaces a policy. */
    public void put(PolicySpec spec) {
        run("save a filter policy", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM filter_policies WHERE name = ?");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO filter_policies (name, spec, updated_at) VALUES (?, ?, ?)")) {
                delete.setString(1, spec.name());
                delete.executeUpdate();
                insert.setString(1, spec.name());
                insert.setString(2, PolicyJson.of(spec).toString());
                Sql.setInstant(insert, 3, clock.instant());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes a policy; false when there was none by that name. */
    public boolean delete(String name) {
        return run("delete a filter policy", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM filter_policies WHERE name = ?")) {
                s.setString(1, name);
                return s.executeUpdate() > 0;
            }
        });
    }

    /** Sets the policy of a tenant or a key; a null policy removes the assignment. */
    public void assign(Scope scope, String subject, String policy) {
        run("assign a filter policy", c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM filter_assignments WHERE scope = ? AND subject = ?")) {
                delete.setString(1, scope.column());
                delete.setString(2, subject);
                delete.executeUpdate();
            }
            if (policy != null) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO filter_assignments "
                        + "(scope, subject, policy, updated_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, scope.column());
                    insert.setString(2, subject);
                    insert.setString(3, policy);
                    Sql.setInstant(insert, 4, clock.instant());
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    /** A stored policy that no longer passes the checks (a newer version's rules) is left out, loudly. */
    private static PolicySpec parse(String name, String json) {
        try {
            return FilterPolicies.parse(name, Json.mapper().readTree(json));
        } catch (ConfigException | java.io.IOException e) {
            LOG.warn("stored filter policy '{}' is not valid and is not applied: {}", name, e.getMessage());
            return null;
        }
    }

    /** One transaction, through the one template. */
    private <T> T run(String what, SqlWork<T> work) {
        return transactions.inTransaction("could not " + what, work);
    }
}
