#!/usr/bin/env bash
# Issue 15's side-by-side, reproduced: one command, everything on 127.0.0.1, stops by itself.
#
#   switchyard-bench/quickstart.sh
#
# nginx serves a static Anthropic reply as the upstream; in front of it, in turn: nginx proxy_pass (the
# baseline), `switchyard-bench.jar netty-proxy` (the same forwarding on Netty alone, without Vert.x),
# `switchyard-bench.jar bare-proxy` (a Vert.x server and client with nothing else: the floor of the gateway's
# stack; both with the launcher's heap flags), `switchyard run --no-auth` (the core path) and
# `switchyard run` (the quick start: a virtual key, limits and the usage ledger on the embedded store),
# each gateway with the launcher's defaults (GW_JAVA_OPTS, when set, is passed as SWITCHYARD_JAVA_OPTS).
# wrk -t$WRK_THREADS -c$WRK_CONNS, $WRK_SECONDS s after a warm-up of $WARMUP_SECONDS s, $ROUNDS rounds,
# targets interleaved; the JVMs' RSS is sampled every second under load, and G1's concurrent cycles counted
# (jstat); each process's CPU per request (wrk, nginx, the proxy) gives the budget a ratio to nginx leaves the
# proxy. Then the quick start is started $STARTS times (after one that records the launcher's start-up
# cache) and the time from launching it to /ready answering 200 is measured.
# Output: stdout and switchyard-bench/results/quickstart-<UTC timestamp>/.
set -euo pipefail
case "${1:-}" in --help | -h) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/switchyard-bench"
STATIC_PORT=${STATIC_PORT:-18190}
PROXY_PORT=${PROXY_PORT:-18191}
CORE_PORT=${CORE_PORT:-18192}
QUICK_PORT=${QUICK_PORT:-18193}
BARE_PORT=${BARE_PORT:-18194}
NETTY_PORT=${NETTY_PORT:-18195}
WRK_THREADS=${WRK_THREADS:-1}
WRK_CONNS=${WRK_CONNS:-64}
WRK_SECONDS=${WRK_SECONDS:-8}
WARMUP_SECONDS=${WARMUP_SECONDS:-60} # on 2 busy cores the quick start's JIT needs about a minute
ROUNDS=${ROUNDS:-2}
STARTS=${STARTS:-5}
out="$bench/results/quickstart-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out/nginx"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -s "$out/nginx.pid" ] && kill "$(cat "$out/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT
say() { printf '%s\n' "$*" | tee -a "$out/report.txt"; }
fail() { say "quickstart.sh: $*"; exit 1; }
command -v nginx >/dev/null || fail "nginx not found: apt-get install -y nginx wrk"
command -v wrk >/dev/null || fail "wrk not found: apt-get install -y nginx wrk"
wait_ready() { # URL SECONDS
  local end=$((SECONDS + $2))
  until curl -fs -o /dev/null "$1"; do [ $SECONDS -lt $end ] || return 1; sleep 0.02; done
}

