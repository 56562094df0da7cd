package dev.switchyard.conversation.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileDocumentsTest {
    private final ProfileDocuments docs = new ProfileDocuments(64);

    private String merge(String current, String patch) {
        return docs.merged(current, docs.patch(patch));
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":1}                         | {\"a\":2}                  | {\"a\":2}",
        "{\"a\":1}                         | {\"b\":2}                  | {\"a\":1,\"b\":2}",
        "{\"a\":1,\"b\":2}                 | {\"a\":null}               | {\"b\":2}",
        "{\"a\":1}                         | {\"x\":null}               | {\"a\":1}",
        "{\"a\":{\"b\":1,\"c\":2}}         | {\"a\":{\"b\":null,\"d\":3}} | {\"a\":{\"c\":2,\"d\":3}}",
        "{\"a\":[1,2]}                     | {\"a\":[3]}                | {\"a\":[3]}",
        "{\"a\":[{\"b\":1}]}               | {\"a\":[{\"c\":null}]}     | {\"a\":[{\"c\":null}]}",
        "{\"a\":\"text\"}                  | {\"a\":{\"b\":null,\"c\":1}} | {\"a\":{\"c\":1}}",
        "{\"a\":{\"b\":1}}                 | {\"a\":5}                  | {\"a\":5}",
        "{\"a\":1}                         | {}                         | {\"a\":1}",
    })
    void merge_rfc7386Rules_giveTheExpectedDocument(String current, String patch, String expected) {
        assertThat(merge(current.strip(), patch.strip())).isEqualTo(expected.strip());
    }

    @Test
    void merge_noProfileYet_startsFromAnEmptyObject() {
        assertThat(merge(null, "{\"tone\":\"brief\",\"gone\":null}")).isEqualTo("{\"tone\":\"brief\"}");
    }

    @Test
    void numbers_keepEveryDigit_neverThroughADouble() {
        assertThat(docs.replacement("{\"n\":1.10,\"big\":1e400,\"i\":123456789012345678901234567890}"))
                .isEqualTo("{\"n\":1.10,\"big\":1E+400,\"i\":123456789012345678901234567890}");
    }

    @Test
    void replacement_isKeptCompact_whitespaceDoesNotCount() {
        String spaced = "{ \"a\" :   \"" + "x".repeat(50) + "\"   }";
        assertThat(docs.replacement(spaced)).isEqualTo("{\"a\":\"" + "x".repeat(50) + "\"}");
    }

    @Test
    void replacement_oneByteOverTheLimit_isRequestTooLarge() {
        String exactly64 = "{\"a\":\"" + "x".repeat(56) + "\"}";
        assertThat(docs.replacement(exactly64)).hasSize(64);
        assertThatThrownBy(() -> docs.replacement("{\"a\":\"" + "x".repeat(57) + "\"}"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.REQUEST_TOO_LARGE));
    }

    @Test
    void limit_countsUtf8Bytes_notCharacters() {
        // 20 two-byte characters: 20 characters, 40 bytes, plus 10 bytes of braces and quotes and name.
        String twenty = "{\"a\":\"" + "é".repeat(20) + "\"}";
        assertThat(docs.replacement(twenty)).isEqualTo(twenty);
        assertThatThrownBy(() -> docs.replacement("{\"a\":\"" + "é".repeat(30) + "\"}"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.REQUEST_TOO_LARGE));
    }

    @Test
    void merge_growingPastTheLimit_isRequestTooLarge_shrinkingBackIsFine() {
        String full = "{\"a\":\"" + "x".repeat(50) + "\"}";
        assertThatThrownBy(() -> merge(full, "{\"b\":\"more\"}")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.REQUEST_TOO_LARGE));
        assertThat(merge(full, "{\"a\":null,\"b\":\"more\"}")).isEqualTo("{\"b\":\"more\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[1,2]", "\"text\"", "42", "null", "{\"a\":", "{} {}", "''"})
    void notAnObject_isInvalidRequest_forReplacementAndPatch(String json) {
        assertThatThrownBy(() -> docs.replacement(json)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST));
        assertThatThrownBy(() -> docs.patch(json)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST));
    }
}
