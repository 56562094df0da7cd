package dev.switchyard.cluster.auth;

import static dev.switchyard.cluster.auth.AuthRoleFixture.await;
import static dev.switchyard.cluster.auth.AuthRoleFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteAdmissionControlTest {
    private static final Principal WHO = Principal.staticKey("key_1");

    private final AuthRoleFixture role = new AuthRoleFixture();

    @AfterEach
    void stop() {
        role.close();
    }

    private static AdmissionRequest request(int i, String model) {
        return new AdmissionRequest("req_" + i, model, 100 + i, 1000);
    }

    @Test
    void admit_rateLimited_failsWith429RetryAfterAndRatelimitHeaders() {
        role.serve("auth-1");
        RemoteAdmissionControl remote = new RemoteAdmissionControl(role.client());

        ApiException e = (ApiException) failure(remote.admit(WHO, request(1, Fakes.LIMITED_MODEL)));

        assertThat(e.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.headers()).containsAllEntriesOf(Fakes.RATE_HEADERS);
        assertThat(e.getMessage()).isEqualTo(new Fakes.Limited().getMessage());
    }

    @Test
    void admit_budgetExhausted_failsWithBillingError402() {
        role.serve("auth-1");
        RemoteAdmissionControl remote = new RemoteAdmissionControl(role.client());

        ApiException e = (ApiException) failure(remote.admit(WHO, request(1, Fakes.BROKE_MODEL)));

        assertThat(e.type()).isEqualTo(ErrorType.BILLING);
        assertThat(e.status()).isEqualTo(402);
        assertThat(e.getMessage()).isEqualTo("The daily spend budget is exhausted");
    }

    @Test
    void admit_noInstance_failsWithOverloadedError() {
        RemoteAdmissionControl remote = new RemoteAdmissionControl(role.client(List.of()));

        assertThat(((ApiException) failure(remote.admit(WHO, request(1, "m")))).type())
                .isEqualTo(ErrorType.OVERLOADED);
    }

    @Test
    void settle_twoInstances_reachesTheAdmittingInstanceExactlyOnce() {
        AuthRoleFixture.Served a = role.serve("auth-a");
        AuthRoleFixture.Served b = role.serve("auth-b");
        RemoteAdmissionControl remote = new RemoteAdmissionControl(role.client());
        List<Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            admissions.add(await(remote.admit(WHO, request(i, "claude-sonnet-4-5"))));
        }
        assertThat(a.admissions().admitted).isNotEmpty();
        assertThat(b.admissions().admitted).isNotEmpty();
        assertThat(admissions).allSatisfy(adm -> assertThat(adm.headers())
                .containsEntry("anthropic-ratelimit-requests-remaining", "41"));

        // evens then odds: a balancer alone (round robin) would send half of these to the other instance
        List<Integer> order = Stream.concat(Stream.iterate(0, i -> i < 20, i -> i + 2),
                Stream.iterate(1, i -> i < 20, i -> i + 2)).toList();
        for (int i : order) {
            TokenUsage used = new TokenUsage("claude-sonnet-4-5", i, 2L * i, 0, 0);
            admissions.get(i).settle(used);
            admissions.get(i).settle(used);
        }

        List<Fakes.Live> lives = Stream.concat(a.admissions().admitted.stream(), b.admissions().admitted.stream())
                .toList();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lives.stream().allMatch(live -> live.settles.get() >= 1));
        assertThat(lives).hasSize(20).allSatisfy(live -> {
            assertThat(live.settles).hasValue(1);
            int i = Integer.parseInt(live.request.requestId().substring(4));
            assertThat(live.used).isEqualTo(new TokenUsage("claude-sonnet-4-5", i, 2L * i, 0, 0));
            assertThat(((RemoteAdmissionControl.RemoteAdmission) admissions.get(i)).instanceId())
                    .isEqualTo(live.instanceId);
        });
        assertThat(a.endpoint().grantsHeld()).isZero();
        assertThat(b.endpoint().grantsHeld()).isZero();
    }

    @Test
    void grant_notSettledWithinItsTtl_isSettledByTheRoleWithZerosOnce() {
        MutableClock clock = new MutableClock();
        AuthRoleFixture.Served served = role.serve("auth-1", clock, Duration.ofMinutes(15), 100, 0);
        RemoteAdmissionControl remote = new RemoteAdmissionControl(role.client());
        Admission admission = await(remote.admit(WHO, request(1, "claude-sonnet-4-5")));
        Fakes.Live live = served.admissions().admitted.get(0);

        clock.advance(Duration.ofMinutes(14));
        assertThat(served.endpoint().expireGrants()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(served.endpoint().expireGrants()).isEqualTo(1);

        assertThat(live.settles).hasValue(1);
        assertThat(live.used).isEqualTo(TokenUsage.none("claude-sonnet-4-5"));
        assertThat(served.endpoint().grantsExpired()).isEqualTo(1);
        long served0 = served.server().requests();
        admission.settle(new TokenUsage("claude-sonnet-4-5", 10, 10, 0, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> served.server().requests() > served0);
        assertThat(live.settles).hasValue(1);
    }

    @Test
    void admit_moreGrantsThanTheBound_refusedWithOverloadedAndGivenBack() {
        AuthRoleFixture.Served served = role.serve("auth-1", new MutableClock(), Duration.ofMinutes(15), 2, 0);
        RemoteAdmissionControl remote = new RemoteAdmissionControl(role.client());
        await(remote.admit(WHO, request(1, "m")));
        await(remote.admit(WHO, request(2, "m")));

        ApiException e = (ApiException) failure(remote.admit(WHO, request(3, "m")));

        assertThat(e.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(served.admissions().admitted.get(2).settles).hasValue(1);
        assertThat(served.endpoint().grantsHeld()).isEqualTo(2);
    }

    @Test
    void close_grantsStillHeld_settledWithZeros() {
        AuthRoleFixture.Served served = role.serve("auth-1");
        RemoteAdmissionControl remote = new RemoteAdmissionControl(role.client());
        await(remote.admit(WHO, request(1, "m")));

        served.endpoint().close();

        assertThat(served.admissions().admitted.get(0).settles).hasValue(1);
        assertThat(served.endpoint().grantsHeld()).isZero();
    }
}
