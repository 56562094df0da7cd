package dev.switchyard.app;

import picocli.CommandLine;

/** The version the jar was built as. */
final class Version implements CommandLine.IVersionProvider {
    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"switchyard " + current() + " (Java " + Runtime.version() + ")"};
    }
}
