package dev.switchyard.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/** Run in a child JVM: opens the embedded store file, says "ready", holds it until stdin closes. */
public final class H2FileHolder {
    private H2FileHolder() {}

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(Database.embeddedUrl(Path.of(args[0])),
                Database.EMBEDDED_USER, "")) {
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS held (id INT)");
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin or kills us
            }
        }
    }

    /** A child JVM holding the embedded store file in {@code dir}, started and ready; destroy it when done. */
    static Process hold(Path dir) throws IOException {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2FileHolder.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"ready".equals(first)) {
            holder.destroy();
            throw new IllegalStateException("the file holder did not start: " + first);
        }
        return holder;
    }
}
