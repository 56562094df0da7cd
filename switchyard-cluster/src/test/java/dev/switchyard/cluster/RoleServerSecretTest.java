package dev.switchyard.cluster;

import static dev.switchyard.cluster.Loopback.await;
import static dev.switchyard.cluster.Loopback.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.net.WholeResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The role port refuses every call without the cluster secret before any handler sees it; /health needs none. */
class RoleServerSecretTest {
    private final Loopback loop = new Loopback();
    private final AtomicInteger handled = new AtomicInteger();
    private final RoleServer server = loop.serve(Map.of("test/echo", call -> {
        handled.incrementAndGet();
        call.reply(call.bodyAs(Echo.class));
    }));

    record Echo(String text) {}

    record Answer(int status, Buffer body) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body.getBytes());
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private Answer send(HttpVersion version, HttpMethod method, String path, MultiMap headers, String body) {
        HttpClient http = loop.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
                .setHttp2ClearTextUpgrade(false));
        try {
            RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
                    .setPort(server.port()).setURI(path).setHeaders(headers);
            WholeResponse answer = await(WholeResponse.send(http, options, body == null ? null : Buffer.buffer(body)));
            return new Answer(answer.status(), answer.body());
        } finally {
            await(http.close());
        }
    }

    @ParameterizedTest
    @EnumSource(value = HttpVersion.class, names = {"HTTP_1_1", "HTTP_2"})
    void call_withoutSecret_refusedWith401AuthenticationErrorAndHandlerNeverRuns(HttpVersion version) {
        Answer answer = send(version, HttpMethod.POST, "/rpc/test/echo",
                MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"), "{\"text\":\"hi\"}");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("type").asText()).isEqualTo("error");
        assertThat(answer.json().path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(handled).hasValue(0);
        assertThat(server.requests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = HttpVersion.class, names = {"HTTP_1_1", "HTTP_2"})
    void call_withWrongSecret_refusedWith401AndHandlerNeverRuns(HttpVersion version) {
        Answer answer = send(version, HttpMethod.POST, "/rpc/test/echo", MultiMap.caseInsensitiveMultiMap()
                .add(ClusterProtocol.SECRET_HEADER, Loopback.SECRET + "x"), "{\"text\":\"hi\"}");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(answer.body().toString()).doesNotContain(Loopback.SECRET);
        assertThat(handled).hasValue(0);
    }

    @Test
    void unknownMethod_withoutSecret_isRefusedAs401NotRevealedAs404() {
        Answer answer = send(HttpVersion.HTTP_2, HttpMethod.POST, "/rpc/nope/nothing",
                MultiMap.caseInsensitiveMultiMap(), "{}");

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void roleClient_withAnotherClustersSecret_failsWithAuthenticationErrorAndHandlerNeverRuns() {
        RoleClient client = loop.client("test", Loopback.config(Duration.ofSeconds(5)), "another-cluster-secret-42",
                server);

        ApiException e = failure(client.call("echo", new Echo("hi"), Echo.class, true, "req-1"));

        assertThat(e.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(e.status()).isEqualTo(401);
        assertThat(handled).hasValue(0);
    }

    @Test
    void roleClient_withTheSecret_reachesTheHandler() {
        RoleClient client = loop.client("test", server);

        Echo echo = await(client.call("echo", new Echo("hi"), Echo.class, false, "req-1"));

        assertThat(echo.text()).isEqualTo("hi");
        assertThat(handled).hasValue(1);
        assertThat(server.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = HttpVersion.class, names = {"HTTP_1_1", "HTTP_2"})
    void health_withoutSecret_answers(HttpVersion version) {
        Answer answer = send(version, HttpMethod.GET, "/health", MultiMap.caseInsensitiveMultiMap(), null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("ok");
        assertThat(server.requests()).isZero();
    }

    @Test
    void secret_neverPrinted() {
        assertThat(new ClusterSecret(Loopback.SECRET).toString()).doesNotContain(Loopback.SECRET);
    }
}
