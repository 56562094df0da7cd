package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;
import dev.switchyard.filter.Block;
import dev.switchyard.filter.Finding;
import dev.switchyard.filter.FilterResult;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorsTest {

    private static String redact(PiiCategory category, String text) {
        return Policies.redacting(category).apply(text).text();
    }

    @Test
    void email_addresses_redacted() {
        assertThat(redact(PiiCategory.EMAIL, "mail jane.doe+tag@example.co.uk or bob@mail-1.example.com."))
                .isEqualTo("mail [EMAIL] or [EMAIL].");
    }

    @Test
    void email_withoutDomainDotOrAt_notMatched() {
        String text = "user@localhost, @handle, a@b, name at example dot com";
        assertThat(redact(PiiCategory.EMAIL, text)).isEqualTo(text);
    }

    @Test
    void email_localPartOver64Characters_notMatched() {
        String text = "x".repeat(65) + "@example.com";
        assertThat(redact(PiiCategory.EMAIL, text)).isEqualTo(text);
        assertThat(redact(PiiCategory.EMAIL, "x".repeat(64) + "@example.com")).isEqualTo("[EMAIL]");
    }

    @Test
    void phone_validNumbersInDefaultRegionAndInternational_redacted() {
        assertThat(redact(PiiCategory.PHONE, "Call (650) 253-0000 or +44 20 7946 0958 today"))
                .isEqualTo("Call [PHONE] or [PHONE] today");
    }

    @Test
    void phone_otherDefaultRegion_readsNationalNumbers() {
        TextFilter german = TextFilter.compile(new FilterPolicy("de", List.of(), List.of(),
                Map.of(PiiCategory.PHONE, Action.REDACT), List.of(), "DE"));
        assertThat(german.apply("Ruf an: 030 901820").text()).isEqualTo("Ruf an: [PHONE]");
    }

    @Test
    void phone_invalidNumbersDatesAndCounts_notMatched() {
        String text = "Order 12345 shipped on 2026-11-29, 650 253 000 is too short, version 1.2.3";
        assertThat(redact(PiiCategory.PHONE, text)).isEqualTo(text);
    }

    @Test
    void phone_digitsOfACardOrIban_reportedOnlyAsCardOrIban() {
        TextFilter filter = TextFilter.compile(FilterPolicy.redactAllPii("default"));
        FilterResult result = filter.apply("card 4111 1111 1111 1111 iban DE89 3704 0044 0532 0130 00 phone (650) 253-0000");
        assertThat(result.text()).isEqualTo("card [CARD] iban [IBAN] phone [PHONE]");
        assertThat(result.findings()).extracting(Finding::category).containsExactly("CARD", "IBAN", "PHONE");
    }

    @Test
    void card_luhnValidWithSpacesDashesOrNone_redacted() {
        assertThat(redact(PiiCategory.CARD, "a 4111 1111 1111 1111 b 5500-0000-0000-0004 c 378282246310005 d"))
                .isEqualTo("a [CARD] b [CARD] c [CARD] d");
    }

    @Test
    void card_sixteenDigitsFailingLuhn_notACard() {
        String text = "a 4111 1111 1111 1112 b 1234567812345678 c";
        assertThat(redact(PiiCategory.CARD, text)).isEqualTo(text);
    }

    @Test
    void card_afterAReferenceNumberInTheSameRun_stillFound() {
        assertThat(redact(PiiCategory.CARD, "ref 1234 4111 1111 1111 1111")).isEqualTo("ref 1234 [CARD]");
    }

    @Test
    void card_tooShortOrTooLong_notACard() {
        String text = "pin 4111 1111 11 and 41111111111111111111111";
        assertThat(redact(PiiCategory.CARD, text)).isEqualTo(text);
    }

    @Test
    void iban_validChecksumCompactOrGrouped_redacted() {
        assertThat(redact(PiiCategory.IBAN, "pay DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432."))
                .isEqualTo("pay [IBAN] or [IBAN].");
    }

    @Test
    void iban_followedByCapitalisedWord_ibanAloneRedacted() {
        assertThat(redact(PiiCategory.IBAN, "DE89 3704 0044 0532 0130 00 THANKS")).isEqualTo("[IBAN] THANKS");
    }

    @Test
    void iban_wrongChecksum_notAnIban() {
        String text = "pay DE88 3704 0044 0532 0130 00 or GB82WEST12345698765433";
        assertThat(redact(PiiCategory.IBAN, text)).isEqualTo(text);
    }

    @Test
    void ipv4_dottedQuads_redacted() {
        assertThat(redact(PiiCategory.IP, "from 192.168.0.1, 10.0.0.255 and 255.255.255.255."))
                .isEqualTo("from [IP], [IP] and [IP].");
    }

    @Test
    void ipv4_octetOver255OrLongerDottedNumber_notAnIp() {
        String text = "999.1.1.1, 1.2.3.256, version 1.2.3.4.5, 1.2.3";
        assertThat(redact(PiiCategory.IP, text)).isEqualTo(text);
    }

    @Test
    void ipv6_fullCompressedAndMappedForms_redacted() {
        assertThat(redact(PiiCategory.IP, "a 2001:0db8:85a3:0000:0000:8a2e:0370:7334 b fe80::1 c ::1 d ::ffff:192.0.2.128."))
                .isEqualTo("a [IP] b [IP] c [IP] d [IP].");
    }

    @Test
    void ipv6_timesDoubleGapsAndScopedNames_notAnIp() {
        String text = "at 10:30:00, 1::2::3, std::vector, 12345::1, a :: b, 1:2:3:4:5:6:7:8:9";
        assertThat(redact(PiiCategory.IP, text)).isEqualTo(text);
    }

    @Test
    void customPattern_matches_redactedWithItsName() {
        TextFilter filter = TextFilter.compile(new FilterPolicy("acme", List.of(), List.of(), Map.of(),
                List.of(new CustomPattern("EMPLOYEE_ID", "EMP-\\d{6}", Action.REDACT)), "US"));
        FilterResult result = filter.apply("ticket for EMP-123456, not EMP-12");
        assertThat(result.text()).isEqualTo("ticket for [EMPLOYEE_ID], not EMP-12");
        assertThat(result.findings()).containsExactly(new Finding("EMPLOYEE_ID", Action.REDACT));
    }

    @Test
    void blockedTerm_anyCaseAsWholeWord_blocks() {
        TextFilter filter = Policies.terms("project falcon", "secret");
        assertThat(filter.apply("About PROJECT  Falcon now").blocked()).isTrue();
        assertThat(filter.apply("it is a Secret.").blocked()).isTrue();
    }

    @Test
    void blockedTerm_insideAnotherWord_notBlocked() {
        TextFilter filter = Policies.terms("secret", "ass");
        FilterResult result = filter.apply("secretary of the class, secrets");
        assertThat(result.blocked()).isFalse();
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void blockedRegex_matches_blocksAsBlockedPattern() {
        TextFilter filter = TextFilter.compile(new FilterPolicy("p", List.of(), List.of("sk-[a-z]{8}"), Map.of(), List.of(), "US"));
        assertThat(filter.apply("key sk-abcdefgh").block()).contains(new Block("p", FilterPolicy.BLOCKED_PATTERN));
    }
}
