package dev.switchyard.gateway;

/**
 * Where the events of a response come from: an upstream stream, a whole body, a cache entry. It pushes
 * events into the pipeline, tells it after each batch ({@link EventPipeline#flush}), and ends it once
 * with {@link EventPipeline#finish} or {@link EventPipeline#fail}.
 */
interface EventSource {
    void start(EventPipeline pipeline);

    /** The client's write queue is full: stop reading until {@link #resume}. */
    default void pause() {}

    default void resume() {}

    /** The client is gone or a stage ended the response: release what is held (the upstream call). */
    default void stop() {}
}
