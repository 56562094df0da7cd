#!/usr/bin/env bash
# A/B of two gateway builds on the request path, interleaved so that both see the same machine:
#
#   switchyard-bench/ab.sh BEFORE.jar AFTER.jar
#
# Starts one simulator and both gateways (--no-auth, -Xmx512m each) on 127.0.0.1, warms each with wrk,
# then alternates (1) wrk throughput rounds and (2) CPU per request at a fixed rate (the bench client's
# open-loop `latency`; utime + stime of the gateway's process from /proc). Every process it starts is
# stopped at the end. Build a jar of an older commit with `git worktree add DIR COMMIT` and
# `./switchyard version` there (it builds). Knobs: ROUNDS (5), SECONDS_PER_ROUND (15), RATE (4000);
# BEFORE_OPTS and AFTER_OPTS add JVM options to one side (the same jar twice compares two settings).
set -euo pipefail
usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in --help | -h) usage; exit 0 ;; esac
[ $# -eq 2 ] || { usage >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC1091
. "$root/.mvn/find-jdk.sh"
java="$JAVA_HOME/bin/java"
before=$(realpath "$1"); after=$(realpath "$2")
bench="$root/switchyard-bench/target/switchyard-bench.jar"
lua="$root/switchyard-bench/wrk/messages.lua"
rounds=${ROUNDS:-5}; secs=${SECONDS_PER_ROUND:-15}; rate=${RATE:-4000}
command -v wrk >/dev/null || { echo "ab.sh: wrk not found (apt-get install -y wrk)" >&2; exit 1; }
[ -f "$bench" ] || (cd "$root" && ./mvnw -q -pl switchyard-bench -am package -DskipTests >&2)
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
"$java" -jar "$after" simulate --port 18190 --ttft-ms 20 --tokens-per-second 2 --response-tokens 100 \
  >"$work/sim.log" 2>&1 & pids+=($!)
declare -A pid port=([before]=18191 [after]=18192) jar=([before]="$before" [after]="$after")
for side in before after; do
  mkdir -p "$work/$side"
  opts=${BEFORE_OPTS:-}; [ "$side" = after ] && opts=${AFTER_OPTS:-}
  # shellcheck disable=SC2086
  (cd "$work/$side" && exec "$java" -Xmx512m $opts -jar "${jar[$side]}" run --no-auth --port "${port[$side]}" \
    --upstream http://127.0.0.1:18190 --client-key bench-key >"$work/$side.log" 2>&1) & pid[$side]=$!; pids+=($!)
done
# a loaded machine can take far more than a few seconds to start a JVM: wait for each to answer
for p in 18190 18191 18192; do
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$p/health" 2>/dev/null && break
    sleep 0.5
  done
  curl -s -o /dev/null "http://127.0.0.1:$p/health" || { echo "ab.sh: nothing answers on port $p" >&2; exit 1; }
done
for side in before after; do
  wrk -t2 -c64 -d20s -s "$lua" "http://127.0.0.1:${port[$side]}/v1/messages" >/dev/null
done
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
for r in $(seq 1 "$rounds"); do
  for side in before after; do
    rps=$(wrk -t2 -c64 -d"${secs}s" -s "$lua" "http://127.0.0.1:${port[$side]}/v1/messages" \
      | awk '/Requests\/sec/ { print $2 }')
    echo "round $r $side throughput $rps req/s"
  done
done
for r in $(seq 1 "$rounds"); do
  for side in before after; do
    t0=$(ticks "${pid[$side]}")
    n=$("$java" -XX:+UseParallelGC -jar "$bench" latency --url "http://127.0.0.1:${port[$side]}" --key bench-key \
      --label "$side" --rate "$rate" --duration "$secs" --warmup 2 2>/dev/null | sed -n 's/^RESULT.* count=\([0-9]*\).*/\1/p')
    t1=$(ticks "${pid[$side]}")
    # the 2 s warm-up is sent at the same rate and counted in the CPU time: scale n by it
    awk -v r="$r" -v s="$side" -v t=$((t1 - t0)) -v hz="$hz" -v n="$n" -v secs="$secs" \
      'BEGIN { printf "round %s %s cpu %.1f us/request\n", r, s, t * 1e6 / hz / (n * (1 + 2 / secs)) }'
  done
done
