package dev.switchyard.filter.policy;

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
    private static final Pattern V6_CANDIDATE = Pattern.compile(
            "(?<![0-9A-Za-z:.])[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HAS_HEX = Pattern.compile("[0-9A-Fa-f]");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private final Action action;

    IpDetector(Action action) {
        this.action = action;
    }

    @Override
    public void find(String text, List<Match> out) {
        Matcher v6 = V6_CANDIDATE.matcher(text);
        while (v6.find()) {
            int end = v6.end();
            while (end > v6.start() && text.charAt(end - 1) == '.') {
                end--; // a sentence's full stop
            }
            boolean wordFollows = v6.end() < text.length() && Character.isLetterOrDigit(text.charAt(v6.end()));
            String candidate = text.substring(v6.start(), end);
            if (!wordFollows && HAS_HEX.matcher(candidate).find() && isIpv6(candidate)) {
                out.add(new Match(v6.start(), end, PiiCategory.IP.name(), action));
            }
        }
        Matcher v4 = V4.matcher(text);
        while (v4.find()) {
            if (!inV6(out, v4.start())) {
                out.add(new Match(v4.start(), v4.end(), PiiCategory.IP.name(), action));
            }
        }
    }

    /** An IPv4 tail of an IPv6 address ("::ffff:10.0.0.1") is part of that match, not a second one. */
    private static boolean inV6(List<Match> out, int position) {
        for (Match m : out) {
            if (m.category().equals(PiiCategory.IP.name()) && m.start() <= position && position < m.end()) {
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
