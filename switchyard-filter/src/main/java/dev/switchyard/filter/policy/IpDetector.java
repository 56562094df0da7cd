package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP addresses. IPv4: four dotted decimal octets 0-255, not part of a longer dotted number (so a
 * version "1.2.3.4.5" or "999.1.1.1" is not an address). IPv6: a run of hex digits, colons and dots
 * with at least two colons, parsed by the RFC 4291 text rules (eight groups, or fewer with one "::",
 * optionally ending in an IPv4 address); no DNS or InetAddress involved.
 */
final class IpDetector implements Detector {
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern V4 = Pattern.compile(
            "(?<![\\d.])" + OCTET + "(?:\\." + OCTET + "){3}(?!\\.?\\d)");
    private static final Pattern V4_EXACT = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
    private static final Pattern HAS_HEX = Pattern.compile("[0-9A-Fa-f]");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private final Action action;

    IpDetector(Action action) {
        this.action = action;
    }

    @Override
    public void find(String text, List<Match> out) {
        int v6Start = out.size();
        findV6(text, out);
        List<Match> v6 = List.copyOf(out.subList(v6Start, out.size()));
        findV4(text, v6, out);
    }

    /** Around each colon: the run of hex digits, colons and dots, kept if it parses as IPv6. */
    private void findV6(String text, List<Match> out) {
        int from = 0;
        for (int colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', Math.max(colon + 1, from))) {
            int start = colon;
            while (start > 0 && isV6Char(text.charAt(start - 1))) {
                start--;
            }
            int runEnd = colon;
            while (runEnd < text.length() && isV6Char(text.charAt(runEnd))) {
                runEnd++;
            }
            from = runEnd;
            int end = runEnd;
            while (end > start && text.charAt(end - 1) == '.') {
                end--; // a sentence's full stop
            }
            boolean wordAround = start > 0 && Character.isLetterOrDigit(text.charAt(start - 1))
                    || runEnd < text.length() && Character.isLetterOrDigit(text.charAt(runEnd));
            String candidate = text.substring(start, end);
            if (!wordAround && HAS_HEX.matcher(candidate).find() && isIpv6(candidate)) {
                out.add(new Match(start, end, PiiCategory.IP.name(), action));
            }
        }
    }

    private static boolean isV6Char(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
    }

    /** Dotted quads starting at a digit that is not preceded by a digit or dot. */
    private void findV4(String text, List<Match> v6, List<Match> out) {
        Matcher v4 = V4.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean start = c >= '0' && c <= '9' && (i == 0 || !isDigitOrDot(text.charAt(i - 1)));
            int octetEnd = start ? digitsEnd(text, i) : i;
            if (start && (octetEnd - i > 3 || octetEnd == text.length() || text.charAt(octetEnd) != '.')) {
                i = octetEnd; // no dot after at most three digits: no address starts here (nor inside the run)
                continue;
            }
            if (start && v4.region(i, text.length()).lookingAt() && !inV6(v6, i)) {
                out.add(new Match(i, v4.end(), PiiCategory.IP.name(), action));
                i = v4.end();
            } else {
                i++;
            }
        }
    }

    private static int digitsEnd(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        return end;
    }

    private static boolean isDigitOrDot(char c) {
        return c >= '0' && c <= '9' || c == '.';
    }

    /** An IPv4 tail of an IPv6 address ("::ffff:10.0.0.1") is part of that match, not a second one. */
    private static boolean inV6(List<Match> v6, int position) {
        for (Match m : v6) {
            if (m.start() <= position && position < m.end()) {
                return true;
            }
        }
        return false;
    }

    static boolean isIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap < 0) {
            return groups(s, true) == 8;
        }
        if (s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String head = s.substring(0, gap);
        String tail = s.substring(gap + 2);
        int before = head.isEmpty() ? 0 : groups(head, false);
        int after = tail.isEmpty() ? 0 : groups(tail, true);
        return before >= 0 && after >= 0 && before + after <= 7;
    }

    /** Number of 16-bit groups in a colon-separated part, an IPv4 tail counting two; -1 if malformed. */
    private static int groups(String part, boolean ipv4TailAllowed) {
        String[] pieces = part.split(":", -1);
        int count = 0;
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (ipv4TailAllowed && i == pieces.length - 1 && piece.indexOf('.') >= 0) {
                if (!V4_EXACT.matcher(piece).matches()) {
                    return -1;
                }
                count += 2;
            } else if (HEX_GROUP.matcher(piece).matches()) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
    }

    @Override
    public int window() {
        return 45; // the longest IPv6 text form, with an IPv4 tail
    }
}
