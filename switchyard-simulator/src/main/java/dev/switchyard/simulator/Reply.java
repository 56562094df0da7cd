package dev.switchyard.simulator;

/** What the simulator says to one request: how many words, why it stops, and the word generator's seed. */
record Reply(int words, String stopReason, long seed) {

    static Reply to(MessageRequest request, int responseTokens) {
        boolean capped = request.maxTokens() < responseTokens;
        return new Reply(capped ? request.maxTokens() : responseTokens,
                capped ? Wire.MAX_TOKENS : Wire.END_TURN, request.seed());
    }
}
