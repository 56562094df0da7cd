package dev.switchyard.gateway;

import dev.switchyard.core.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;

/**
 * Runs one Messages response from its {@link EventSource} through the response stages (source side
 * first) to the {@link ClientWriter}. On one event loop: the source, every stage and the writer run on
 * the request's loop, so the pipeline keeps plain fields. It ends once: at the source's end, after each
 * stage has passed on what it held and its end future completed in turn, or at the first failure,
 * which drops what follows.
 */
final class EventPipeline {
    private final List<ResponseStage> stages;
    private final ClientWriter writer;
    private final EventSource source;
    /** links[i] runs stage i and passes to links[i + 1], the last one to the writer. */
    private final Link[] links;
    private final Promise<Integer> done = Promise.promise();
    private boolean over;

    EventPipeline(List<ResponseStage> stages, ClientWriter writer, EventSource source) {
        this.stages = stages;
        this.writer = writer;
        this.source = source;
        this.links = new Link[stages.size()];
        EventSink next = writer;
        for (int i = stages.size() - 1; i >= 0; i--) {
            links[i] = new Link(stages.get(i), next);
            next = links[i];
        }
    }

    /** Starts the source; completes with the status the client got when the response is over. */
    Future<Integer> run() {
        writer.attach(this, source);
        writer.start();
        try {
            source.start(this);
        } catch (RuntimeException e) {
            // a source (or, with no stages, the writer) that throws ends the response with an error, not a hang
            fail(ErrorResponder.toApiException(e, writer.requestId()));
        }
        if (!over) {
            // after the source's own listener, if it has one (it knows why it stopped, for its metrics)
            writer.onClientGone(this::clientGone);
        }
        return done.future();
    }

    void emit(ResponseEvent event) {
        if (over) {
            return;
        }
        if (links.length != 0) {
            links[0].emit(event); // a link catches what its stage and everything after it throw
            return;
        }
        try {
            writer.emit(event);
        } catch (RuntimeException e) {
            fail(ErrorResponder.toApiException(e, writer.requestId()));
        }
    }

    /** A batch from the source is through: what the writer holds goes to the client. */
    void flush() {
        if (!over) {
            writer.flush();
        }
    }

    /** The source ended; {@code complete}: it reached message_stop with no error. */
    void finish(boolean complete) {
        if (!over) {
            endStage(0, complete);
        }
    }

    /** Ends the response with this error (the source failed, or a stage refused what came). */
    void fail(ApiException error) {
        if (over) {
            return;
        }
        over = true;
        source.stop();
        int status = writer.refuse(error);
        for (ResponseStage stage : stages) {
            try {
                stage.end(false, DROP);
            } catch (RuntimeException e) {
                // a stage's cleanup must not keep the response open
            }
        }
        done.tryComplete(status);
    }

    /** The client went away: nothing more is written; stages learn the response is incomplete. */
    void clientGone() {
        fail(ApiException.invalidRequest("client closed the connection"));
    }

    private void endStage(int i, boolean complete) {
        if (over) {
            return;
        }
        if (i == stages.size()) {
            Future<Integer> sent;
            try {
                sent = writer.end();
            } catch (RuntimeException e) {
                fail(ErrorResponder.toApiException(e, writer.requestId()));
                return;
            }
            over = true;
            sent.onComplete(ar -> done.tryComplete(ar.succeeded() ? ar.result() : 500));
            return;
        }
        Future<Void> ended;
        try {
            ended = stages.get(i).end(complete, sinkAfter(i));
        } catch (RuntimeException e) {
            ended = Future.succeededFuture();
        }
        ended.onComplete(ar -> endStage(i + 1, complete));
    }

    /** The sink a stage at index i passes to: the next stage's link, or the writer. */
    private EventSink sinkAfter(int i) {
        return links[i].next;
    }

    private final class Link implements EventSink {
        private final ResponseStage stage;
        private final EventSink next;

        Link(ResponseStage stage, EventSink next) {
            this.stage = stage;
            this.next = next;
        }

        @Override
        public void emit(ResponseEvent event) {
            if (over) {
                return;
            }
            try {
                stage.event(event, next);
            } catch (RuntimeException e) {
                EventPipeline.this.fail(ErrorResponder.toApiException(e, writer.requestId()));
            }
        }

        @Override
        public void fail(ApiException error) {
            EventPipeline.this.fail(error);
        }
    }

    private static final EventSink DROP = new EventSink() {
        @Override
        public void emit(ResponseEvent event) {}

        @Override
        public void fail(ApiException error) {}
    };
}
