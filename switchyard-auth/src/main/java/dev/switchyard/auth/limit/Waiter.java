package dev.switchyard.auth.limit;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionRequest;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A request waiting for a grant; completed on the context it came from. When its grant times out it
 * is decided locally; {@link #redisAnswered} and {@link #decidedLocally} then tell what it comes to.
 */
final class Waiter {
    /**
     * What a request whose grant timed out comes to, once both the grant's late reply (did Redis admit it?)
     * and the local fallback (did it let it in?) are known, in whichever order they come: Redis's admission
     * stands for the request let in locally (STANDS), becomes credit for one refused locally (CREDIT); a
     * request the fallback let in that Redis did not count (it refused it, or the grant never ran or never
     * answered) is charged to Redis at the next sync (CHARGE), so that the shared count has it and the other
     * replicas' requests are refused for it. Charges older than {@link Allowance#CHARGE_TTL_NANOS} are dropped: after a
     * long outage a key starts from what Redis knows, not locked out by the local decisions of the outage.
     */
    enum Late { WAIT, NOTHING, CREDIT, STANDS, CHARGE }

    private final AdmissionRequest request;
    private final long worst;
    private final Promise<Admission> promise;
    private final Context context;
    // After a timeout, guarded by this: Redis's late answer (with its grant) and the local decision.
    private Boolean inRedis;
    private Boolean local;
    private String grant;
    private String day;
    private String month;

    Waiter(AdmissionRequest request, long worst, Promise<Admission> promise, Context context) {
        this.request = request;
        this.worst = worst;
        this.promise = promise;
        this.context = context;
    }

    AdmissionRequest request() {
        return request;
    }

    long worst() {
        return worst;
    }

    long estimatedTokens() {
        return request.estimatedInputTokens();
    }

    /** After Redis's late answer: the grant it was in, and the day and month of its reservation there. */
    synchronized String grant() {
        return grant;
    }

    synchronized String day() {
        return day;
    }

    synchronized String month() {
        return month;
    }

    /** The late reply: whether the grant {@code grant} of {@code day} admitted this request in Redis. */
    synchronized Late redisAnswered(boolean admitted, String grant, String day, String month) {
        this.inRedis = admitted;
        this.grant = grant;
        this.day = day;
        this.month = month;
        return late();
    }

    /** The fallback's decision for this request. */
    synchronized Late decidedLocally(boolean admitted) {
        this.local = admitted;
        return late();
    }

    private Late late() {
        if (inRedis == null || local == null) {
            return Late.WAIT;
        }
        if (inRedis) {
            return local ? Late.STANDS : Late.CREDIT;
        }
        return local ? Late.CHARGE : Late.NOTHING;
    }

    void complete(Admission a) {
        run(() -> promise.tryComplete(a));
    }

    void fail(Throwable e) {
        run(() -> promise.tryFail(e));
    }

    private void run(Runnable r) {
        if (context == null || context == Vertx.currentContext()) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }
}
