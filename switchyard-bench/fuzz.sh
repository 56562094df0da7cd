#!/usr/bin/env bash
# Long fuzzing runs of the Jazzer fuzz tests (the normal test run only replays their corpus).
#
#   switchyard-bench/fuzz.sh                  # every target, DURATION each (default 10m)
#   DURATION=1h switchyard-bench/fuzz.sh SseFuzzTest#usageTap_anyChunking_readsSameUsage
#
# Each target runs in its own JVM (Jazzer fuzzes one test per run) with JAZZER_FUZZ=1 and
# -Djazzer.max_duration=$DURATION, which overrides @FuzzTest(maxDuration). Needs JDK 21+ (found by
# ./mvnw) and no network: the corpus and the findings stay in the repo. A crash stops that target and
# fails the run; its input is written next to the corpus, under
# <module>/src/test/resources/<package>/<Class>Inputs/<method>/crash-*, so the normal test run replays
# it from then on: fix the bug, add a test named after it, and keep the file. Inputs the fuzzer finds
# interesting accumulate in <module>/.cifuzz-corpus/ (not committed); copy the few that matter into the
# Inputs directory by hand.
set -euo pipefail
case "${1:-}" in --help | -h) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=${DURATION:-10m}
# A fuzz test's @Timeout becomes libFuzzer's per-input timeout (a hang is a finding); JUnit's own
# enforcement is switched off, since while fuzzing it would time the whole run as one invocation.
# Coverage guides the fuzzer: our classes and the parsers they lean on (Jackson, SnakeYAML). By default
# Jazzer's JUnit runner instruments only the classes of the module under test.
INSTRUMENT=${INSTRUMENT:-dev.switchyard.**,com.fasterxml.jackson.**,org.yaml.snakeyaml.**}

# module:Class#method, one line per fuzz target.
all_targets=(
  "switchyard-gateway:MessagesRequestFuzzTest#parse_arbitraryBytes_parsesOrRejectsAsInvalidRequest"
  "switchyard-gateway:SseFuzzTest#splitter_anyChunking_yieldsSameLines"
  "switchyard-gateway:SseFuzzTest#usageTap_anyChunking_readsSameUsage"
  "switchyard-gateway:CacheKeysFuzzTest#digest_keysInAnyOrder_sameKey"
  "switchyard-core:ConfigLoaderFuzzTest#parse_arbitraryText_validConfigOrConfigException"
)

targets=()
if [ $# -eq 0 ]; then
  targets=("${all_targets[@]}")
else
  for wanted in "$@"; do
    for t in "${all_targets[@]}"; do
      [[ "$t" == *":$wanted"* ]] && targets+=("$t")
    done
  done
  [ ${#targets[@]} -gt 0 ] || { echo "fuzz.sh: no target matches $*" >&2; exit 2; }
fi

cd "$root"
failed=()
for t in "${targets[@]}"; do
  module=${t%%:*}
  test=${t#*:}
  echo "== fuzzing $test ($module) for $DURATION"
  if ! JAZZER_FUZZ=1 ./mvnw -B -q ${MVN_OFFLINE--o} test -pl "$module" -am \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration="$DURATION" -Djazzer.instrument="$INSTRUMENT" \
      -Djunit.jupiter.execution.timeout.mode=disabled; then
    failed+=("$test")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]} (see the crash-* files under src/test/resources and target/surefire-reports)" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s), no findings"
