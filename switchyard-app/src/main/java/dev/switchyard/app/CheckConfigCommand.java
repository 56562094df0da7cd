package dev.switchyard.app;

import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.ConfigLoader;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.filter.service.PolicyFilterService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check-config", description = "Validates a config file the way `run` does, and exits.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML config file.")
    Path file;

    @Override
    public Integer call() {
        try {
            SwitchyardConfig c = ConfigLoader.fromSystemEnv().load(file);
            new PolicyFilterService(c.filters()); // the engine's own checks (phone regions), as run does at start
            System.out.println(file + ": OK (" + c.deployments().size() + " deployment(s), "
                    + c.clientKeys().size() + " client key(s))");
            return 0;
        } catch (ConfigException e) {
            System.err.println(file + ": " + e.getMessage());
            return 2;
        }
    }
}