reply='{"id":"msg_static","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"text","text":"Hello there, this is a static reply."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":9}}'
cat >"$out/nginx.conf" <<CONF
worker_processes auto;
pid $out/nginx.pid;
error_log $out/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $out/nginx/body;
  proxy_temp_path $out/nginx/proxy;
  fastcgi_temp_path $out/nginx/fastcgi;
  uwsgi_temp_path $out/nginx/uwsgi;
  scgi_temp_path $out/nginx/scgi;
  keepalive_requests 1000000;
  upstream static { server 127.0.0.1:$STATIC_PORT; keepalive 256; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$STATIC_PORT backlog=4096;
    location / { default_type application/json; return 200 '$reply'; }
  }
  server {
    listen 127.0.0.1:$PROXY_PORT backlog=4096;
    location / { proxy_pass http://static; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
nginx -e "$out/nginx-error.log" -c "$out/nginx.conf" -p "$out/nginx/" || fail "nginx did not start"

# The jar, built now if stale, so that no start below includes a build.
"$root/switchyard" version >/dev/null
bench_jar="$bench/target/switchyard-bench.jar"
if [ ! -f "$bench_jar" ] || [ -n "$(find "$bench/src/main" "$bench/pom.xml" -newer "$bench_jar" -print -quit)" ]; then
  (cd "$root" && ./mvnw -q -pl switchyard-bench package -DskipTests) >"$out/build.log" 2>&1 || fail "bench build failed"
fi
# The launcher's defaults unless GW_JAVA_OPTS adds to them (e.g. GW_JAVA_OPTS=-XX:+UseG1GC to compare)
export SWITCHYARD_JAVA_OPTS="${GW_JAVA_OPTS:-}"
# The launcher's first `run` after a build records its start-up cache, and a recording JVM runs slower: that
# run happens here, not under measurement.
"$root/switchyard" run --port "$QUICK_PORT" --upstream "http://127.0.0.1:$STATIC_PORT" \
  --data-dir "$out/quick-data" >"$out/record.log" 2>&1 &
record_pid=$!
wait_ready "http://127.0.0.1:$QUICK_PORT/ready" 120 || fail "quick start not ready (log: $out/record.log)"
kill "$record_pid"; wait "$record_pid" 2>/dev/null || true
say "gateway JVM: the launcher's defaults${GW_JAVA_OPTS:+ plus $GW_JAVA_OPTS}"
"$root/switchyard" run --no-auth --port "$CORE_PORT" --upstream "http://127.0.0.1:$STATIC_PORT" \
  --client-key bench-key >"$out/core.log" 2>&1 &
core_pid=$!; pids+=("$core_pid")
"$root/switchyard" run --port "$QUICK_PORT" --upstream "http://127.0.0.1:$STATIC_PORT" \
  --data-dir "$out/quick-data" >"$out/quick.log" 2>&1 &
quick_pid=$!; pids+=("$quick_pid")
. "$root/.mvn/find-jdk.sh"
# the launcher's heap and code-cache defaults, for a like-for-like floor
bare_opts=(-XX:GCTimeRatio=4 -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=60 -Xms64m -Xmx160m -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=160m -Xss512k)
[ "${SY_JAVA_MAJOR:-21}" -ge 22 ] && bare_opts+=(-XX:TrimNativeHeapInterval=5000)
MALLOC_ARENA_MAX=2 "$JAVA_HOME/bin/java" "${bare_opts[@]}" -jar "$bench_jar" bare-proxy --port "$BARE_PORT" --upstream "http://127.0.0.1:$STATIC_PORT" \
  >"$out/bare.log" 2>&1 &
bare_pid=$!; pids+=("$bare_pid")
MALLOC_ARENA_MAX=2 "$JAVA_HOME/bin/java" "${bare_opts[@]}" -jar "$bench_jar" netty-proxy --port "$NETTY_PORT" --upstream "http://127.0.0.1:$STATIC_PORT" \
  >"$out/netty.log" 2>&1 &
netty_pid=$!; pids+=("$netty_pid")
wait_ready "http://127.0.0.1:$CORE_PORT/ready" 120 || fail "core gateway not ready (log: $out/core.log)"
wait_ready "http://127.0.0.1:$QUICK_PORT/ready" 120 || fail "quick start not ready (log: $out/quick.log)"
until curl -fs -o /dev/null -X POST "http://127.0.0.1:$BARE_PORT/v1/messages"; do
  kill -0 "$bare_pid" 2>/dev/null || fail "bare proxy did not start (log: $out/bare.log)"; sleep 0.1
done
until curl -fs -o /dev/null -X POST "http://127.0.0.1:$NETTY_PORT/v1/messages"; do
  kill -0 "$netty_pid" 2>/dev/null || fail "Netty proxy did not start (log: $out/netty.log)"; sleep 0.1
done
admin=$(grep -o 'sk-sy-admin-[A-Za-z0-9_-]*' "$out/quick-data/first-start-keys.txt" | head -n 1)
[ -n "$admin" ] || fail "no admin key in $out/quick-data/first-start-keys.txt"
quick_key=$(curl -fs -X POST "http://127.0.0.1:$QUICK_PORT/admin/keys" -H "x-api-key: $admin" \
  -H 'content-type: application/json' -d '{"name":"bench","limits":{"requests_per_minute":100000000}}' \
  | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
[ -n "$quick_key" ] || fail "could not create a virtual key"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%FT%TZ)"
say "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# rss_max PID SECONDS: the largest VmRSS (MB) seen once a second while wrk runs
sample_rss() {
  local max=0 v
  for _ in $(seq 1 "$2"); do
    v=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null || echo 0)
    [ "$v" -gt "$max" ] && max=$v
    sleep 1
  done
  echo "$max"
}
# g1_cycles PID: G1's concurrent cycles so far (jstat's CGC column, found by its name), or nothing. A gateway whose
# old generation sits at the marking threshold marks several times a second and loses a fifth of its throughput
# with nothing else to show it (BENCHMARKS.md, issue 15, fourteenth pass). Another collector (GW_JAVA_OPTS=
# -XX:+UseParallelGC) has no concurrent cycles: jstat prints "-" there, and this prints nothing.
g1_cycles() {
  "$JAVA_HOME/bin/jstat" -gc "$1" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "CGC") c = i }
    NR == 2 && c && $c ~ /^[0-9]+$/ { print $c }'
}
# Where the two cores go, per request, while one target is measured: wrk's own CPU (bash's `times` in the
# subshell that ran it: its children's user and system time), nginx's workers (the static upstream, and for the
# nginx target the proxy too), the proxy's JVM, and what the machine left idle. These say what a ratio to nginx
# leaves the proxy: the budget printed at the end.
ticks() { # PID...: their user + system clock ticks so far
  local t=0 p
  for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
idle_ticks() { awk '/^cpu / { print $5 + $6 }' /proc/stat; }
hz=$(getconf CLK_TCK)
measure() { # PORT KEY SECONDS [PID]: prints "req/s wrk-us nginx-us proxy-us idle-us", CPU in us per request
  local n0 p0 i0 report
  n0=$(ticks $nginx_workers); p0=$(ticks ${4:-}); i0=$(idle_ticks)
  report=$( (BENCH_KEY="$2" wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$3s" -s "$bench/wrk/messages.lua" \
    "http://127.0.0.1:$1"; times) )
  echo "$report" | awk -v n=$(($(ticks $nginx_workers) - n0)) -v p=$(($(ticks ${4:-}) - p0)) \
    -v i=$(($(idle_ticks) - i0)) -v hz="$hz" '
    function secs(x) { split(x, a, "m"); return a[1] * 60 + a[2] }
    /requests in/ { count = $1 } /Requests\/sec/ { rps = $2 }
    /^[0-9]+m[0-9.]+s [0-9]+m[0-9.]+s$/ { last = secs($1) + secs($2) }
    END { k = 1e6 / hz / count; printf "%d %.1f %.1f %.1f %.1f", rps, last * 1e6 / count, n * k, p * k, i * k }'
}
nginx_workers=$(pgrep -P "$(cat "$out/nginx.pid")" | tr '\n' ' ')
for t in "$PROXY_PORT bench-key" "$NETTY_PORT bench-key" "$BARE_PORT bench-key" "$CORE_PORT bench-key" "$QUICK_PORT $quick_key"; do
  set -- $t; measure "$1" "$2" "$WARMUP_SECONDS" "" >/dev/null
done
declare -A rps rss cycles cpu
for r in $(seq 1 "$ROUNDS"); do
  for name in nginx netty bare core quick; do
    case $name in nginx) port=$PROXY_PORT key=bench-key pid= ;; core) port=$CORE_PORT key=bench-key pid=$core_pid ;;
      netty) port=$NETTY_PORT key=bench-key pid=$netty_pid ;; bare) port=$BARE_PORT key=bench-key pid=$bare_pid ;;
      quick) port=$QUICK_PORT key=$quick_key pid=$quick_pid ;; esac
    if [ -n "$pid" ]; then
      before=$(g1_cycles "$pid")
      sample_rss "$pid" "$WRK_SECONDS" >"$out/rss-$name-$r" & sampler=$!
    fi
    read -r got cpu_wrk cpu_nginx cpu_proxy cpu_idle <<<"$(measure "$port" "$key" "$WRK_SECONDS" "$pid")"
    cpu[$name.$r]="$cpu_wrk $cpu_nginx $cpu_proxy $cpu_idle"
    if [ -n "$pid" ]; then
      wait "$sampler"; rss[$name.$r]=$(cat "$out/rss-$name-$r")
      after=$(g1_cycles "$pid")
      cycles[$name.$r]=$([ -n "$before" ] && [ -n "$after" ] && echo $((after - before)) || echo "?")
    fi
    rps[$name.$r]=$got
  done
  say "round $r: nginx ${rps[nginx.$r]} req/s | Netty alone ${rps[netty.$r]} req/s ($(awk "BEGIN{printf \"%.2f\", ${rps[netty.$r]}/${rps[nginx.$r]}}")x, RSS ${rss[netty.$r]} MB) | bare Vert.x ${rps[bare.$r]} req/s ($(awk "BEGIN{printf \"%.2f\", ${rps[bare.$r]}/${rps[nginx.$r]}}")x, RSS ${rss[bare.$r]} MB, G1 cycles ${cycles[bare.$r]}) | core ${rps[core.$r]} req/s ($(awk "BEGIN{printf \"%.2f\", ${rps[core.$r]}/${rps[nginx.$r]}}")x, RSS ${rss[core.$r]} MB, G1 cycles ${cycles[core.$r]}) | quick start ${rps[quick.$r]} req/s ($(awk "BEGIN{printf \"%.2f\", ${rps[quick.$r]}/${rps[nginx.$r]}}")x, RSS ${rss[quick.$r]} MB, G1 cycles ${cycles[quick.$r]})"
  line="  CPU per request, us (wrk / nginx / proxy / idle):"
  for name in nginx netty bare core quick; do
    read -r w n p i <<<"${cpu[$name.$r]}"
    line+=" $name $w / $n / $([ "$name" = nginx ] && echo - || echo "$p") / $i;"
  done
  say "${line%;}"
