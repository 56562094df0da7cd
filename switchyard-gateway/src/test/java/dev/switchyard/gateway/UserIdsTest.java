package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "ada                         | ada",
        "a+b                         | a+b",
        "ana%20mar%C3%ADa            | ana maría",
        "alice%40example.com         | alice@example.com",
        "user:42                     | user:42",
        "...                         | ...",
        "%2e%2e%2e                   | ...",
    })
    void wellFormedSegment_decodesAsAPath_plusStaysAPlus(String segment, String id) {
        assertThat(UserIds.fromPathSegment(segment)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "%2e", "%2E%2e", "a%2fb", "a%2Fb", "a%5cb", "%00", "a%0Ab", "%7F", "%20",
        "%20%20", "%", "%2", "%zz", "a%g1", "%C0%AF", "%FF", "%ED%A0%80"})
    void malformedOrDangerousSegment_isInvalidRequest(String segment) {
        assertThatThrownBy(() -> UserIds.fromPathSegment(segment)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 5_000})
    void overTwoHundredCharacters_isInvalidRequest_withoutEchoingTheWholeId(int length) {
        assertThat(UserIds.fromPathSegment("a".repeat(200))).hasSize(200);
        assertThatThrownBy(() -> UserIds.fromPathSegment("a".repeat(length))).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }
}
