package dev.switchyard.auth.store;

import dev.switchyard.auth.limit.SpendSource;
import dev.switchyard.jdbc.Database;
import dev.switchyard.jdbc.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Objects;
import javax.sql.DataSource;

/** Durable spend from {@code spend_totals}, which the usage ledger keeps in step with the usage rows. */
public final class JdbcSpendSource implements SpendSource {
    private static final String TOTALS = "SELECT COALESCE(SUM(CASE WHEN day = ? THEN spent_micros ELSE 0 END), 0), "
            + "COALESCE(SUM(spent_micros), 0) FROM spend_totals WHERE scope = ? AND day >= ? AND day <= ?";

    private final Transactions transactions;

    public JdbcSpendSource(DataSource dataSource) {
        this.transactions = new Transactions(Objects.requireNonNull(dataSource, "dataSource"));
    }

    public JdbcSpendSource(Database database) {
        this(database.dataSource());
    }

    /** The month total runs from the first of {@code day}'s month up to and including {@code day}. */
    @Override
    public SpendTotals totals(String scope, LocalDate day) {
        return transactions.withConnection("could not read spend totals", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(TOTALS)) {
                statement.setObject(1, day);
                statement.setString(2, scope);
                statement.setObject(3, day.withDayOfMonth(1));
                statement.setObject(4, day);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return new SpendTotals(rows.getLong(1), rows.getLong(2));
                }
            }
        });
    }
}
