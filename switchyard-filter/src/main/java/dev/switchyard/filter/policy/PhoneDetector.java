package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phone numbers as libphonenumber finds them: numbers with a country code anywhere, numbers without
 * one read as the policy's region, kept only when valid for their region (Leniency.VALID).
 *
 * <p>libphonenumber's matcher over a whole text costs about 150 µs per KB, most of it spent on
 * text that holds no number. So it runs only on runs of digits and phone punctuation that hold
 * enough digits to be a number (the region's shortest national number, or 4 after a "+"), with
 * one character of context either side, which its VALID checks look at. Numbers spelled with
 * letters (1-800-FLOWERS) or with a written extension ("ext. 12") are found without those parts.
 * Digits another detector already reported (a card, an IBAN, an IP address, inside an email) and
 * ISO or slashed dates are not tried: there libphonenumber costs 10 to 40 µs to find nothing.
 */
final class PhoneDetector implements Detector {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final int INTERNATIONAL_MIN_DIGITS = 4;
    /** Digits that another detector reported are a card, an IBAN, an address: not a phone number. */
    private static final Set<String> CLAIMING = Set.of(
            PiiCategory.EMAIL.name(), PiiCategory.CARD.name(), PiiCategory.IBAN.name(), PiiCategory.IP.name());
    /** Dates libphonenumber would reject anyway, at ~10 µs each. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}");
    private static final int MAX_DIGITS = 17;

    private final String region;
    private final Action action;
    private final int nationalMinDigits;

    PhoneDetector(String region, Action action) {
        this.region = region;
        this.action = action;
        this.nationalMinDigits = shortestNationalNumber(region);
    }

    /** libphonenumber's length check is public only through isPossibleNumberWithReason: probe it with 1, 10, 100... */
    private static int shortestNationalNumber(String region) {
        int countryCode = PHONES.getCountryCodeForRegion(region);
        long probe = 1;
        for (int digits = 1; digits <= MAX_DIGITS; digits++, probe *= 10) {
            PhoneNumber number = new PhoneNumber().setCountryCode(countryCode).setNationalNumber(probe);
            if (PHONES.isPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.TOO_SHORT) {
                return digits;
            }
        }
        return INTERNATIONAL_MIN_DIGITS;
    }

    @Override
    public void find(String text, List<Match> out) {
        find(text, out, null);
    }

    /**
     * {@code scan} (null: a whole text): candidates that cannot matter to it are skipped (wholly in
     * released text, or running up to the end of text that goes on), and each candidate's answer is
     * kept there, since the stream's next scans ask about the same candidate again.
     */
    @Override
    public void find(String text, List<Match> out, StreamScan scan) {
        List<Match> claimed = claimed(out);
        int next = 0;
        int i = 0;
        while (i < text.length()) {
            while (next < claimed.size() && claimed.get(next).end() <= i) {
                next++;
            }
            int limit = next < claimed.size() ? claimed.get(next).start() : text.length();
            if (i >= limit) {
                i = claimed.get(next).end();
                continue;
            }
            if (!isPhoneChar(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            int digits = 0;
            boolean plus = false;
            while (end < limit && isPhoneChar(text.charAt(end))) {
                char c = text.charAt(end++);
                digits += Character.isDigit(c) ? 1 : 0;
                plus |= c == '+' || c == '\uFF0B';
            }
            int min = plus ? INTERNATIONAL_MIN_DIGITS : nationalMinDigits;
            if (digits >= min && (scan == null || scan.matters(Math.max(0, i - 1), end, text.length()))) {
                candidate(text, i, end, out, scan);
            }
            i = end;
        }
    }

    /** The run {@code text[start, end)} with one character of context either side, asked of libphonenumber. */
    private void candidate(String text, int start, int end, List<Match> out, StreamScan scan) {
        int from = Math.max(0, start - 1);
        String window = text.substring(from, Math.min(text.length(), end + 1));
        List<Match> found = scan == null ? null : scan.answer(window);
        if (found == null) {
            found = DATE.matcher(text.substring(start, end).strip()).matches() ? List.of() : findIn(window);
            if (scan != null) {
                scan.keep(window, found);
            }
        }
        for (Match m : found) {
            out.add(m.shift(from));
        }
    }

    /** The numbers in {@code window}, at offsets into it. */
    private List<Match> findIn(String window) {
        List<Match> found = new ArrayList<>(1);
        for (PhoneNumberMatch match : PHONES.findNumbers(window, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            found.add(new Match(match.start(), match.end(), PiiCategory.PHONE.name(), action));
        }
        return found;
    }

    /** What the other detectors reported that phone numbers skip, in text order. */
    private static List<Match> claimed(List<Match> found) {
        List<Match> claimed = new ArrayList<>(found.size());
        for (Match m : found) {
            if (CLAIMING.contains(m.category())) {
                claimed.add(m);
            }
        }
        claimed.sort(Comparator.comparingInt(Match::start));
        return claimed;
    }

    /** {@link #isPhoneChar} for ASCII, looked up: the scan asks it of every character of every scan. */
    private static final boolean[] ASCII_PHONE_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_PHONE_CHARS[c] = isPhoneCharSlow(c);
        }
    }

    private static boolean isPhoneChar(char c) {
        return c < 128 ? ASCII_PHONE_CHARS[c] : isPhoneCharSlow(c);
    }

    /** Digits and the punctuation libphonenumber accepts inside a number. */
    private static boolean isPhoneCharSlow(char c) {
        return Character.isDigit(c) || switch (c) {
            case ' ', '\u00A0', '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212',
                 '.', '/', '(', ')', '[', ']', '~', '+', '\uFF0B' -> true;
            default -> false;
        };
    }

    @Override
    public int window() {
        return 48; // libphonenumber's candidates are at most ~17 digits plus punctuation and an extension
    }
}
