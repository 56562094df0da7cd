package dev.switchyard.core.config;

import java.util.List;

/** A model a deployment serves: the name the deployment knows it by, and the aliases clients may use. */
public record ServedModel(String name, List<String> aliases) {
    public ServedModel {
        aliases = List.copyOf(aliases);
    }

    public static ServedModel of(String name) {
        return new ServedModel(name, List.of());
    }
}
