package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /admin/shards} opens a connection pool on what the body names: only PostgreSQL URLs without
 * parameters that load classes or files, and embedded directories inside the data directory, get that far.
 */
class AdminShardLocationTest {
    @TempDir
    Path data;
    @TempDir
    Path elsewhere;
    private AuthFixture fx;
    private Harness h;

    @BeforeEach
    void start() {
        fx = new AuthFixture();
        // fx.config puts the auth store's embedded directory (the data directory) at `data`
        h = new Harness().deployment("d1", "claude-sonnet-4-6").auth(fx.config(1, data))
                .conversations(ConversationConfig.embedded(StoreConfig.embedded(data))).start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        fx.close();
    }

    @Test
    void addShard_h2UrlWithInitScript_isRefusedAndTheScriptNeverRuns() throws Exception {
        Path marker = elsewhere.resolve("marker");
        Path script = elsewhere.resolve("init.sql");
        Files.writeString(script, "CALL FILE_WRITE('pwned', '" + marker + "');\n");

        JsonNode error = add(shard("evil").put("url", "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM '" + script + "'"));

        assertInvalid(error, "url");
        assertThat(marker).doesNotExist();
    }

    @Test
    void addShard_postgresUrlWithAClassLoadingParameter_isRefused() {
        for (String param : new String[] {"socketFactory=java.lang.Object", "sslfactory=x.Y",
                "sslhostnameverifier=x.Y", "sslpasswordcallback=x.Y", "authenticationPluginClassName=x.Y",
                "loggerFile=/tmp/pg.log", "sslkey=/etc/shadow"}) {
            JsonNode error = add(shard("evil").put("url", AuthFixture.PG_URL + "?sslmode=disable&" + param));
            assertInvalid(error, "url");
            assertThat(error.toString()).as("the refused value is not echoed").doesNotContain(param);
        }
    }

    @Test
    void addShard_notAPostgresUrl_isRefused() {
        assertInvalid(add(shard("evil").put("url", "jdbc:derby:memory:x;create=true")), "url");
        assertInvalid(add(shard("evil").put("url", "JDBC:H2:mem:x")), "url");
    }

    @Test
    void addShard_embeddedDirOutsideTheDataDirectory_isRefused() {
        assertInvalid(add(shard("evil").put("embedded_dir", elsewhere.toString())), "embedded_dir");
        assertInvalid(add(shard("evil").put("embedded_dir", data.resolve("../../x").toString())), "embedded_dir");
        assertInvalid(add(shard("evil").put("embedded_dir", "../../x")), "embedded_dir");
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void addShard_symlinkInTheDataDirectoryPointingOut_isRefused() throws Exception {
        Files.createSymbolicLink(data.resolve("link"), elsewhere);

        assertInvalid(add(shard("evil").put("embedded_dir", data.resolve("link").toString())), "embedded_dir");
        assertInvalid(add(shard("evil").put("embedded_dir", data.resolve("link/sub").toString())), "embedded_dir");
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void addShard_schemaThatIsNotAnIdentifier_isRefused() {
        assertInvalid(add(shard("evil").put("embedded_dir", data.resolve("s").toString()).put("schema", "../../x")),
                "schema");
    }

    @Test
    void addShard_embeddedDirInsideTheDataDirectory_isAccepted() {
        JsonNode report = fx.admin(h.baseUrl(), "POST", "/admin/shards",
                shard("shard-1").put("embedded_dir", data.resolve("shard-1").toString()).toString(), 200);

        assertThat(report.path("new_shard").asText()).isEqualTo("shard-1");
        assertThat(data.resolve("shard-1")).isDirectory();
    }

    private static ObjectNode shard(String name) {
        return Json.mapper().createObjectNode().put("name", name);
    }

    private JsonNode add(ObjectNode body) {
        return fx.admin(h.baseUrl(), "POST", "/admin/shards", body.toString(), 400);
    }

    private static void assertInvalid(JsonNode error, String field) {
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("message").asText()).startsWith(field + ":");
    }
}
