package dev.switchyard.auth.keys;

/**
 * A key just made: the only time its plaintext exists outside the client. Never log it;
 * {@link #toString()} leaves it out.
 */
public record CreatedKey(String plaintext, VirtualKey key) {
    @Override
    public String toString() {
        return "CreatedKey[plaintext=<shown once>, key=" + key + "]";
    }
}
