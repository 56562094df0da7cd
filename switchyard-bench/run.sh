#!/usr/bin/env bash
# Switchyard benchmark: one command reproduces every figure in BENCHMARKS.md.
#
#   switchyard-bench/run.sh
#
# Starts the Claude simulator (the upstream), nginx proxying to it (the baseline proxy) and the
# Switchyard gateway in front of it with -Xmx512m (all traffic on 127.0.0.1), then runs in turn:
#   a. non-streaming throughput: wrk, same threads/connections/duration against simulator, nginx, gateway
#   t. tracing's cost (issue 12) on the core path: the --no-auth gateway as it runs (no admin API reads
#      spans there, so none is recorded: trace context only, ids in logs and exemplars, traceparent
#      upstream) against one started with --recent-traces 0 (no tracing at all): wrk throughput in
#      TRACE_ROUNDS interleaved rounds, and the p99 at LAT_RATE req/s of each
#   b. added latency: the bench client's open-loop generator at a fixed rate against simulator, nginx, gateway
#   d. added time to first token: streams at a fixed rate, direct, through nginx and through the gateway
#   e. the full pipeline (auth, limits, budgets, usage ledger on PostgreSQL and Redis) against the core one
#   f. response cache: hits from L1 and from Redis against the gateway's own floor and real misses
#   h. two hops (issue 11): a gateway calling a claude role in another process, against the all-in-one
#      gateway: p99 at LAT_RATE req/s in HOP_ROUNDS interleaved rounds (medians compared), then STREAMS
#      concurrent streams through both hops
#      (both processes -Xmx$GW_HEAP, heaps sampled), every event checked
#   c. concurrent streams, every event checked: c0 straight to the simulator (the harness's own limits),
#      c' through the gateway as many as the open files limit allows (when below STREAMS), c STREAMS
#      through the gateway; the gateway's heap (jstat), RSS and open files (/proc) are sampled.
# (c runs last because it is the one that can leave the gateway in a bad state.)
# Output goes to stdout and to switchyard-bench/results/<UTC timestamp>/ (report.txt, summary.txt, logs).
# Needs nginx and wrk (apt-get install -y nginx wrk); builds the jars when the sources changed.
# Every knob below can be overridden from the environment, e.g. STREAMS=2000 switchyard-bench/run.sh;
# SECTIONS picks what runs, e.g. SECTIONS="b f" switchyard-bench/run.sh (b's direct figure is e's reference).
set -euo pipefail
case "${1:-}" in --help | -h) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/switchyard-bench"

SIM_PORT=${SIM_PORT:-18090}
NGINX_PORT=${NGINX_PORT:-18091}
GW_PORT=${GW_PORT:-18092}
GW_FULL_PORT=${GW_FULL_PORT:-18093}
GW_L1_PORT=${GW_L1_PORT:-18094}
GW_L2_PORT=${GW_L2_PORT:-18095}
SECTIONS=${SECTIONS:-a t b d e f h c}
HOP_GW_PORT=${HOP_GW_PORT:-18096}
HOP_GW_ROLE_PORT=${HOP_GW_ROLE_PORT:-18097}
HOP_CLAUDE_PORT=${HOP_CLAUDE_PORT:-18098}
GW_NOTRACE_PORT=${GW_NOTRACE_PORT:-18099}
TRACE_ROUNDS=${TRACE_ROUNDS:-4}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
CLIENT_KEY=${CLIENT_KEY:-bench-key}
# The simulator: 20 ms to first token, then 2 tokens/s; requests choose their length with max_tokens
# (wrk and the latency run: 16 tokens, non-streaming, sent at once; the TTFT run: 3 tokens, about 1 s;
# the streams run: 40 tokens, about 20 s, so that all streams are open at once after a 10 s ramp while
# 10,000 streams cost only 20,000 events/s on two cores).
SIM_TTFT_MS=${SIM_TTFT_MS:-20}
SIM_TPS=${SIM_TPS:-2}
SIM_TOKENS=${SIM_TOKENS:-100}
# a. throughput
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNS=${WRK_CONNS:-64}
WRK_SECONDS=${WRK_SECONDS:-15}
WRK_ROUNDS=${WRK_ROUNDS:-2}
WRK_WARMUP=${WRK_WARMUP:-20}  # the gateway's JIT needs about 20 s of load to reach its plateau
E_WARMUP=${E_WARMUP:-40}      # section e: the full pipeline's JIT needs about 40 s
# b. latency at a fixed rate
LAT_RATE=${LAT_RATE:-1000}
LAT_SECONDS=${LAT_SECONDS:-20}
LAT_WARMUP=${LAT_WARMUP:-10}
LAT_RUNS=${LAT_RUNS:-3}       # b and d: interleaved runs per target; the p99s are judged on their medians
# h. rounds of the two-hop latency pair (one process, then two hops): on two shared cores a single
# 20 s run's p99 moves by a millisecond or more from run to run (scheduling), so h reports every round
# and compares the medians of the rounds' p99s
HOP_ROUNDS=${HOP_ROUNDS:-5}
# c. concurrent streams
STREAMS=${STREAMS:-10000}
STREAM_RAMP=${STREAM_RAMP:-1000}
STREAM_TOKENS=${STREAM_TOKENS:-40}
GW_HEAP=${GW_HEAP:-512m}
# d. time to first token
TTFT_RATE=${TTFT_RATE:-200}
TTFT_SECONDS=${TTFT_SECONDS:-15}
TTFT_WARMUP=${TTFT_WARMUP:-10}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$bench/results/$stamp"
mkdir -p "$out"
exec > >(tee "$out/report.txt") 2>&1

pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  if [ -s "$out/nginx.pid" ]; then
    kill "$(cat "$out/nginx.pid")" 2>/dev/null || true
  fi
  for p in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT

say() { printf '%s\n' "$*"; }
want() { [[ " $SECTIONS " == *" $1 "* ]]; }
fail() { say "run.sh: $*" >&2; exit 1; }
section() { printf '\n=== %s ===\n' "$*"; }
# value KEY LINE: the value of KEY=value in a RESULT line
value() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$2"; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
mean() { awk '{ for (i = 1; i <= NF; i++) s += $i; printf "%.0f", s / NF }' <<<"$1"; }
# the median of the numbers in $1 (the mean of the middle two for an even count)
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# wrk_rps PORT FILE [SECONDS]: one wrk run of Messages requests against 127.0.0.1:PORT (its report in FILE);
# prints its requests per second.
wrk_rps() {
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${3:-$WRK_SECONDS}s" --latency -s "$bench/wrk/messages.lua" \
    "http://127.0.0.1:$1/v1/messages" >"$2"
  awk '/^Requests\/sec:/ { print $2 }' "$2"
}