done
# The budget: at a ratio to nginx's median rate, the machine's cores give so many us of CPU per request; wrk and
# the static upstream take theirs (their median over the gateways' rounds, idle time counted as none), and the
# proxy may use what is left. Set against what each proxy measured, it shows which targets the stack's own floor
# (the bare Vert.x proxy) leaves room for.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
nginx_median=$(for r in $(seq 1 "$ROUNDS"); do echo "${rps[nginx.$r]}"; done | median)
others=$(for name in netty bare core quick; do for r in $(seq 1 "$ROUNDS"); do
  read -r w n _ _ <<<"${cpu[$name.$r]}"; awk -v w="$w" -v n="$n" 'BEGIN { print w + n }'; done; done | median)
declare -A used
for name in netty bare core quick; do
  used[$name]=$(for r in $(seq 1 "$ROUNDS"); do read -r _ _ p _ <<<"${cpu[$name.$r]}"; echo "$p"; done | median)
done
for ratio in 0.80 0.60; do
  say "$(awk -v c="$(nproc)" -v n="$nginx_median" -v q="$ratio" -v o="$others" -v m="${used[netty]}" -v b="${used[bare]}" \
    -v k="${used[core]}" -v s="${used[quick]}" 'BEGIN { t = c * 1e6 / (q * n)
    printf "budget at %.2fx of nginx (%d req/s): %.1f us of CPU per request on %d cores, wrk and the static upstream %.1f: ", q, q * n, t, c, o
    printf "the proxy may use %.1f us; measured (medians): Netty alone %.1f, bare Vert.x %.1f, core %.1f, quick start %.1f", t - o, m, b, k, s }')"
