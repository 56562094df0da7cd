package dev.switchyard.cluster;

import static dev.switchyard.cluster.Loopback.await;
import static dev.switchyard.cluster.Loopback.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.error.UnservedException;
import dev.switchyard.registry.health.HealthState;
import dev.switchyard.registry.health.InstanceView;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An instance whose port closed is passed over: calls go to the other, and the instance set learns of it. So is
 * one that answers it did nothing for the call (unserved); one that refuses after doing the work is not.
 */
class FailoverTest {
    private final Loopback loop = new Loopback();

    record Who(String id) {}

    private RoleServer instance(String id) {
        return loop.serve(Map.of("test/who", call -> call.reply(new Who(id))));
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private static InstanceView view(RoleClient client, String id) {
        return client.instances().views().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    private static void awaitHealthy(RoleClient client) {
        await().atMost(Duration.ofSeconds(10)).until(() -> client.instances().views().size() == 2
                && client.instances().views().stream().allMatch(v -> v.health() == HealthState.HEALTHY));
    }

    @Test
    void oneInstanceStopped_everyCallSucceedsOnTheOther_andTheDeadOneIsEjected() {
        RoleServer one = instance("one");
        RoleServer two = instance("two");
        RoleClient client = loop.client("test", one, two);
        awaitHealthy(client);
        assertThat(await(client.call("who", Map.of(), Who.class, false, "warm"))).isNotNull();
        await(one.shutdown(Duration.ZERO));
        long servedBefore = two.requests();

        for (int i = 0; i < 20; i++) {
            assertThat(await(client.call("who", Map.of(), Who.class, false, "seq-" + i)).id()).isEqualTo("two");
        }
        List<Future<Who>> concurrent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            concurrent.add(client.call("who", Map.of(), Who.class, false, "par-" + i));
        }
        concurrent.forEach(f -> assertThat(await(f).id()).isEqualTo("two"));

        assertThat(two.requests() - servedBefore).isEqualTo(70);
        InstanceView dead = view(client, "test-1");
        assertThat(dead.health()).isEqualTo(HealthState.EJECTED);
        assertThat(dead.inRotation()).isFalse();
        assertThat(dead.inFlight()).isZero();
        InstanceView alive = view(client, "test-2");
        assertThat(alive.health()).isEqualTo(HealthState.HEALTHY);
        assertThat(alive.inFlight()).isZero();
    }

    @Test
    void instanceLeaving_itsAnswerTakesItOutOfRotation_nextCallsGoToTheOther() {
        RoleServer one = instance("one");
        RoleServer two = instance("two");
        RoleClient client = loop.client("test", one, two);
        awaitHealthy(client);
        one.leaving();
        long oneBefore = one.requests();

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(await(client.call("who", Map.of(), Who.class, false, "leave-" + i)).id());
        }

        // the registry still lists it (a static list): its own answer said it is leaving
        assertThat(one.requests() - oneBefore).isLessThanOrEqualTo(1);
        assertThat(answers.subList(1, answers.size())).containsOnly("two");
        assertThat(view(client, "test-1").inRotation()).isFalse();
        assertThat(view(client, "test-1").health()).isEqualTo(HealthState.EJECTED);
    }

    @Test
    void instanceAnswersUnserved_callIsTriedOnTheOther_andTheFirstIsEjected() {
        RoleServer cutOff = loop.serve(Map.of("test/who", call ->
                call.fail(new UnservedException(ErrorType.OVERLOADED, "cannot reach what it needs"))));
        RoleServer two = instance("two");
        RoleClient client = loop.client("test", cutOff, two);
        awaitHealthy(client);

        for (int i = 0; i < 30; i++) {
            assertThat(await(client.call("who", Map.of(), Who.class, false, "unserved-" + i)).id()).isEqualTo("two");
        }

        assertThat(two.requests()).isEqualTo(30);
        // five refusals in a row eject it (eject_after_failures), and calls stop going there
        assertThat(cutOff.requests()).isEqualTo(5);
        // it answers at once: left in rotation, it would draw a least_connections balancer's calls
        assertThat(view(client, "test-1").health()).isEqualTo(HealthState.EJECTED);
        assertThat(view(client, "test-1").inRotation()).isFalse();
        assertThat(view(client, "test-2").health()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void everyInstanceAnswersUnserved_theCallerGetsTheRefusal_afterEachWasTriedOnce() {
        RpcHandler unserved = call -> call.fail(new UnservedException(ErrorType.OVERLOADED, "nothing reachable"));
        RoleServer one = loop.serve(Map.of("test/who", unserved));
        RoleServer two = loop.serve(Map.of("test/who", unserved));
        RoleClient client = loop.client("test", one, two);
        awaitHealthy(client);

        ApiException refusal = failure(client.call("who", Map.of(), Who.class, false, "r"));

        assertThat(refusal.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(refusal.getMessage()).isEqualTo("nothing reachable");
        assertThat(one.requests() + two.requests()).isEqualTo(2);
    }

    @Test
    void instanceRefusesAfterDoingTheWork_callIsNotTriedElsewhere() {
        RpcHandler overloaded = call -> call.fail(ApiException.overloaded("upstream overloaded"));
        RoleServer one = loop.serve(Map.of("test/who", overloaded));
        RoleServer two = loop.serve(Map.of("test/who", overloaded));
        RoleClient client = loop.client("test", one, two);
        awaitHealthy(client);

        for (int i = 0; i < 4; i++) {
            assertThat(failure(client.call("who", Map.of(), Who.class, false, "o-" + i)).type())
                    .isEqualTo(ErrorType.OVERLOADED);
        }

        assertThat(one.requests() + two.requests()).isEqualTo(4);
    }

    @Test
    void everyInstanceStopped_failsWithOverloaded() {
        RoleServer one = instance("one");
        RoleServer two = instance("two");
        RoleClient client = loop.client("test", one, two);
        awaitHealthy(client);
        await(one.shutdown(Duration.ZERO));
        await(two.shutdown(Duration.ZERO));

        assertThat(failure(client.call("who", Map.of(), Who.class, false, "r")).type())
                .isEqualTo(ErrorType.OVERLOADED);
    }

    @Test
    void noInstanceRegistered_failsWithOverloaded() {
        RoleClient client = loop.client("test");

        assertThat(client.available()).isFalse();
        assertThat(failure(client.call("who", Map.of(), Who.class, false, "r")).type())
                .isEqualTo(ErrorType.OVERLOADED);
    }
}
