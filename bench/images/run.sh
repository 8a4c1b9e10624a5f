#!/usr/bin/env bash
# Start-up benchmark (issue: realm snapshots): an init script that loads lodash (544 KB, from
# the npm registry into target/lodash), then a small main script. Rows, interleaved in ROUNDS
# rounds (medians of whole-process wall times):
#   amber, init + main from source      amber, main from a heap image of init
#   qjs, init + main from source        node --jitless, from source and from --snapshot-blob
# and hello-world start-up, amber against qjs.
# Each time is one whole process, from its spawn to its exit (stdout and stderr to /dev/null),
# measured the same way for every row by one small Python timer (`timer` below: posix_spawn,
# then wait4, around them a monotonic clock). Until 2026-12-05 the timer was two `date +%s%N`
# forks in bash around each command, which added 1-2 ms of the harness to every row (hello
# world: 3.8 ms here against 1.8 ms by `perf stat`); times before then are not comparable.
# Usage: bench/images/run.sh [ROUNDS]   (builds amber in release first)
#   AMBER=path/to/amber     measure that binary instead (no build)
#   BASELINE=path/to/amber  also measure another build (say, main's) in the same rounds: its
#                           own image, source and hello-world rows, and the ratios to it
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-11}
if [ -z "${AMBER:-}" ]; then cargo build --release -q -p amber-cli; fi
amber=${AMBER:-$PWD/target/release/amber}
base=${BASELINE:-}
qjs=$PWD/../shared/bench/peers/qjs
work=$PWD/target/bench-images
mkdir -p "$work" target/lodash
if [ ! -f target/lodash/package/lodash.js ]; then
  (cd target/lodash && npm pack -q lodash@4.17.21 >/dev/null && tar xzf lodash-4.17.21.tgz)
fi
# The same init for every engine: lodash as a CommonJS module, kept on the global.
{ echo 'var module = { exports: {} }, exports = module.exports;'
  cat target/lodash/package/lodash.js
  echo 'globalThis._ = module.exports;'; } > "$work/init.js"
echo 'print(_.chunk([1, 2, 3, 4, 5], 2).length, _.kebabCase("Hello World"));' > "$work/main.js"
cat "$work/init.js" "$work/main.js" > "$work/both.js"
echo 'print("hello, world");' > "$work/hello.js"
# node: print is console.log; its snapshot entry sets the main function.
{ echo 'globalThis.print = console.log;'; cat "$work/init.js"
  echo 'require("v8").startupSnapshot.setDeserializeMainFunction(() => {'
  cat "$work/main.js"; echo '});'; } > "$work/node-entry.js"
{ echo 'globalThis.print = console.log;'; cat "$work/both.js"; } > "$work/node-both.js"
"$amber" --build-snapshot "$work/init.js" --snapshot-blob "$work/lodash.img"
[ -n "$base" ] && "$base" --build-snapshot "$work/init.js" --snapshot-blob "$work/lodash-base.img"
node --snapshot-blob "$work/node.blob" --build-snapshot "$work/node-entry.js" 2>/dev/null
[ "$("$amber" --snapshot-blob "$work/lodash.img" "$work/main.js")" = "3 hello-world" ]

# The rows, one a line: a name, then the command's words, tab-separated.
rows() {
  row() { local IFS=$'\t'; echo "$*"; }
  row amber-source "$amber" "$work/both.js"
  row amber-image "$amber" --snapshot-blob "$work/lodash.img" "$work/main.js"
  row qjs-source "$qjs" "$work/both.js"
  row node-source node --jitless "$work/node-both.js"
  row node-snapshot node --jitless --snapshot-blob "$work/node.blob"
  row amber-hello "$amber" "$work/hello.js"
  row qjs-hello "$qjs" "$work/hello.js"
  if [ -n "$base" ]; then
    row base-source "$base" "$work/both.js"
    row base-image "$base" --snapshot-blob "$work/lodash-base.img" "$work/main.js"
    row base-hello "$base" "$work/hello.js"
  fi
}
# One Python process times every run: ROUNDS rounds, each running every row once in turn, and
# prints each row's name and median in microseconds. A run is timed from just before its
# posix_spawn (a vfork: nothing of the timer's memory is copied) to the return of its wait4,
# with a monotonic clock, and follows an untimed run of the same command, so that no row pays
# for the row before it (a hello world timed right after node's exit took 0.5 ms longer than
# after another hello world). A new Python process per run measured about 0.7 ms more than
# `perf stat` for the same hello world: its first spawn is slower.
timer='
import os, sys, time
rounds = int(sys.argv[1])
rows = [line.rstrip("\n").split("\t") for line in sys.stdin if line.strip()]
out = os.open(os.devnull, os.O_WRONLY)
redirect = [(os.POSIX_SPAWN_DUP2, out, 1), (os.POSIX_SPAWN_DUP2, out, 2)]
def run(command):
    os.wait4(os.posix_spawnp(command[0], command, os.environ, file_actions=redirect), 0)
times = {row[0]: [] for row in rows}
for _ in range(rounds):
    for name, *command in rows:
        run(command)
        t0 = time.monotonic_ns()
        run(command)
        times[name].append((time.monotonic_ns() - t0) // 1000)
for name, ts in times.items():
    print(name, sorted(ts)[(len(ts) - 1) // 2])
'
declare -A m
while read -r name median; do m[$name]=$median; done < <(rows | python3 -c "$timer" "$rounds")
printf '%-42s %9s\n' "lodash init + main (median of $rounds)" "ms"
printf '%-42s %9.1f\n' "amber, from source" "$(echo "${m[amber-source]} / 1000" | bc -l)"
printf '%-42s %9.1f\n' "amber, from the heap image" "$(echo "${m[amber-image]} / 1000" | bc -l)"
printf '%-42s %9.1f\n' "qjs, from source" "$(echo "${m[qjs-source]} / 1000" | bc -l)"
printf '%-42s %9.1f\n' "node --jitless, from source" "$(echo "${m[node-source]} / 1000" | bc -l)"
printf '%-42s %9.1f\n' "node --jitless, from --snapshot-blob" "$(echo "${m[node-snapshot]} / 1000" | bc -l)"
echo "amber image vs amber source: $(echo "${m[amber-source]} / ${m[amber-image]}" | bc -l | cut -c1-5)x faster"
echo "amber image vs qjs source:   $(echo "${m[qjs-source]} / ${m[amber-image]}" | bc -l | cut -c1-5)x faster"
echo "hello world: amber $(echo "${m[amber-hello]} / 1000" | bc -l | cut -c1-5) ms, qjs $(echo "${m[qjs-hello]} / 1000" | bc -l | cut -c1-5) ms (amber/qjs $(echo "${m[amber-hello]} / ${m[qjs-hello]}" | bc -l | cut -c1-4))"
echo "image: $(stat -c %s "$work/lodash.img") bytes"
if [ -n "$base" ]; then
  ratio() { echo "$1 / $2" | bc -l | cut -c1-5; }
  echo "baseline ($base): source $(echo "${m[base-source]} / 1000" | bc -l | cut -c1-6) ms, image $(echo "${m[base-image]} / 1000" | bc -l | cut -c1-6) ms, hello $(echo "${m[base-hello]} / 1000" | bc -l | cut -c1-5) ms, image $(stat -c %s "$work/lodash-base.img") bytes"
  echo "baseline/amber time: source $(ratio "${m[base-source]}" "${m[amber-source]}"), image $(ratio "${m[base-image]}" "${m[amber-image]}"), hello $(ratio "${m[base-hello]}" "${m[amber-hello]}")"
fi
