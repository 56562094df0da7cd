package dev.switchyard.filter.policy;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.List;

/**
 * Phone numbers as libphonenumber finds them: numbers with a country code anywhere, numbers without
 * one read as the policy's region, kept only when valid for their region (Leniency.VALID).
 */
final class PhoneDetector implements Detector {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String region;
    private final Action action;

    PhoneDetector(String region, Action action) {
        this.region = region;
        this.action = action;
    }

    @Override
    public void find(String text, List<Match> out) {
        for (PhoneNumberMatch match : PHONES.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            out.add(new Match(match.start(), match.end(), PiiCategory.PHONE.name(), action));
        }
    }

    @Override
    public int window() {
        return 48; // libphonenumber's candidates are at most ~17 digits plus punctuation and an extension
    }
}
