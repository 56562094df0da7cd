package dev.switchyard.filter.policy;

/** The built-in PII detectors. The name is also the placeholder: {@code [EMAIL]}. */
public enum PiiCategory {
    EMAIL, PHONE, CARD, IBAN, IP
}
