package dev.switchyard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart as the build packaged it (deploy/helm/switchyard, copied into the jar under
 * {@code switchyard-chart/switchyard}), copied to a temporary directory for helm to read; closing deletes it.
 */
final class PackagedChart implements AutoCloseable {
    static final String RESOURCE = "/switchyard-chart/switchyard";

    private final Path root;
    private final Path chart;

    private PackagedChart(Path root) {
        this.root = root;
        this.chart = root.resolve("switchyard");
    }

    static PackagedChart extract() {
        URL url = PackagedChart.class.getResource(RESOURCE + "/Chart.yaml");
        if (url == null) {
            throw new IllegalStateException("the Helm chart is not packaged with this build (no " + RESOURCE + ")");
        }
        try {
            PackagedChart out = new PackagedChart(Files.createTempDirectory("switchyard-chart"));
            URI dir = URI.create(url.toURI().toString().replaceFirst("/Chart\\.yaml$", ""));
            if (dir.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(dir, Map.of())) {
                    out.copyFrom(jar.getPath(RESOURCE));
                }
            } else {
                out.copyFrom(Path.of(dir));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the packaged chart: " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad chart location " + url, e);
        }
    }

    private void copyFrom(Path source) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path target = chart.resolve(source.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.copy(f, target);
        }
    }

    Path chart() {
        return chart;
    }

    Path values(Environment env) {
        return chart.resolve(env.valuesFile());
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a render for
        }
    }
}
