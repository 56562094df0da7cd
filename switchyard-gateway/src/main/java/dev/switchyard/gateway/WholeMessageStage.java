package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * A response stage that needs the whole Message rather than its events: it rebuilds the message as the
 * events go by (passing them on, or holding them back when it answers in their place) and is handed the
 * message once the source is done: null when the answer was incomplete or could not be rebuilt.
 */
abstract class WholeMessageStage implements ResponseStage {
    private final MessageAssembler assembler = new MessageAssembler();
    private final boolean passOn;

    /** {@code passOn}: the events go on to the client as they come (an observer) or are held back. */
    WholeMessageStage(boolean passOn) {
        this.passOn = passOn;
    }

    /** An observer that gets the complete message (never an incomplete one) before the response ends. */
    static ResponseStage observing(Function<ObjectNode, Future<Void>> onComplete) {
        return new WholeMessageStage(true) {
            @Override
            Future<Void> message(ObjectNode message, boolean complete, EventSink next) {
                return message == null ? Future.succeededFuture() : onComplete.apply(message);
            }
        };
    }

    @Override
    public final void event(ResponseEvent event, EventSink next) {
        assembler.feed(event);
        if (passOn) {
            next.emit(event);
        }
    }

    @Override
    public final Future<Void> end(boolean complete, EventSink next) {
        return message(complete ? assembler.message() : null, complete, next);
    }

    /** The whole message, or null; {@code complete}: the source reached message_stop with no error. */
    abstract Future<Void> message(ObjectNode message, boolean complete, EventSink next);
}
