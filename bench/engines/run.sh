#!/usr/bin/env bash
# Amber against qjs and node --jitless: the V8 suite (v7), one process per benchmark, and the
# programs in programs/, engines interleaved in ROUNDS rounds. Prints Markdown tables of the
# medians (V8 score or seconds, peak RSS) and the ratios of Amber to the peers. See README.md.
# Usage: bench/engines/run.sh [ROUNDS]       (default 3)
#   AMBER=path    the amber binary (default: target/release/amber, built first)
#   QJS=path      default ../shared/bench/peers/qjs (run with --script)
#   NODE="cmd"    default "node --jitless"
#   ENGINES="amber qjs node"   BENCHES="richards numeric ..."   subsets, in that order
#   KEEP=1        keep the raw outputs (/usr/bin/time -v reports, stdout, stderr) and say where
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here=$repo/bench/engines
shared=$(cd "$repo/../shared/bench" && pwd)
rounds=${1:-3}
if [ -z "${AMBER:-}" ]; then (cd "$repo" && cargo build --release -q -p amber-cli); fi
# qjs 0.16 loads every file as a module (strict mode) unless told --script; the V8 suite needs
# a classic script (crypto.js assigns undeclared globals).
declare -A cmd=([amber]=${AMBER:-$repo/target/release/amber} [qjs]="${QJS:-$shared/peers/qjs} --script"
                [node]=${NODE:-node --jitless})
engines=${ENGINES:-amber qjs node}
v8_all="richards deltablue crypto raytrace earley-boyer regexp splay navier-stokes"
progs_all="object-heavy numeric string-heavy array-heavy closure-heavy"
benches=${BENCHES:-$v8_all $progs_all}

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-engines-XXXXXX")
if [ -n "${KEEP:-}" ]; then echo "raw outputs kept in $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

# One script per benchmark. A V8 benchmark is base.js + its file + run-v8.js, built by
# ../shared/bench/run.sh itself (with `cat` as the engine); a program is copied as it is.
v8=(); progs=()
for b in $benches; do
  if [ -f "$here/programs/$b.js" ]; then
    cp "$here/programs/$b.js" "$work/$b.js"; progs+=("$b")
  elif [ -f "$shared/v8-v7/$b.js" ] && [ "$b" != base ]; then
    BENCHES=$b "$shared/run.sh" cat > "$work/$b.js"; v8+=("$b")
  else
    echo "run.sh: no such benchmark: $b" >&2; exit 2
  fi
done
for e in $engines; do
  [ -n "${cmd[$e]:-}" ] || { echo "run.sh: unknown engine: $e (amber, qjs, node)" >&2; exit 2; }
done

# Interleaved: every round runs every benchmark on every engine in turn.
for ((r = 1; r <= rounds; r++)); do
  for b in "${v8[@]}" "${progs[@]}"; do
    for e in $engines; do
      echo "round $r/$rounds: $b on $e" >&2
      read -r -a c <<< "${cmd[$e]}"
      out=$work/$r.$b.$e
      /usr/bin/time -v -o "$out.time" "${c[@]}" "$work/$b.js" > "$out.out" 2> "$out.err" || true
    done
  done
done

echo "## Engines: $rounds round(s), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
echo
for e in $engines; do echo "- $e: \`${cmd[$e]}\`"; done
echo
python3 "$here/summarize.py" "$work" "$rounds" "$engines" "${v8[*]}" "${progs[*]}"
