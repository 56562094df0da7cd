package dev.switchyard.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/** Run in a child JVM: opens the embedded store file, says "ready", holds it until stdin closes. */
public final class H2FileHolder {
    private H2FileHolder() {}

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(Database.embeddedUrl(Path.of(args[0])), "sa", "")) {
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS held (id INT)");
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin or kills us
            }
        }
    }
}
