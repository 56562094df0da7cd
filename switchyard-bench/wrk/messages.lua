-- wrk script: POST a small valid non-streaming Messages API request (16 output tokens at most).
wrk.method = "POST"
wrk.path = "/v1/messages"
wrk.body = '{"model":"claude-sonnet-4-6","max_tokens":16,"messages":[{"role":"user","content":"Benchmark: say hello."}]}'
wrk.headers["x-api-key"] = os.getenv("BENCH_KEY") or "bench-key"
wrk.headers["anthropic-version"] = "2023-06-01"
wrk.headers["content-type"] = "application/json"
