/**
 * An Anthropic Messages API simulator, the upstream for Switchyard's embedded default, tests and
 * benchmarks.
 *
 * <pre>{@code
 * ClaudeSimulator sim = ClaudeSimulator.start(vertx, SimulatorOptions.defaults()).await();
 * sim.setFault(Fault.status(529, Duration.ofSeconds(1)).times(2)); // the next two requests get 529
 * ... point a client at sim.baseUrl() ...
 * sim.stats().streamsCancelled();
 * }</pre>
 *
 * From another process the same faults and stats are reachable over HTTP under {@code /_simulator/}:
 * {@code POST /_simulator/fault} with {@code {"status":529,"retry_after_ms":1000,"latency_ms":200,
 * "stall_after_events":3,"reset_connection":false,"malformed_sse":false,"remaining":3}} (all optional),
 * {@code DELETE /_simulator/fault}, {@code GET /_simulator/stats}, {@code DELETE /_simulator/stats}. The
 * stats count requests by the part of the API they were for too ({@code requests_by_kind}: messages,
 * batches, files, other), so that a test can tell which simulator, which deployment, served a call.
 *
 * <p>Message Batches ({@code /v1/messages/batches}: create, list, retrieve, cancel, delete, results) live
 * in memory, the newest 10,000, and are processed in the background, one request per
 * {@link dev.switchyard.simulator.SimulatorOptions#batchRequestInterval()} (default 5 ms); each request
 * gets what {@code POST /v1/messages} would answer its params, as a succeeded or an errored result. The
 * API's rules apply: a request's params are validated when it is processed (a bad one is errored, the
 * batch is not refused), an unfinished batch cannot be deleted (cancel it first) nor its results read
 * (400), and {@code results_url} is absolute, built from the {@code Host} the batch was created through.
 *
 * <p>Files ({@code /v1/files}: multipart upload of a part named {@code file}, list, metadata, content,
 * delete) live in memory too, each up to {@link dev.switchyard.simulator.SimulatorOptions#maxFileBytes()}
 * (default 32 MiB, 413 past it), all together up to
 * {@link dev.switchyard.simulator.SimulatorOptions#fileStorageBytes()} (default 256 MiB; the oldest are
 * forgotten to make room). Two departures from the API: an upload is {@code downloadable}, so that a test
 * can read back its bytes (the API lets only files it made itself be downloaded); and the beta header
 * {@code anthropic-beta: files-api-2025-04-14} is accepted but not required, since the official Java SDK
 * 3.14.0 no longer sends it.
 *
 * <p>The legacy Text Completions API, {@code POST /v1/complete} ({@code prompt} in the
 * {@code "\n\nHuman: ...\n\nAssistant:"} form, {@code max_tokens_to_sample}, optional {@code stream}),
 * answers a {@code completion} of the simulator's words, for tests of paths a gateway passes through.
 */
package dev.switchyard.simulator;
