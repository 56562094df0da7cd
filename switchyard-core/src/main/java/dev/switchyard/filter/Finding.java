package dev.switchyard.filter;

/** One match: its category ({@code EMAIL}, a custom name, {@code BLOCKED_TERM}...) and the action taken. Never the text. */
public record Finding(String category, Action action) {
}