# The gateway's Vert.x threads and their CPU time so far, saved and summed up in one line.
loop_cpu() {
  "$JAVA_HOME/bin/jstack" "$gw_pid" >"$out/gateway-threads-$1.txt" 2>&1 || true
  say "gateway thread CPU so far: $(sed -n 's/^"\(vert\.x-[a-z]*-thread-[0-9]*\)".* cpu=\([0-9.]*\)ms.*/\1 \2 ms/p' \
    "$out/gateway-threads-$1.txt" | awk '{ printf "%s%s %.0f ms", (NR > 1 ? ", " : ""), $1, $2 }')"
}

# cpu_ms COMM...: the CPU time (user + system, ms) used so far by every process with one of these names (the
# databases' own cost beside the gateway's: PostgreSQL's backends and Redis); exited processes are not counted.
cpu_ms() {
  local names=" $* " total=0 f comm ticks
  for f in /proc/[0-9]*/stat; do
    read -r comm ticks < <(sed -n 's/^[0-9]* (\([^)]*\)) [A-Za-z] \([0-9-]* \)\{10\}\([0-9]*\) \([0-9]*\).*/\1 \3+\4/p' "$f" 2>/dev/null) || continue
    [ -n "$comm" ] && [[ $names == *" $comm "* ]] && total=$((total + ticks))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}

# Waits until an HTTP server answers on URL (any status), at most $2 seconds.
wait_http() {
  local i
  for i in $(seq 1 $(($2 * 5))); do
    if curl -s -o /dev/null --max-time 1 "$1"; then return 0; fi
    sleep 0.2
  done
  return 1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

command -v nginx >/dev/null || fail "nginx not found: apt-get update && apt-get install -y nginx wrk"
command -v wrk >/dev/null || fail "wrk not found: apt-get update && apt-get install -y nginx wrk"
for p in "$SIM_PORT" "$NGINX_PORT" "$GW_PORT"; do
  port_free "$p" || fail "port $p is in use (set SIM_PORT, NGINX_PORT, GW_PORT)"
done
# shellcheck disable=SC1091
. "$root/.mvn/find-jdk.sh"

section "machine"
say "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "cpu:     $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
say "memory:  $(free -h | awk '/^Mem:/ { print $2 " total, " $7 " available" }')"
say "java:    $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1) ($JAVA_HOME)"
say "nginx:   $(nginx -v 2>&1 | sed 's/^nginx version: //'), wrk: $(wrk -v 2>&1 | head -n 1 | awk '{ print $2 }')"
say "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min load average before the run)"

section "build"
# The launcher builds every module (the bench clients included) when a source is newer than its jar.
"$root/switchyard" version >"$out/build.log" 2>&1 || { tail -n 30 "$out/build.log"; fail "build failed (log: $out/build.log)"; }
jar="$bench/target/switchyard-bench.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$bench/src/main" "$bench/pom.xml" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && ./mvnw -q -pl switchyard-bench package -DskipTests) >>"$out/build.log" 2>&1 \
    || { tail -n 30 "$out/build.log"; fail "bench build failed (log: $out/build.log)"; }
fi
say "$(tail -n 1 "$out/build.log")"
bench_java() { "$JAVA_HOME/bin/java" -XX:+UseParallelGC -Xms256m -Xmx1g -jar "$jar" "$@"; }

# 10,000 streams: the gateway holds one socket per stream (its HTTP/2 upstream connections are shared).
ulimit -n "$(ulimit -Hn)"
nofile=$(ulimit -n)
say "open files limit: $nofile (the gateway needs about $((STREAMS + 300)) for $STREAMS streams over an HTTP/2 upstream)"

section "servers"
"$root/switchyard" simulate --port "$SIM_PORT" --ttft-ms "$SIM_TTFT_MS" --tokens-per-second "$SIM_TPS" \
  --response-tokens "$SIM_TOKENS" >"$out/simulator.log" 2>&1 &
sim_pid=$!
pids+=("$sim_pid")
wait_http "http://127.0.0.1:$SIM_PORT/v1/models" 180 || { cat "$out/simulator.log"; fail "simulator did not start"; }
say "simulator  http://127.0.0.1:$SIM_PORT  pid $sim_pid  (ttft ${SIM_TTFT_MS} ms, ${SIM_TPS} tokens/s)"

