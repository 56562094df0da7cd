package dev.switchyard.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void hex_knownInputs_matchTheStandardsVectors() {
        assertThat(Sha256.hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void of_sameThreadAgain_startsFromAFreshState() {
        byte[] first = Sha256.of("abc");

        assertThat(Sha256.of("abc")).isEqualTo(first);
        assertThat(Sha256.newDigest().digest("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(first);
    }

    /** One digest shared by all threads would mix their inputs. */
    @Test
    void hex_manyThreadsAtOnce_eachGetsItsOwnInputsHash() throws Exception {
        String a = Sha256.hex("first input");
        String b = Sha256.hex("second input");
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            boolean odd = t % 2 == 1;
            work.add(() -> {
                for (int i = 0; i < 20_000; i++) {
                    if (!Sha256.hex(odd ? "first input" : "second input").equals(odd ? a : b)) {
                        return false;
                    }
                }
                return true;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Boolean> result : pool.invokeAll(work)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
