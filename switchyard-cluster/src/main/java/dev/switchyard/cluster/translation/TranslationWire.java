package dev.switchyard.cluster.translation;

/** The translation role's calls as JSON records. */
final class TranslationWire {
    static final String ROLE = "translation";
    static final String DETECT = "detect";

    private TranslationWire() {}

    record Detect(String text) {}

    /** The detected language, null when unknown. */
    record Detected(String language) {}
}
