package dev.switchyard.filter;

/** Why a text was refused: the policy and the category that matched, never the matched text. */
public record Block(String policy, String category) {

    /** A client-facing message; safe because it holds no matched text. */
    public String message() {
        return "content blocked by filter policy '" + policy + "' (" + category + ")";
    }
}
