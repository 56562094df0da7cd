package dev.switchyard.auth.keys;

import java.util.function.Consumer;

/**
 * Tells every replica that a key or a tenant changed, so that each reloads it from the store.
 * Events are {@code "key:<id>"} or {@code "tenant:<id>"}. Delivery is best effort: the key cache's
 * periodic refresh is the safety net for a lost message.
 */
public interface KeyEvents extends AutoCloseable {

    /** One process, nobody to tell. */
    KeyEvents LOCAL = new KeyEvents() {
        @Override
        public void publish(String event) {
        }

        @Override
        public void subscribe(Consumer<String> listener) {
        }

        @Override
        public void close() {
        }
    };

    void publish(String event);

    void subscribe(Consumer<String> listener);

    @Override
    void close();
}