done
kill "$core_pid" "$quick_pid" "$bare_pid" "$netty_pid" 2>/dev/null || true
wait "$core_pid" "$quick_pid" "$bare_pid" "$netty_pid" 2>/dev/null || true

# start to ready: the launcher's java, the quick start on its existing data dir (keys already there)
jar="$root/switchyard-app/target/switchyard.jar"
. "$root/.mvn/find-jdk.sh"
# The first start after this removal records the class-data-sharing archive of `run` (the launcher's) as it
# exits (the ahead-of-time cache on JDK 25), the quick start's own classes; it is not counted. The measured starts map it
# (the first of them keeps it: the launcher keeps a recorded cache only once its run has served).
for f in switchyard-run.jsa switchyard-run.aot; do
  rm -f "$root/switchyard-app/target/$f" "$root/switchyard-app/target/$f.pending" "$root/switchyard-app/target/$f.ready" \
    "$root/switchyard-app/target/$f.opts" "$root/switchyard-app/target/$f.pending.opts"
done
times=()
for s in $(seq 0 "$STARTS"); do
  t0=$(date +%s%N)
  "$root/switchyard" run --port "$QUICK_PORT" --upstream "http://127.0.0.1:$STATIC_PORT" \
    --data-dir "$out/quick-data" >"$out/start-$s.log" 2>&1 &
  p=$!
  wait_ready "http://127.0.0.1:$QUICK_PORT/ready" 60 || fail "start $s not ready"
  [ "$s" = 0 ] || times+=($(( ($(date +%s%N) - t0) / 1000000 )))
  kill "$p"; wait "$p" 2>/dev/null || true
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
say "start to /ready (quick start, ms): $sorted(median $(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (STARTS + 1) / 2 ))p"))"
