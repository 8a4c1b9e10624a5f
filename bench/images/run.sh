#!/usr/bin/env bash
# Start-up benchmark (issue: realm snapshots): an init script that loads lodash (544 KB, from
# the npm registry into target/lodash), then a small main script. Rows, interleaved in ROUNDS
# rounds (medians of whole-process wall times):
#   amber, init + main from source      amber, main from a heap image of init
#   qjs, init + main from source        node --jitless, from source and from --snapshot-blob
# and hello-world start-up, amber against qjs.
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

ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000 )); }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A t
names=(amber-source amber-image qjs-source node-source node-snapshot amber-hello qjs-hello)
[ -n "$base" ] && names+=(base-source base-image base-hello)
for ((i = 0; i < rounds; i++)); do
  t[amber-source]+="$(ms "$amber" "$work/both.js") "
  t[amber-image]+="$(ms "$amber" --snapshot-blob "$work/lodash.img" "$work/main.js") "
  t[qjs-source]+="$(ms "$qjs" "$work/both.js") "
  t[node-source]+="$(ms node --jitless "$work/node-both.js") "
  t[node-snapshot]+="$(ms node --jitless --snapshot-blob "$work/node.blob") "
  t[amber-hello]+="$(ms "$amber" "$work/hello.js") "
  t[qjs-hello]+="$(ms "$qjs" "$work/hello.js") "
  if [ -n "$base" ]; then
    t[base-source]+="$(ms "$base" "$work/both.js") "
    t[base-image]+="$(ms "$base" --snapshot-blob "$work/lodash-base.img" "$work/main.js") "
    t[base-hello]+="$(ms "$base" "$work/hello.js") "
  fi
done
declare -A m
for n in "${names[@]}"; do m[$n]=$(echo ${t[$n]} | tr ' ' '\n' | median); done
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
