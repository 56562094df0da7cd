package dev.switchyard.core.error;

/** Anthropic's error types with the HTTP status each one travels with. */
public enum ErrorType {
    INVALID_REQUEST(400, "invalid_request_error"),
    AUTHENTICATION(401, "authentication_error"),
    BILLING(402, "billing_error"),
    PERMISSION(403, "permission_error"),
    NOT_FOUND(404, "not_found_error"),
    CONFLICT(409, "conflict_error"),
    REQUEST_TOO_LARGE(413, "request_too_large"),
    RATE_LIMIT(429, "rate_limit_error"),
    API(500, "api_error"),
    TIMEOUT(504, "timeout_error"),
    OVERLOADED(529, "overloaded_error");

    private final int status;
    private final String wireName;

    ErrorType(int status, String wireName) {
        this.status = status;
        this.wireName = wireName;
    }

    public int status() {
        return status;
    }

    public String wireName() {
        return wireName;
    }

    /** The type an upstream status maps to when the upstream body carries no usable type. */
    public static ErrorType forStatus(int status) {
        for (ErrorType t : values()) {
            if (t.status == status) {
                return t;
            }
        }
        if (status == 408) {
            return TIMEOUT;
        }
        return status >= 500 ? API : INVALID_REQUEST;
    }

    public static ErrorType fromWireName(String name) {
        for (ErrorType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
