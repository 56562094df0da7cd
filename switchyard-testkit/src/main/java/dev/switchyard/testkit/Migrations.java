package dev.switchyard.testkit;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * What a store's Flyway history says it applied, against the scripts its migration folder holds: the stores
 * read their scripts from an index, so a script left out of it would silently never run.
 */
public final class Migrations {
    private Migrations() {}

    /** The SQL scripts Flyway recorded as applied, in order. */
    public static List<String> applied(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT script FROM \"flyway_schema_history\""
                        + " WHERE success AND type = 'SQL' ORDER BY installed_rank")) {
            List<String> applied = new ArrayList<>();
            while (rows.next()) {
                applied.add(rows.getString(1));
            }
            return applied;
        }
    }

    /** The .sql files of a {@code classpath:} folder that is a directory (a module's target/classes). */
    public static List<String> scriptsIn(String location) throws IOException, URISyntaxException {
        String folder = location.substring("classpath:".length());
        try (Stream<Path> files = Files.list(Path.of(Migrations.class.getClassLoader().getResource(folder).toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).toList();
        }
    }
}
