package dev.switchyard.gateway;

/** The API a route speaks to its client: which shape its errors and streams take. */
enum Dialect {
    ANTHROPIC,
    /** {@code POST /v1/chat/completions}: OpenAI's error shape and stream framing. */
    OPENAI;

    static final String CHAT_COMPLETIONS_ROUTE = "chat_completions";

    static Dialect of(String route) {
        return CHAT_COMPLETIONS_ROUTE.equals(route) ? OPENAI : ANTHROPIC;
    }
}
