#!/usr/bin/env bash
# Hardened-JS benchmarks: Amber's native lockdown/harden/Compartment against the SES shim on
# `node --jitless`, interleaved for ROUNDS rounds, medians and ratios.
# Usage: bench/hardened/run.sh [ROUNDS]   (`npm install` here and a release amber first)
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-5}
amber=../../target/release/amber
declare -A A S
for ((i = 0; i < rounds; i++)); do
  while read -r k v; do A[$k]+="$v "; done < <($amber amber-bench.js)
  while read -r k v; do S[$k]+="$v "; done < <(node --jitless ses-bench.mjs 2>/dev/null | grep -v '^SES\|^Removing\|^  ')
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-12s %12s %12s %8s\n' benchmark "amber (us)" "ses (us)" "ses/amber"
for k in lockdown harden100k compartment; do
  a=$(echo "${A[$k]}" | median); s=$(echo "${S[$k]}" | median)
  printf '%-12s %12s %12s %8s\n' "$k" "$a" "$s" "$(awk -v a="$a" -v s="$s" 'BEGIN { printf "%.1fx", s / a }')"
done