mkdir -p "$out/nginx"
cat >"$out/nginx.conf" <<EOF
worker_processes auto;
worker_rlimit_nofile $nofile;
pid $out/nginx.pid;
error_log $out/nginx-error.log warn;
events { worker_connections 10240; multi_accept on; }
http {
  access_log off;
  client_body_temp_path $out/nginx/body;
  proxy_temp_path $out/nginx/proxy;
  fastcgi_temp_path $out/nginx/fastcgi;
  uwsgi_temp_path $out/nginx/uwsgi;
  scgi_temp_path $out/nginx/scgi;
  keepalive_requests 1000000;
  upstream simulator {
    server 127.0.0.1:$SIM_PORT;
    keepalive 256;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    location / {
      proxy_pass http://simulator;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
EOF
nginx -e "$out/nginx-error.log" -c "$out/nginx.conf" -p "$out/nginx/" \
  || fail "nginx did not start (log: $out/nginx-error.log)"
wait_http "http://127.0.0.1:$NGINX_PORT/v1/models" 10 || fail "nginx does not answer"
say "nginx      http://127.0.0.1:$NGINX_PORT  pid $(cat "$out/nginx.pid")  ($(nproc) workers, keepalive pool to the simulator)"

# The gateway exactly as the quick start runs it (it listens on 0.0.0.0; all traffic here is loopback).
# start_gateway LABEL [extra run options]: sets gw_pid and gw_gc_log.
start_gateway() {
  local label=$1
  shift
  gw_gc_log="$out/gateway-$label-gc.log"
  SWITCHYARD_JAVA_OPTS="-Xmx$GW_HEAP -Xlog:gc:file=$gw_gc_log" \
    "$root/switchyard" run --no-auth --port "$GW_PORT" --upstream "http://127.0.0.1:$SIM_PORT" --client-key "$CLIENT_KEY" "$@" \
    >"$out/gateway-$label.log" 2>&1 &
  gw_pid=$!
  pids+=("$gw_pid")
  wait_http "http://127.0.0.1:$GW_PORT/health" 180 || { cat "$out/gateway-$label.log"; fail "gateway did not start"; }
  say "switchyard http://127.0.0.1:$GW_PORT  pid $gw_pid  (-Xmx$GW_HEAP: ./switchyard run --no-auth --port $GW_PORT --upstream http://127.0.0.1:$SIM_PORT --client-key $CLIENT_KEY $*)"
}
start_gateway http1

body='{"model":"claude-sonnet-4-6","max_tokens":16,"messages":[{"role":"user","content":"Benchmark: say hello."}]}'
for port in "$SIM_PORT" "$NGINX_PORT" "$GW_PORT"; do
  status=$(curl -s -o "$out/check-$port.json" -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/v1/messages" \
    -H "x-api-key: $CLIENT_KEY" -H 'anthropic-version: 2023-06-01' -H 'content-type: application/json' -d "$body")
  [ "$status" = 200 ] || { cat "$out/check-$port.json"; fail "127.0.0.1:$port answered $status to a Messages request"; }
done
say "all three answer POST /v1/messages with 200"

if want a; then
section "a. non-streaming throughput: wrk -t$WRK_THREADS -c$WRK_CONNS -d${WRK_SECONDS}s, $WRK_ROUNDS rounds (after ${WRK_WARMUP}s warm-up each)"
targets="direct:$SIM_PORT nginx:$NGINX_PORT switchyard:$GW_PORT"
for target in $targets; do
  wrk_rps "${target##*:}" "$out/wrk-${target%%:*}-warmup.txt" "$WRK_WARMUP" >/dev/null
done
# Rounds interleave the targets, so that a slow spell of the machine does not land on one of them only.
declare -A rps
for round in $(seq 1 "$WRK_ROUNDS"); do
  for target in $targets; do
    name=${target%%:*}
    f="$out/wrk-$name-$round.txt"
    r=$(wrk_rps "${target##*:}" "$f")
    rps[$name]="${rps[$name]:-} $r"
    non2xx=$(awk '/Non-2xx/ { print $NF }' "$f")
    sockerr=$(sed -n 's/.*Socket errors: //p' "$f")
    lat=$(awk '/^ +(50|99)%/ { printf "p%s %s  ", $1, $2 }' "$f")
    printf 'round %s  %-11s %10s req/s   non-2xx: %s   socket errors: %s   latency %s\n' "$round" "$name" "$r" \
      "${non2xx:-0}" "${sockerr:-none}" "$lat"
  done
done
for name in direct nginx switchyard; do
  rps[$name]=$(mean "${rps[$name]}")
  printf 'mean        %-11s %10s req/s\n' "$name" "${rps[$name]}"
done
loop_cpu a
ratio=$(calc "%.1f" "100 * ${rps[switchyard]} / ${rps[nginx]}")
say "switchyard/nginx = $ratio%  (switchyard/direct = $(calc "%.1f" "100 * ${rps[switchyard]} / ${rps[direct]}")%)"
fi

if want t; then
section "t. tracing's cost on the core path: trace context only (--no-auth) vs --recent-traces 0, $TRACE_ROUNDS interleaved rounds"
SWITCHYARD_JAVA_OPTS="-Xmx$GW_HEAP" "$root/switchyard" run --no-auth --port "$GW_NOTRACE_PORT" \
  --upstream "http://127.0.0.1:$SIM_PORT" --client-key "$CLIENT_KEY" --recent-traces 0 >"$out/gateway-notrace.log" 2>&1 &
notrace_pid=$!
pids+=("$notrace_pid")
wait_http "http://127.0.0.1:$GW_NOTRACE_PORT/health" 180 || { cat "$out/gateway-notrace.log"; fail "untraced gateway did not start"; }
say "untraced gateway http://127.0.0.1:$GW_NOTRACE_PORT pid $notrace_pid (./switchyard run --no-auth ... --recent-traces 0)"
declare -A trps tp99
for target in traced:$GW_PORT untraced:$GW_NOTRACE_PORT; do
  wrk_rps "${target##*:}" "$out/wrk-t-${target%%:*}-warmup.txt" "$WRK_WARMUP" >/dev/null
done
for round in $(seq 1 "$TRACE_ROUNDS"); do
  for target in traced:$GW_PORT untraced:$GW_NOTRACE_PORT; do
    name=${target%%:*}
    r=$(wrk_rps "${target##*:}" "$out/wrk-t-$name-$round.txt")
    trps[$name]="${trps[$name]:-} $r"
    bench_java latency --url "http://127.0.0.1:${target##*:}" --key "$CLIENT_KEY" --label "t-$name-$round" \
      --rate "$LAT_RATE" --duration "$LAT_SECONDS" --warmup 5 >"$out/latency-t-$name-$round.txt"
    p99=$(value p99_ms "$(grep '^RESULT' "$out/latency-t-$name-$round.txt")")
    tp99[$name]="${tp99[$name]:-} $p99"
    printf 'round %s  %-9s %10s req/s   p99 at %s req/s: %s ms\n' "$round" "$name" "$r" "$LAT_RATE" "$p99"
  done
done
for name in traced untraced; do
  printf 'mean      %-9s %10s req/s   median p99 %s ms\n' "$name" "$(mean "${trps[$name]}")" "$(median "${tp99[$name]}")"
done
say "tracing's cost: throughput $(calc "%.1f" "100 * ($(mean "${trps[untraced]}") - $(mean "${trps[traced]}")) / $(mean "${trps[untraced]}")")% lower, p99 $(calc "%.3f" "$(median "${tp99[traced]}") - $(median "${tp99[untraced]}")") ms higher (traced - untraced)"
kill "$notrace_pid" 2>/dev/null || true
fi

declare -A lat
if want b || want e; then
section "b. latency at a fixed $LAT_RATE req/s, open loop (${WRK_WARMUP}s of wrk load first, then ${LAT_WARMUP}s warm-up, ${LAT_SECONDS}s measured, $LAT_RUNS interleaved runs)"
# Steady state, as section a measures it: at 1,000 req/s the JIT (compile thresholds x3 in the launcher) is
# still compiling the request path after LAT_WARMUP alone, and the first runs measured its compilation.
if ! want a; then
  for target in direct:$SIM_PORT nginx:$NGINX_PORT switchyard:$GW_PORT; do
    wrk_rps "${target##*:}" "$out/wrk-b-${target%%:*}-warmup.txt" "$WRK_WARMUP" >/dev/null
  done
fi
declare -A latp99 latmed laterr
for run in $(seq 1 "$LAT_RUNS"); do
  for target in direct:$SIM_PORT nginx:$NGINX_PORT switchyard:$GW_PORT; do
    name=${target%%:*}
    bench_java latency --url "http://127.0.0.1:${target##*:}" --key "$CLIENT_KEY" --label "$name" --rate "$LAT_RATE" \
      --duration "$LAT_SECONDS" --warmup "$LAT_WARMUP" | tee "$out/latency-$name-$run.txt"
    lat[$name]=$(grep '^RESULT' "$out/latency-$name-$run.txt")
    latp99[$name]="${latp99[$name]:-} $(value p99_ms "${lat[$name]}")"
    laterr[$name]=$(( ${laterr[$name]:-0} + $(value errors "${lat[$name]}") ))
  done
done
# judged on the medians of the runs' p99s: one run's p99 on two shared cores moves by a millisecond or more
for name in direct nginx switchyard; do latmed[$name]=$(median "${latp99[$name]}"); done
lat_added=$(calc "%.3f" "${latmed[switchyard]} - ${latmed[direct]}")
say "p99 of each run (ms): direct${latp99[direct]} | nginx${latp99[nginx]} | switchyard${latp99[switchyard]}"
say "added p99 latency (medians of $LAT_RUNS runs): switchyard - direct = $lat_added ms  (nginx - direct = $(calc "%.3f" \
  "${latmed[nginx]} - ${latmed[direct]}") ms)"

loop_cpu b
fi

if want d; then
section "d. time to first token at $TTFT_RATE streams/s (${TTFT_WARMUP}s warm-up, ${TTFT_SECONDS}s measured, $LAT_RUNS interleaved runs)"
declare -A ttft ttftp99 ttftmed ttfterr
for run in $(seq 1 "$LAT_RUNS"); do
  for target in direct:$SIM_PORT nginx:$NGINX_PORT switchyard:$GW_PORT; do
    name=${target%%:*}
    bench_java ttft --url "http://127.0.0.1:${target##*:}" --reference "http://127.0.0.1:$SIM_PORT" --key "$CLIENT_KEY" \
      --label "$name" --rate "$TTFT_RATE" --duration "$TTFT_SECONDS" --warmup "$TTFT_WARMUP" | tee "$out/ttft-$name-$run.txt"
    ttft[$name]=$(grep '^RESULT' "$out/ttft-$name-$run.txt")
    ttftp99[$name]="${ttftp99[$name]:-} $(value p99_ms "${ttft[$name]}")"
    ttfterr[$name]=$(( ${ttfterr[$name]:-0} + $(value errors "${ttft[$name]}") ))
  done
done
for name in direct nginx switchyard; do ttftmed[$name]=$(median "${ttftp99[$name]}"); done
ttft_added=$(calc "%.3f" "${ttftmed[switchyard]} - ${ttftmed[direct]}")
say "p99 of each run (ms): direct${ttftp99[direct]} | nginx${ttftp99[nginx]} | switchyard${ttftp99[switchyard]}"
say "added p99 time to first token (medians of $LAT_RUNS runs): switchyard - direct = $ttft_added ms  (nginx - direct = $(calc "%.3f" \
  "${ttftmed[nginx]} - ${ttftmed[direct]}") ms)"
loop_cpu d
fi

if want e; then
section "e. full pipeline (auth + rate limits + budgets + usage ledger on PostgreSQL and Redis) vs the core pipeline"
# The same gateway code, configured with the auth service: keys in PostgreSQL (schema switchyard_bench,
# emptied first), limits and budgets in Redis, every request written to the usage ledger. The key has
# limits high enough never to refuse, so that every check runs and every request passes.
psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS switchyard_bench CASCADE" >/dev/null
cat >"$out/full.yaml" <<YAML
server: { port: $GW_FULL_PORT }
deployments:
  - name: simulator
    base_url: http://127.0.0.1:$SIM_PORT
    api_key: bench-upstream
    models: ["*"]
auth:
  admin_key: bench-admin-key
  store: { url: "$PG_URL", user: postgres, schema: switchyard_bench }
  redis: { url: "$REDIS_URL", key_prefix: "switchyard-bench-$stamp:" }
YAML
SWITCHYARD_JAVA_OPTS="-Xmx$GW_HEAP" "$root/switchyard" run --config "$out/full.yaml" >"$out/gateway-full.log" 2>&1 &
full_pid=$!
pids+=("$full_pid")
wait_http "http://127.0.0.1:$GW_FULL_PORT/health" 180 || { cat "$out/gateway-full.log"; fail "full gateway did not start"; }
full_key=$(curl -s -X POST "http://127.0.0.1:$GW_FULL_PORT/admin/keys" -H 'x-api-key: bench-admin-key' \
  -H 'content-type: application/json' -d '{"name":"bench","limits":{"requests_per_minute":100000000,
  "tokens_per_minute":100000000000,"max_concurrent":100000,"daily_budget_usd":1000000000,"monthly_budget_usd":1000000000}}' \
  | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
[ -n "$full_key" ] || fail "could not create a key on the full gateway (log: $out/gateway-full.log)"
say "full pipeline gateway http://127.0.0.1:$GW_FULL_PORT pid $full_pid (./switchyard run --config full.yaml), key created through /admin/keys"
# Both warmed the same way first: the full pipeline runs more code and its JIT needs about 40 s of load to
# reach its plateau; the core gateway gets the same, whether or not section a warmed it before.
for target in core:$GW_PORT:$CLIENT_KEY full:$GW_FULL_PORT:$full_key; do
  IFS=: read -r name port key <<<"$target"
  BENCH_KEY=$key wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${E_WARMUP}s" -s "$bench/wrk/messages.lua" \
    "http://127.0.0.1:$port/v1/messages" >"$out/wrk-$name-warmup.txt"
done
declare -A erps edb
for round in $(seq 1 "$WRK_ROUNDS"); do
  for target in core:$GW_PORT:$CLIENT_KEY full:$GW_FULL_PORT:$full_key; do
    IFS=: read -r name port key <<<"$target"
    f="$out/wrk-e-$name-$round.txt"
    db_before=$(cpu_ms postgres redis-server)
    BENCH_KEY=$key wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${WRK_SECONDS}s" --latency -s "$bench/wrk/messages.lua" \
      "http://127.0.0.1:$port/v1/messages" >"$f"
    r=$(awk '/^Requests\/sec:/ { print $2 }' "$f")
    erps[$name]="${erps[$name]:-} $r"
    db=$(( $(cpu_ms postgres redis-server) - db_before ))
    edb[$name]=$(( ${edb[$name]:-0} + db ))
    printf 'round %s  %-5s %10s req/s   non-2xx: %s   PostgreSQL + Redis CPU: %s ms\n' "$round" "$name" "$r" \
      "$(awk '/Non-2xx/ { print $NF }' "$f")" "$db"
  done
done
for name in core full; do erps[$name]=$(mean "${erps[$name]}"); done
full_drop=$(calc "%.1f" "100 - 100 * ${erps[full]} / ${erps[core]}")
say "throughput: core ${erps[core]} req/s, full ${erps[full]} req/s: full is $full_drop% lower (target <= 10%)"
say "PostgreSQL and Redis CPU while each was measured: core $(calc "%.0f" "${edb[core]} / ($WRK_ROUNDS * $WRK_SECONDS * 10)")%, full $(calc "%.0f" "${edb[full]} / ($WRK_ROUNDS * $WRK_SECONDS * 10)")% of one core"
declare -A elat
for target in core:$GW_PORT:$CLIENT_KEY full:$GW_FULL_PORT:$full_key; do
  IFS=: read -r name port key <<<"$target"
  bench_java latency --url "http://127.0.0.1:$port" --key "$key" --label "$name" --rate "$LAT_RATE" \
    --duration "$LAT_SECONDS" --warmup "$LAT_WARMUP" | tee "$out/latency-e-$name.txt"
  elat[$name]=$(grep '^RESULT' "$out/latency-e-$name.txt")
done
full_lat_added=$(calc "%.3f" "$(value p99_ms "${elat[full]}") - ${latmed[direct]}")
say "added p99 latency at $LAT_RATE req/s: full - direct = $full_lat_added ms (core - direct in b: $lat_added ms; full - core = $(calc "%.3f" "$(value p99_ms "${elat[full]}") - $(value p99_ms "${elat[core]}")") ms)"
ledger_rows=$(psql -tA -h 127.0.0.1 -U postgres -d test -c "SELECT COUNT(*) FROM switchyard_bench.usage_records")
say "usage ledger rows written by the full gateway: $ledger_rows"
# Were the decisions taken in Redis? Fallbacks are decisions taken locally (Redis timed out or its breaker was open).
curl -s "http://127.0.0.1:$GW_FULL_PORT/metrics" | grep -E '^switchyard_limits_(fallback|redis_failures|grants)' >"$out/limits-metrics.txt" || true
limit_fallbacks=$(awk '/control="rate_limits"/ { s += $NF } END { printf "%.0f", s }' "$out/limits-metrics.txt")
say "limiter decisions taken locally instead of in Redis (whole run, warm-up included): $limit_fallbacks"
limit_grants=$(awk '/^switchyard_limits_grants_total/ { printf "%.0f", $NF }' "$out/limits-metrics.txt")
say "Redis grant calls (each decides the requests waiting and grants credit spent in memory): $limit_grants for $ledger_rows requests"
kill "$full_pid" 2>/dev/null || true
fi

if want f; then
section "f. response cache at $LAT_RATE req/s: the gateway's floor, L1 hits, Redis hits, misses (${LAT_WARMUP}s warm-up, ${LAT_SECONDS}s measured)"
# Two gateways with the response cache: one with L1 only (the quick start's cache), one whose L1 holds
# nothing (l1_max_size: 0) so that every hit comes from Redis. Four runs at the same rate:
#   floor  a request the gateway answers itself after auth and parsing (unknown model: its own 404)
#   l1     one request asked again and again with x-switchyard-cache: use, on the L1 gateway
#   redis  the same on the Redis gateway
#   miss   every prompt different with x-switchyard-cache: use (lookup, miss, simulator, store), Redis gateway
cache_gateway() { # cache_gateway LABEL PORT CACHE_YAML
  cat >"$out/cache-$1.yaml" <<YAML
server: { port: $2 }
client_keys: ["$CLIENT_KEY"]
deployments:
  - name: simulator
    base_url: http://127.0.0.1:$SIM_PORT
    api_key: bench-upstream
    models: ["*"]
cache: $3
YAML
  SWITCHYARD_JAVA_OPTS="-Xmx$GW_HEAP" "$root/switchyard" run --config "$out/cache-$1.yaml" >"$out/gateway-cache-$1.log" 2>&1 &
  pids+=("$!")
  wait_http "http://127.0.0.1:$2/health" 180 || { cat "$out/gateway-cache-$1.log"; fail "cache gateway $1 did not start"; }
  say "cache gateway $1 http://127.0.0.1:$2 pid $! (cache: $3)"
}
cache_gateway l1 "$GW_L1_PORT" "{ l1_max_size: 64MB }"
l1_gw=${pids[-1]}
cache_gateway l2 "$GW_L2_PORT" "{ l1_max_size: 0, redis_nodes: [\"$REDIS_URL\"], key_prefix: \"switchyard-bench-$stamp:cache:\" }"
l2_gw=${pids[-1]}
declare -A cl
for run in floor:$GW_L1_PORT:--model:claude-unknown-bench:--expect:404 l1:$GW_L1_PORT:--cache:use \
           redis:$GW_L2_PORT:--cache:use miss:$GW_L2_PORT:--cache:use:--unique:yes; do
  IFS=: read -r name port extra <<<"$run"
  # shellcheck disable=SC2086
  bench_java latency --url "http://127.0.0.1:$port" --key "$CLIENT_KEY" --label "cache-$name" --rate "$LAT_RATE" \
    --duration "$LAT_SECONDS" --warmup "$LAT_WARMUP" ${extra//:/ } | tee "$out/latency-f-$name.txt"
  cl[$name]=$(grep '^RESULT' "$out/latency-f-$name.txt")
done
for port in "$GW_L1_PORT" "$GW_L2_PORT"; do
  curl -s "http://127.0.0.1:$port/metrics" | grep -E '^switchyard_cache_(hits|misses|l1_entries|l2_errors)' >"$out/cache-metrics-$port.txt" || true
  say "cache metrics of the gateway on $port:"
  sed 's/^/  /' "$out/cache-metrics-$port.txt"
done
l1_added=$(calc "%.3f" "$(value p99_ms "${cl[l1]}") - $(value p99_ms "${cl[floor]}")")
redis_added=$(calc "%.3f" "$(value p99_ms "${cl[redis]}") - $(value p99_ms "${cl[floor]}")")
say "p99: floor $(value p99_ms "${cl[floor]}") ms, L1 hit $(value p99_ms "${cl[l1]}") ms (+$l1_added over the floor), Redis hit $(value p99_ms "${cl[redis]}") ms (+$redis_added), miss $(value p99_ms "${cl[miss]}") ms"
kill "$l1_gw" "$l2_gw" 2>/dev/null || true
fi

# TcpExt ListenOverflows from /proc/net/netstat: connections the kernel dropped because an accept queue was full.
listen_overflows() {
  awk '$1 == "TcpExt:" && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
       $1 == "TcpExt:" && h { print $col["ListenOverflows"]; exit }' /proc/net/netstat
}

# c. N concurrent streams to URL, with samplers (bounded in time) for its heap (jstat),
# RSS and open files (/proc). Sets stream_result, heap_used_mb, heap_committed_mb, rss_peak_mb,
# fds_peak, gateway_alive for the summary; files are suffixed with the label.
stream_run() {
  local url=$1 n=$2 label=$3 secs overflows
  overflows=$(listen_overflows)
  secs=$((n / STREAM_RAMP + STREAM_TOKENS / SIM_TPS + 60))
  "$JAVA_HOME/bin/jcmd" "$gw_pid" GC.heap_info >"$out/heap-before-$label.txt" 2>&1 || true
  "$JAVA_HOME/bin/jstat" -gc "$gw_pid" 500 $((secs * 2)) >"$out/gateway-jstat-$label.txt" 2>&1 &
  local jstat_pid=$!
  pids+=("$jstat_pid")
  (
    end=$((SECONDS + secs))
    while [ "$SECONDS" -lt "$end" ] && [ -d "/proc/$gw_pid" ]; do
      rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$gw_pid/status" 2>/dev/null || echo 0)
      fds=$(find "/proc/$gw_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
      echo "$(date +%s.%N) ${rss:-0} $fds"
      sleep 0.5
    done
  ) >"$out/gateway-proc-$label.txt" &
  local proc_pid=$!
  pids+=("$proc_pid")
  bench_java streams --url "$url" --reference "http://127.0.0.1:$SIM_PORT" --key "$CLIENT_KEY" \
    --label "$label" --streams "$n" --rate "$STREAM_RAMP" --max-tokens "$STREAM_TOKENS" \
    --timeout $((n / STREAM_RAMP + STREAM_TOKENS / SIM_TPS + 45)) | tee "$out/streams-$label.txt"
  stream_result=$(grep '^RESULT' "$out/streams-$label.txt")
  overflows=$(( $(listen_overflows) - overflows ))
  say "kernel: $overflows connections dropped from full listen queues during the run (TcpExtListenOverflows)"
  sleep 1
  kill "$jstat_pid" "$proc_pid" 2>/dev/null || true
  "$JAVA_HOME/bin/jcmd" "$gw_pid" GC.heap_info >"$out/heap-after-$label.txt" 2>&1 || true
  gateway_alive=yes
  kill -0 "$gw_pid" 2>/dev/null || gateway_alive=no
  # Heap used = survivors + eden + old, from jstat's columns by name (KB).
  read -r heap_used_mb heap_committed_mb < <(awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 ~ /^[0-9.]+$/ { u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > m) m = u;
                       c = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]; if (c > mc) mc = c }
    END { printf "%.0f %.0f\n", m / 1024, mc / 1024 }' "$out/gateway-jstat-$label.txt")
  rss_peak_mb=$(awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$out/gateway-proc-$label.txt")
  fds_peak=$(awk '{ if ($3 > m) m = $3 } END { print m + 0 }' "$out/gateway-proc-$label.txt")
  say "gateway: heap used peak ${heap_used_mb} MB (committed peak ${heap_committed_mb} MB, max $GW_HEAP), RSS peak ${rss_peak_mb} MB, open files peak $fds_peak of $nofile, alive after: $gateway_alive"
  loop_cpu "c-$label"
}

declare -A hop
if want h; then
section "h. two hops: a gateway calling a claude role in another process (cluster protocol: HTTP/2 + JSON, shared secret)"
# The claude role alone (HTTP/1.1 to the simulator, as the all-in-one gateway of a and b), and a gateway
# with every other role that finds it through the static registry (--peer). Both -Xmx$GW_HEAP. The hop
# between them is HTTP/2; each process holds its own sockets (10,000 streams: the gateway's clients, the
# claude role's upstream connections), within the open files limit of each.
cat >"$out/hop.yaml" <<YAML
client_keys: ["$CLIENT_KEY"]
server: { max_connections_per_ip: 0 }   # all 10,000 streams come from one loopback address
deployments:
  - name: simulator
    base_url: http://127.0.0.1:$SIM_PORT
    api_key: bench-upstream
    models: ["*"]
    max_concurrent: 20000
YAML
export SWITCHYARD_CLUSTER_SECRET="bench-cluster-secret-$stamp"
SWITCHYARD_JAVA_OPTS="-Xmx$GW_HEAP" "$root/switchyard" run --config "$out/hop.yaml" --roles claude \
  --role-port "$HOP_CLAUDE_PORT" --instance-id claude-1 >"$out/hop-claude.log" 2>&1 &
hop_claude_pid=$!
pids+=("$hop_claude_pid")
wait_http "http://127.0.0.1:$HOP_CLAUDE_PORT/health" 180 || { cat "$out/hop-claude.log"; fail "claude role did not start"; }
SWITCHYARD_JAVA_OPTS="-Xmx$GW_HEAP -Xlog:gc:file=$out/hop-gateway-gc.log" "$root/switchyard" run --config "$out/hop.yaml" \
  --roles gateway,auth,cache,conversation,filter,translation --port "$HOP_GW_PORT" --role-port "$HOP_GW_ROLE_PORT" \
  --instance-id gateway-1 --peer "claude=http://127.0.0.1:$HOP_CLAUDE_PORT" >"$out/hop-gateway.log" 2>&1 &
hop_gw_pid=$!
pids+=("$hop_gw_pid")
wait_http "http://127.0.0.1:$HOP_GW_PORT/health" 180 || { cat "$out/hop-gateway.log"; fail "two-hop gateway did not start"; }
say "claude role  http://127.0.0.1:$HOP_CLAUDE_PORT pid $hop_claude_pid (run --roles claude); gateway http://127.0.0.1:$HOP_GW_PORT pid $hop_gw_pid (run --roles gateway,... --peer claude=...)"
for target in one:$GW_PORT two:$HOP_GW_PORT; do
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${WRK_WARMUP}s" -s "$bench/wrk/messages.lua" \
    "http://127.0.0.1:${target##*:}/v1/messages" >"$out/wrk-hop-${target%%:*}-warmup.txt"
done
declare -A hop_p99s=([one]="" [two]="")
for round in $(seq 1 "$HOP_ROUNDS"); do
  for target in one:$GW_PORT two:$HOP_GW_PORT; do
    name=${target%%:*}
    bench_java latency --url "http://127.0.0.1:${target##*:}" --key "$CLIENT_KEY" --label "hop-$name-$round" \
      --rate "$LAT_RATE" --duration "$LAT_SECONDS" --warmup "$LAT_WARMUP" | tee "$out/latency-h-$name-$round.txt"
    hop[$name]=$(grep '^RESULT' "$out/latency-h-$name-$round.txt")
    hop_p99s[$name]="${hop_p99s[$name]} $(value p99_ms "${hop[$name]}")"
    hop[errors]=$(( ${hop[errors]:-0} + $(value errors "${hop[$name]}") ))
  done
done
hop[one_p99]=$(median "${hop_p99s[one]}") hop[two_p99]=$(median "${hop_p99s[two]}")
hop_added=$(calc "%.3f" "${hop[two_p99]} - ${hop[one_p99]}")
say "p99 per round (ms): one process${hop_p99s[one]}; two hops${hop_p99s[two]}"
say "added p99 at $LAT_RATE req/s: median two hops - median one process = $hop_added ms"
"$JAVA_HOME/bin/jstat" -gc "$hop_claude_pid" 500 $(( (STREAMS / STREAM_RAMP + STREAM_TOKENS / SIM_TPS + 60) * 2 )) \
  >"$out/claude-role-jstat.txt" 2>&1 &
pids+=("$!")
saved_gw_pid=$gw_pid
gw_pid=$hop_gw_pid
stream_run "http://127.0.0.1:$HOP_GW_PORT" "$STREAMS" hop
gw_pid=$saved_gw_pid
hop[streams]=$stream_result hop[gw_heap]="$heap_used_mb/$heap_committed_mb" hop[gw_alive]=$gateway_alive
hop[claude_heap]=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 ~ /^[0-9.]+$/ { u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > m) m = u }
    END { printf "%.0f", m / 1024 }' "$out/claude-role-jstat.txt")
hop[oom]=$(cat "$out/hop-gateway.log" "$out/hop-claude.log" | grep -c -i 'OutOfMemoryError' || true)
say "claude role: heap used peak ${hop[claude_heap]} MB (max $GW_HEAP); OutOfMemoryError lines in both logs: ${hop[oom]}"
kill "$hop_gw_pid" "$hop_claude_pid" 2>/dev/null || true
fi

# For c the gateway talks HTTP/2 to the simulator (--upstream-http2, h2c with prior knowledge): many
# streams share a few upstream connections, so a stream costs one descriptor (the client's), not two.
# a, b and d above keep HTTP/1.1 upstream, as nginx's proxy_pass has it.
declare -A sr heap rss fdpk alive
if want c; then
section "c. restarting the gateway with --upstream-http2"
kill "$gw_pid"
for _ in $(seq 1 100); do kill -0 "$gw_pid" 2>/dev/null || break; sleep 0.1; done
start_gateway http2 --upstream-http2
gw_fds=$(find "/proc/$gw_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
fit=$(( (nofile - gw_fds - 100) / 100 * 100 ))
section "c0. $STREAMS concurrent streams straight to the simulator (the harness and simulator alone)"
stream_run "http://127.0.0.1:$SIM_PORT" "$STREAMS" direct
sr[direct]=$stream_result
if [ "$fit" -lt "$STREAMS" ]; then
  section "c'. $fit concurrent streams: the most that fit the open files limit ($nofile; the gateway has $gw_fds open now and needs 1 per stream)"
  stream_run "http://127.0.0.1:$GW_PORT" "$fit" fit
  sr[fit]=$stream_result heap[fit]="$heap_used_mb/$heap_committed_mb" rss[fit]=$rss_peak_mb fdpk[fit]=$fds_peak alive[fit]=$gateway_alive
fi
section "c. $STREAMS concurrent streams through the gateway (-Xmx$GW_HEAP), one connection each"
stream_run "http://127.0.0.1:$GW_PORT" "$STREAMS" target
sr[target]=$stream_result heap[target]="$heap_used_mb/$heap_committed_mb" rss[target]=$rss_peak_mb fdpk[target]=$fds_peak alive[target]=$gateway_alive
old_after_gc_mb=$(sed -n 's/.*Pause.*->\([0-9]*\)M(\([0-9]*\)M).*/\1/p' "$gw_gc_log" | sort -n | tail -n 1)
gc_max_pause_ms=$(sed -n 's/.*Pause.* \([0-9.]*\)ms$/\1/p' "$gw_gc_log" | sort -g | tail -n 1)
hwm_mb=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$gw_pid/status" 2>/dev/null || echo "?")
oom=$(grep -c -i 'OutOfMemoryError' "$out/gateway-http2.log" || true)
say "gateway over the whole run: largest heap after a GC ${old_after_gc_mb:-?} MB, longest GC pause ${gc_max_pause_ms:-?} ms, VmHWM (peak RSS) ${hwm_mb} MB"
say "gateway log: OutOfMemoryError lines $oom"
fi

section "summary"
met() { # met VALUE OP TARGET -> "met" or "MISSED"
  if awk "BEGIN { exit !($1 $2 $3) }"; then echo met; else echo MISSED; fi
}
{
  say "date $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, results in $out"
  if want a; then
  say "a. throughput (wrk -t$WRK_THREADS -c$WRK_CONNS -d${WRK_SECONDS}s, mean of $WRK_ROUNDS rounds): direct ${rps[direct]}, nginx ${rps[nginx]}, switchyard ${rps[switchyard]} req/s"
  say "   switchyard/nginx = $ratio% (target >= 60%): $(met "$ratio" '>=' 60)"
  fi
  if want b; then
  say "b. latency at $LAT_RATE req/s: p99 (median of $LAT_RUNS runs) direct ${latmed[direct]} ms, nginx ${latmed[nginx]} ms, switchyard ${latmed[switchyard]} ms (p50 of the last run $(value p50_ms "${lat[direct]}") / $(value p50_ms "${lat[nginx]}") / $(value p50_ms "${lat[switchyard]}") ms)"
  say "   added p99 = $lat_added ms (target <= 1 ms): $(met "$lat_added" '<=' 1); errors in all runs direct ${laterr[direct]}, switchyard ${laterr[switchyard]}"
  fi
  if want c; then
  r=${sr[direct]}
  say "c0. $(value requested "$r") streams straight to the simulator: completed $(value completed "$r"), errors $(value errors "$r") ($(value error_kinds "$r")), peak open $(value peak_open "$r")"
  for label in fit target; do
    [ -n "${sr[$label]:-}" ] || continue
    r=${sr[$label]}
    n=$(value requested "$r")
    verdict=$( [ "$(value completed "$r")" = "$n" ] && [ "$oom" = 0 ] && echo met || echo MISSED)
    say "c. $n streams ($label): completed $(value completed "$r"), errors $(value errors "$r") ($(value error_kinds "$r")), unfinished $(value unfinished "$r"), peak open $(value peak_open "$r"), events $(value events "$r")/$(value expected_events "$r")"
    say "   heap used/committed peak ${heap[$label]} MB (max $GW_HEAP), RSS peak ${rss[$label]} MB, open files peak ${fdpk[$label]}/$nofile, OutOfMemoryError $oom: $verdict (target: all complete, none lost or reordered, heap <= $GW_HEAP)"
  done
  fi
  if want h; then
  r=${hop[streams]}
  say "h. two hops at $LAT_RATE req/s, $HOP_ROUNDS interleaved rounds: median p99 one process ${hop[one_p99]} ms, two hops ${hop[two_p99]} ms (rounds:${hop_p99s[one]} /${hop_p99s[two]}; last round's p50 $(value p50_ms "${hop[one]}") / $(value p50_ms "${hop[two]}") ms); errors ${hop[errors]}"
  say "   added p99 = $hop_added ms (target <= 1 ms): $(met "$hop_added" '<=' 1)"
  say "   $(value requested "$r") streams through two hops: completed $(value completed "$r"), errors $(value errors "$r") ($(value error_kinds "$r")), unfinished $(value unfinished "$r"), events $(value events "$r")/$(value expected_events "$r"); heap peak gateway ${hop[gw_heap]} MB, claude role ${hop[claude_heap]} MB (max $GW_HEAP each), OutOfMemoryError ${hop[oom]}: $( [ "$(value completed "$r")" = "$(value requested "$r")" ] && [ "${hop[oom]}" = 0 ] && echo met || echo MISSED)"
  fi
  if want d; then
  say "d. TTFT at $TTFT_RATE streams/s: p99 (median of $LAT_RUNS runs) direct ${ttftmed[direct]}, nginx ${ttftmed[nginx]}, switchyard ${ttftmed[switchyard]} ms; p50 of the last run $(value p50_ms "${ttft[direct]}") / $(value p50_ms "${ttft[nginx]}") / $(value p50_ms "${ttft[switchyard]}") ms"
  say "   added p99 = $ttft_added ms (target <= 1 ms): $(met "$ttft_added" '<=' 1); errors in all runs direct ${ttfterr[direct]}, switchyard ${ttfterr[switchyard]}"
  fi
  if want e; then
  say "e. full pipeline vs core: throughput core ${erps[core]}, full ${erps[full]} req/s, $full_drop% lower (target <= 10%): $(met "$full_drop" '<=' 10)"
  say "   latency at $LAT_RATE req/s: p99 core $(value p99_ms "${elat[core]}") ms, full $(value p99_ms "${elat[full]}") ms; full - direct = $full_lat_added ms (target <= 1 ms): $(met "$full_lat_added" '<=' 1); errors full $(value errors "${elat[full]}"); ledger rows $ledger_rows; local limiter decisions $limit_fallbacks"
  fi
  if want f; then
  say "f. cache at $LAT_RATE req/s, p99: floor $(value p99_ms "${cl[floor]}") ms, L1 hit $(value p99_ms "${cl[l1]}") ms, Redis hit $(value p99_ms "${cl[redis]}") ms, miss $(value p99_ms "${cl[miss]}") ms (p50 $(value p50_ms "${cl[floor]}") / $(value p50_ms "${cl[l1]}") / $(value p50_ms "${cl[redis]}") / $(value p50_ms "${cl[miss]}") ms)"
  say "   L1 hit over the floor = $l1_added ms (target <= 0.5 ms): $(met "$l1_added" '<=' 0.5); Redis hit p99 = $(value p99_ms "${cl[redis]}") ms (target <= 2 ms): $(met "$(value p99_ms "${cl[redis]}")" '<=' 2), $redis_added ms over the floor; errors floor $(value errors "${cl[floor]}"), l1 $(value errors "${cl[l1]}"), redis $(value errors "${cl[redis]}"), miss $(value errors "${cl[miss]}")"
  fi
} | tee "$out/summary.txt"
cp "$out/summary.txt" "$bench/results/latest-summary.txt"
