package dev.switchyard.simulator;

import dev.switchyard.core.error.ErrorType;

/** The Anthropic error an injected status travels with. */
final class Faults {
    private Faults() {}

    static ErrorType errorType(int status) {
        return status == 503 ? ErrorType.OVERLOADED : ErrorType.forStatus(status);
    }

    static String message(int status) {
        return switch (status) {
            case 429 -> "Number of requests has exceeded your rate limit (simulated)";
            case 500 -> "Internal server error (simulated)";
            case 503, 529 -> "Overloaded";
            case 504 -> "Request timed out (simulated)";
            default -> "Simulated fault: HTTP " + status;
        };
    }
}
