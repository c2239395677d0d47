#!/usr/bin/env bash
# The connector benchmark's backlog run on two commits in one sitting: this checkout and a second commit (default
# 6937ba7, the release before the fenced claims, the intents tail and the RocksDB ledger), each built from its own
# sources and run with its own benchmark, one after the other on the same machine. Prints, for each, the connector's
# CPU per request over the backlog (its process CPU time / requests), the throughput, the paced run's latency (3 s by
# default: EXTRA_ARGS="-Dbench.paced-seconds=15 -Dbench.paced-warmup-seconds=60" for the documented one), and the
# load average before and after. Usage: bench/side-by-side.sh [commit] (env BACKLOG, default 30000; EXTRA_ARGS, more -Dbench.* for both).
# Never installs anything into ~/.m2: each side builds and runs in its own reactor.
set -euo pipefail
cd "$(dirname "$0")/.."

other="${1:-6937ba7}"
backlog="${BACKLOG:-30000}"
# Everything but the backlog run kept as short as both benchmarks allow: the one-at-a-time baseline, the paced runs
# and the limited run still run (the older benchmark cannot skip them), the cold start and warm-up minute do not.
# max-in-flight 0: the older benchmark's default-settings connector (it tuned the limit to 1,024 unless told).
args="-Dbench.backlog=$backlog -Dbench.paced-seconds=3 -Dbench.paced-warmup-seconds=0 -Dbench.cold-start-backlog=0
 -Dbench.default-in-flight-backlog=0 -Dbench.max-in-flight=0 -Dbench.baseline-requests=20 -Dbench.baseline-seconds=3
 -Dbench.limited-warmup=100 -Dbench.limited-backlog=300 ${EXTRA_ARGS:-}"
args="$(echo "$args" | tr '\n' ' ')"

if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME="$(ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*temurin* 2>/dev/null | head -1)"
fi
# The benchmark's exec:exec runs `java` from the PATH, not from JAVA_HOME.
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
# A plain export of the commit's tree (git archive): nothing is registered in this repository's worktree list. Kept
# in /tmp (or $SIDE_BY_SIDE_DIR) so a second run rebuilds only what changed; delete it when done.
commit="$(git rev-parse --short "$other")"
work="${SIDE_BY_SIDE_DIR:-${TMPDIR:-/tmp}/side-by-side-$commit}"
if [ ! -x "$work/src/mvnw" ]; then
  mkdir -p "$work/src"
  git archive "$commit" | tar -x -C "$work/src"
fi

run() { # name, directory, output file
  local name="$1" dir="$2" out="$work/$3.out"
  echo "[side-by-side $(date -u +%H:%M:%S)] $name: building and running the benchmark (uptime:$(uptime | sed 's/.*load/ load/'))" >&2
  local before after
  before="$(cut -d' ' -f1-3 /proc/loadavg)"
  (cd "$dir" && ./mvnw -B -ntp -q -pl connector -am test-compile exec:exec@connector-bench -Dbench.args="$args") \
    > "$out" 2>&1 || { echo "$name failed; its output: $out" >&2; tail -40 "$out" >&2; exit 1; }
  after="$(cut -d' ' -f1-3 /proc/loadavg)"
  # The first backlog row of run a (no provider limit): throughput, then CPU per request.
  local rate cpu paced
  rate="$(grep -m1 '^| a) connector, no provider limit | throughput, backlog' "$out" | awk -F'|' '{print $4}' | xargs)"
  cpu="$(grep -m1 '^| a) connector, no provider limit | connector CPU per request' "$out" | awk -F'|' '{print $4}' | xargs)"
  # The first measured paced run of run a: p50 / p99 / max (the warm-up row, when there is one, says "warm-up").
  paced="$(grep -m1 '^| a) connector, no provider limit | request → result latency p50 / p99 / max, paced' "$out" \
    | awk -F'|' '{print $4}' | tr -d '*' | xargs)"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$cpu" "$rate" "$paced" "$before" "$after" >> "$work/table"
}

: > "$work/table"
run "$commit (other)" "$work/src" other
run "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo '+changes') (this checkout)" "." this

echo
echo "### Side by side, $(date -u +%Y-%m-%dT%H:%M:%SZ), backlog of $backlog, $(nproc) cores"
echo
echo "| commit | connector CPU per request (process CPU / requests) | throughput | paced p50 / p99 / max | load average before | after |"
echo "|---|---|---|---|---|---|"
cat "$work/table"
echo
echo "Each benchmark's full table: $work/other.out and $work/this.out."
