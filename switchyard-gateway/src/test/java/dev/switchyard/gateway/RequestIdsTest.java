package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void next_hasTheApisForm() {
        assertThat(RequestIds.next()).matches("req_[0-9A-Za-z]{24}");
    }

    @Test
    void next_idsOfLaterMilliseconds_sortAfterEarlierOnes() {
        List<String> ids = new ArrayList<>();
        long[] times = {0L, 1L, 61L, 62L, 1_764_000_000_000L, 1_764_000_000_001L, 1_900_000_000_000L};
        for (long t : times) {
            ids.add(RequestIds.next(t));
        }

        assertThat(ids).isSorted();
    }

    @Test
    void next_manyInTheSameMillisecond_areDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(RequestIds.next(1_764_000_000_000L));
        }

        assertThat(ids).hasSize(100_000);
    }
}
