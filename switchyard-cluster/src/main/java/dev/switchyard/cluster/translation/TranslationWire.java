package dev.switchyard.cluster.translation;

import java.util.List;

/** The translation role's calls as JSON records. */
final class TranslationWire {
    static final String ROLE = "translation";
    static final String DETECT = "detect";
    static final String DETECT_ALL = "detectAll";

    private TranslationWire() {}

    record Detect(String text) {}

    /** The detected language, null when unknown. */
    record Detected(String language) {}

    record DetectAll(List<String> texts) {}

    /** The language of each text, in order, null where unknown. */
    record DetectedAll(List<String> languages) {}
}
