package dev.switchyard.gateway;

import io.vertx.core.Future;

/**
 * Settle and record: once the client has its answer, whatever it was, gives back what admission held
 * (settled with the real usage), writes the usage-ledger record and counts tokens ({@link UsageRecorder}).
 */
final class RecordStep implements Step {
    private final UsageRecorder recorder;

    RecordStep(UsageRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        return NEXT;
    }

    @Override
    public void done(Exchange ex, int status) {
        recorder.finish(ex, status);
    }
}
