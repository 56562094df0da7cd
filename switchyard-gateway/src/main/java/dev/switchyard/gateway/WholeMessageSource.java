package dev.switchyard.gateway;


/** A whole Message (an upstream body, a cache entry) as a source: all its events at once, then the end. */
final class WholeMessageSource implements EventSource {
    private final WholeMessage message;

    WholeMessageSource(WholeMessage message) {
        this.message = message;
    }

    @Override
    public void start(EventPipeline pipeline) {
        for (ResponseEvent event : MessageEvents.of(message)) {
            pipeline.emit(event);
        }
        pipeline.flush();
        pipeline.finish(true);
    }
}
