#!/usr/bin/env bash
# Runs the JMH suite and writes benchmarks/RESULTS.md.
#
#   benchmarks/run.sh            full run (2 forks, 3 warmup + 5 measurement iterations of 2 s)
#   benchmarks/run.sh --quick    1 fork, 1 warmup + 1 measurement iteration of 1 s (< 3 minutes)
#   benchmarks/run.sh --quick 'DagstackBench' -prof jfr    extra arguments go to JMH
#
# Before measuring it waits (up to BENCH_WAIT_SECONDS, default 1800) until no other Maven or
# Surefire process runs on the machine, and says in RESULTS.md whether it got an idle machine.
set -euo pipefail
cd "$(dirname "$0")"
module_dir=$(pwd)
root_dir=$(cd .. && pwd)

mode=full
jmh_timing=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
if [[ "${1:-}" == "--quick" ]]; then
  mode=quick
  jmh_timing=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
  shift
fi

out_dir="$module_dir/target/jmh"
rm -rf "$out_dir"
mkdir -p "$out_dir"

echo "Building the benchmarks module..."
(cd "$root_dir" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests)
classpath="$module_dir/target/classes:$(cat "$module_dir/target/benchmark.classpath")"

# Waits in this script, never in a test: builds and tests of others would skew the figures.
others_busy() {
  pgrep -f 'surefire|maven|plexus-classworlds' | grep -v -x -e "$$" -e "$PPID" >/dev/null
}
waited=0
max_wait=${BENCH_WAIT_SECONDS:-1800}
while others_busy && (( waited < max_wait )); do
  if (( waited % 60 == 0 )); then
    echo "Waiting for other Maven/Surefire processes to finish (${waited}s of ${max_wait}s)..."
  fi
  sleep 10
  waited=$((waited + 10))
done
if others_busy; then
  machine="PRELIMINARY: other builds/tests were running during the measurement (waited ${waited}s)"
else
  machine="no other Maven/Surefire process at start (waited ${waited}s)"
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)

echo "Running JMH ($mode)..."
start=$(date +%s)
# The forks report lost records and their failures on stderr: both go into jmh.log.
BENCH_OUT="$out_dir" java -cp "$classpath" org.openjdk.jmh.Main \
  "${jmh_timing[@]}" -prof gc -rf json -rff "$out_dir/result.json" "$@" 2>&1 \
  | tee "$out_dir/jmh.log"
elapsed=$(( $(date +%s) - start ))
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)
if grep -q 'records unaccounted for' "$out_dir/jmh.log"; then
  echo "WARNING: some records were not accounted for; see the 'lost' columns of RESULTS.md" >&2
fi
failed=$(grep -c -e '<forked VM failed' -e '<failure>' "$out_dir/jmh.log" || true)
if (( failed > 0 )); then
  echo "WARNING: $failed benchmark run(s) failed (see $out_dir/jmh.log); RESULTS.md lacks them" >&2
  machine="INCOMPLETE: $failed benchmark run(s) failed; $machine"
fi

jmh_args=""
if (( $# > 0 )); then
  jmh_args="; JMH arguments: $*"
fi
note="$mode mode (JMH ${jmh_timing[*]}$jmh_args), ${elapsed}s; $machine; load average before ${load_before}, after ${load_after}"
java -cp "$classpath" dev.dagstack.logger.bench.ResultsReport \
  "$out_dir/result.json" "$out_dir" "$module_dir/RESULTS.md" "$note"
