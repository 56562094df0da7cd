package dev.switchyard.cluster.auth;

import static dev.switchyard.cluster.auth.AuthRoleFixture.await;
import static dev.switchyard.cluster.auth.AuthRoleFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.cache.CachePolicy;
import dev.switchyard.cluster.ClusterProtocol;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.net.WholeResponse;
import dev.switchyard.testkit.MutableClock;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteAuthServiceTest {
    private static final String KEY = "sk-test-0123456789";
    private static final Principal PRINCIPAL = new Principal("key_42", "tenant_7", "user_3", "gold",
            Set.of("claude-sonnet-4-5", "claude-haiku-4-5"), new Quota(60, 100_000, 4, 5_000_000, 90_000_000),
            new Quota(600, 1_000_000, 40, 0, 900_000_000), CachePolicy.ALWAYS);

    private final AuthRoleFixture role = new AuthRoleFixture();

    @AfterEach
    void stop() {
        role.close();
    }

    @Test
    void authenticate_knownKey_principalArrivesWithQuotasModelsAndCachePolicy() {
        role.serve("auth-1").auth().keys.put(KEY, PRINCIPAL);
        RemoteAuthService remote = new RemoteAuthService(role.client());

        Principal p = await(remote.authenticate(KEY));

        assertThat(p).isEqualTo(PRINCIPAL);
        assertThat(p.mayUse("claude-haiku-4-5")).isTrue();
        assertThat(p.mayUse("claude-opus-4-1")).isFalse();
    }

    @Test
    void authenticate_unknownKey_failsWithAuthenticationError401() {
        role.serve("auth-1");
        RemoteAuthService remote = new RemoteAuthService(role.client());

        Throwable e = failure(remote.authenticate("sk-wrong"));

        assertThat(e).isInstanceOf(ApiException.class);
        assertThat(((ApiException) e).type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(((ApiException) e).status()).isEqualTo(401);
        assertThat(e.getMessage()).isEqualTo("invalid x-api-key").doesNotContain("sk-wrong");
    }

    @Test
    void authenticate_noCredential_failsWithAuthenticationError() {
        role.serve("auth-1");
        RemoteAuthService remote = new RemoteAuthService(role.client());

        assertThat(((ApiException) failure(remote.authenticate(null))).type()).isEqualTo(ErrorType.AUTHENTICATION);
    }

    @Test
    void call_wrongClusterSecret_refusedWithAuthenticationErrorBeforeTheService() {
        AuthRoleFixture.Served served = role.serve("auth-1");
        served.auth().keys.put(KEY, PRINCIPAL);
        RemoteAuthService remote = new RemoteAuthService(
                role.client(List.of(Map.entry("auth-1", served.port())), "fedcba9876543210-wrong"));

        Throwable e = failure(remote.authenticate(KEY));

        assertThat(((ApiException) e).type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(e.getMessage()).contains("cluster credential");
        assertThat(served.auth().calls).hasValue(0);
    }

    @Test
    void call_missingClusterSecret_refusedWithAuthenticationError401() {
        AuthRoleFixture.Served served = role.serve("auth-1");
        HttpClient http = role.vertx.createHttpClient();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(served.port()).setURI(ClusterProtocol.path(AuthWire.ROLE, AuthWire.AUTHENTICATE));

        WholeResponse answer = await(WholeResponse.send(http, options,
                Buffer.buffer("{\"credential\":\"" + KEY + "\"}")));
        JsonObject body = answer.body().toJsonObject();

        assertThat(answer.status()).isEqualTo(401);
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo("authentication_error");
        assertThat(served.auth().calls).hasValue(0);
    }

    @Test
    void authenticate_cacheOff_asksTheRoleEveryTime() {
        AuthRoleFixture.Served served = role.serve("auth-1");
        served.auth().keys.put(KEY, PRINCIPAL);
        RemoteAuthService remote = new RemoteAuthService(role.client());

        await(remote.authenticate(KEY));
        await(remote.authenticate(KEY));

        assertThat(served.auth().calls).hasValue(2);
    }

    @Test
    void authenticate_cacheOn_keepsSuccessForItsTtlOnly() {
        AuthRoleFixture.Served served = role.serve("auth-1");
        served.auth().keys.put(KEY, PRINCIPAL);
        MutableClock clock = new MutableClock();
        RemoteAuthService remote = new RemoteAuthService(role.client(), Duration.ofSeconds(5), 100, clock);

        await(remote.authenticate(KEY));
        assertThat(await(remote.authenticate(KEY))).isEqualTo(PRINCIPAL);
        assertThat(served.auth().calls).hasValue(1);

        clock.advance(Duration.ofSeconds(6));
        await(remote.authenticate(KEY));
        assertThat(served.auth().calls).hasValue(2);
    }

    @Test
    void authenticate_cacheOn_failuresAreNeverKept() {
        AuthRoleFixture.Served served = role.serve("auth-1");
        RemoteAuthService remote = new RemoteAuthService(role.client(), Duration.ofSeconds(5), 100, new MutableClock());

        failure(remote.authenticate(KEY));
        served.auth().keys.put(KEY, PRINCIPAL);

        assertThat(await(remote.authenticate(KEY))).isEqualTo(PRINCIPAL);
        assertThat(served.auth().calls).hasValue(2);
        assertThat(remote.cached()).isEqualTo(1);
    }

    @Test
    void authenticate_cacheFull_staysWithinItsBound() {
        AuthRoleFixture.Served served = role.serve("auth-1");
        for (int i = 0; i < 5; i++) {
            served.auth().keys.put(KEY + i, PRINCIPAL);
        }
        RemoteAuthService remote = new RemoteAuthService(role.client(), Duration.ofSeconds(5), 3, new MutableClock());

        for (int i = 0; i < 5; i++) {
            await(remote.authenticate(KEY + i));
        }

        assertThat(remote.cached()).isBetween(1, 3);
    }
}
