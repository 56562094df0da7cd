package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchyard shards stats|add}: the conversation store's shards through the admin API of a running gateway. */
@Command(name = "shards", description = "Inspect and grow the conversation store's shards.",
        subcommands = {ShardsCommand.Stats.class, ShardsCommand.Add.class})
final class ShardsCommand implements Runnable {
    static final String PASSWORD_ENV = "SWITCHYARD_SHARD_PASSWORD";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "stats", description = "Per shard: conversations, users, messages, bytes on disk, last write.")
    static final class Stats implements Callable<Integer> {
        @Mixin AdminClient admin;

        @Override
        public Integer call() {
            return KeysCommand.run(() -> {
                JsonNode stats = admin.call("GET", "/admin/shards", null);
                Table t = new Table("SHARD", "CONVERSATIONS", "USERS", "MESSAGES", "BYTES_ON_DISK", "LAST_WRITE");
                for (JsonNode s : stats.path("data")) {
                    t.add(s.path("shard").asText(), s.path("conversations").asText(), s.path("users").asText(),
                            s.path("messages").asText(), s.path("bytes_on_disk").asText(),
                            s.path("last_write_at").isNull() ? "-" : s.path("last_write_at").asText());
                }
                t.print(System.out);
            });
        }
    }

    @Command(name = "add", description = "Add a shard; moves only the conversations whose ring position changed "
            + "(copy, verify, switch, delete) while the gateway keeps serving, and reports how many moved.")
    static final class Add implements Callable<Integer> {
        @Mixin AdminClient admin;
        @Option(names = "--name", required = true, description = "The new shard's name (never reuse one).") String name;
        @Option(names = "--jdbc-url", paramLabel = "JDBC_URL", description = "Its PostgreSQL database, e.g. jdbc:postgresql://db2:5432/switchyard.")
        String url;
        @Option(names = "--user") String user;
        /** Refused: argv is visible to every user of the machine (ps, /proc) and stays in shell history. */
        @Option(names = "--password", hidden = true) String passwordOnCommandLine;
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input "
                + "(default: $" + PASSWORD_ENV + ", or none).")
        boolean passwordStdin;
        @Option(names = "--schema", description = "Schema inside that database (default: public).") String schema;
        @Option(names = "--embedded-dir", paramLabel = "DIR", description = "An embedded shard instead of --jdbc-url.")
        String embeddedDir;

        @Override
        public Integer call() throws IOException {
            if (passwordOnCommandLine != null) {
                System.err.println("switchyard: --password is not accepted (the command line is visible to other users"
                        + "); set " + PASSWORD_ENV + " or pass --password-stdin");
                return 2;
            }
            String password = passwordStdin ? firstLine(System.in) : System.getenv(PASSWORD_ENV);
            return KeysCommand.run(() -> {
                ObjectNode body = Json.mapper().createObjectNode().put("name", name);
                KeysCommand.putIf(body, "url", url);
                KeysCommand.putIf(body, "user", user);
                KeysCommand.putIf(body, "password", password);
                KeysCommand.putIf(body, "schema", schema);
                KeysCommand.putIf(body, "embedded_dir", embeddedDir);
                JsonNode r = admin.call("POST", "/admin/shards", body);
                Table t = new Table("FROM", "CONVERSATIONS", "MESSAGES", "PROFILES");
                for (JsonNode m : r.path("moves")) {
                    t.add(m.path("from").asText(), m.path("conversations").asText(), m.path("messages").asText(),
                            m.path("profiles").asText());
                }
                t.print(System.out);
                System.out.printf("moved to %s: %d conversations, %d messages, %d profiles%n", r.path("new_shard").asText(),
                        r.path("conversations_moved").asLong(), r.path("messages_moved").asLong(),
                        r.path("profiles_moved").asLong());
            });
        }

        private static String firstLine(InputStream in) throws IOException {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return line == null || line.isEmpty() ? null : line;
        }
    }
}
