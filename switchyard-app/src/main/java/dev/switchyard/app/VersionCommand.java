package dev.switchyard.app;

import picocli.CommandLine.Command;

@Command(name = "version", description = "Prints the version.")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(new Version().getVersion()[0]);
    }
}
