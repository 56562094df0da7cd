package dev.switchyard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.BufferedReader;
import java.io.Reader;
import java.util.stream.Collectors;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;

class ListedScriptsTest {
    private static final String LOCATION = "classpath:db/migration/jdbctest";
    private static final ClassLoader LOADER = ListedScriptsTest.class.getClassLoader();

    @Test
    void names_ofTheTestFolder_equalItsScripts() throws Exception {
        assertThat(ListedScripts.names(LOCATION, LOADER)).containsExactlyElementsOf(scriptsIn("db/migration/jdbctest"));
    }

    @Test
    void getResources_byPrefixAndSuffix_returnsTheListedScriptsWithTheirText() throws IOException {
        ListedScripts scripts = ListedScripts.of(LOCATION, LOADER);

        List<LoadableResource> versioned = List.copyOf(scripts.getResources("V", new String[] {".sql"}));

        assertThat(versioned).extracting(LoadableResource::getFilename).containsExactly("V1__things.sql");
        assertThat(versioned.get(0).getAbsolutePath()).isEqualTo("db/migration/jdbctest/V1__things.sql");
        try (Reader r = versioned.get(0).read()) {
            assertThat(new BufferedReader(r).lines().collect(Collectors.joining("\n"))).containsIgnoringCase("create table");
        }
        assertThat(scripts.getResources("R", new String[] {".sql"})).isEmpty();
        assertThat(scripts.getResources("V", new String[] {".java"})).isEmpty();
        assertThat(scripts.getResource("V1__things.sql")).isNotNull();
        assertThat(scripts.getResource("V9__missing.sql")).isNull();
    }

    @Test
    void of_aFolderWithoutAnIndex_failsNamingTheIndex() {
        assertThatThrownBy(() -> ListedScripts.of("classpath:db/migration/none", LOADER))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("db/migration/none/scripts.list");
    }

    @Test
    void of_aLocationOffTheClasspath_isRefused() {
        assertThatThrownBy(() -> ListedScripts.of("filesystem:/tmp/x", LOADER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filesystem:/tmp/x");
    }

    /** The .sql files of a classpath folder that is a directory (target/test-classes), sorted by version. */
    static List<String> scriptsIn(String folder) throws URISyntaxException, IOException {
        try (Stream<Path> files = Files.list(Path.of(LOADER.getResource(folder).toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
    }

    private static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }
}
