package dev.switchyard.gateway;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typed name for a value one step of the chain leaves on the {@link Exchange} for later ones (the
 * principal, the parsed request, the admission, ...). Keys are constants; each has a slot index, so a
 * lookup is an array read, not a map lookup.
 */
final class Attribute<T> {
    private static final AtomicInteger NEXT = new AtomicInteger();

    final int index;
    private final String name;

    private Attribute(String name) {
        this.index = NEXT.getAndIncrement();
        this.name = name;
    }

    static <T> Attribute<T> named(String name) {
        return new Attribute<>(name);
    }

    /** How many keys exist so far: an exchange sizes its slots with it. */
    static int count() {
        return NEXT.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
