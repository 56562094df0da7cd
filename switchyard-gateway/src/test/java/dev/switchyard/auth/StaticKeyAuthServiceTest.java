package dev.switchyard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class StaticKeyAuthServiceTest {
    private final StaticKeyAuthService auth =
            new StaticKeyAuthService(List.of("sk-sy-first-fixture", "sk-sy-second-fixture"));

    @Test
    void authenticate_listedKeys_eachGetsItsOwnPrincipal() {
        String first = auth.authenticate("sk-sy-first-fixture").result().keyId();
        String second = auth.authenticate("sk-sy-second-fixture").result().keyId();

        assertThat(first).startsWith("key-").isNotEqualTo(second);
        assertThat(auth.authenticate("sk-sy-first-fixture").result().keyId()).isEqualTo(first);
    }

    @Test
    void authenticate_unlistedOrMissingKey_failsAsAuthentication() {
        assertThat(type(auth.authenticate("sk-sy-not-listed"))).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(type(auth.authenticate(""))).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(type(auth.authenticate(null))).isEqualTo(ErrorType.AUTHENTICATION);
    }

    /** Each thread hashes with a digest of its own: one shared by all would mix their inputs and refuse keys. */
    @Test
    void authenticate_manyThreadsAtOnce_everyKeyMatchesItsOwnPrincipal() throws Exception {
        String first = auth.authenticate("sk-sy-first-fixture").result().keyId();
        String second = auth.authenticate("sk-sy-second-fixture").result().keyId();
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            boolean odd = t % 2 == 1;
            work.add(() -> {
                for (int i = 0; i < 20_000; i++) {
                    Future<Principal> p = auth.authenticate(odd ? "sk-sy-first-fixture" : "sk-sy-second-fixture");
                    if (p.failed() || !p.result().keyId().equals(odd ? first : second)) {
                        return false;
                    }
                }
                return true;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (var result : pool.invokeAll(work)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ErrorType type(Future<Principal> future) {
        assertThat(future.failed()).isTrue();
        return ((ApiException) future.cause()).type();
    }
}
