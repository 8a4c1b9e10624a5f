#!/usr/bin/env bash
# Realm-creation benchmark: Amber's `new ShadowRealm()` + `evaluate("1+1")` against node's
# `vm.createContext({})` + `vm.runInContext("1+1", ctx)` on `node --jitless`, interleaved in
# ROUNDS rounds (medians reported), then memory per realm and the 100,000-realm loop.
# Usage: bench/realms/run.sh [ROUNDS]   (builds amber in release first)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
cargo build --release -q -p amber-cli -p amber-realms --example realm_cost
amber=./target/release/amber
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
a=(); n=()
for ((i = 0; i < rounds; i++)); do
  a+=("$($amber bench/realms/amber-realms.js)")
  n+=("$(node --jitless bench/realms/node-contexts.js 2>/dev/null)")
done
am=$(printf '%s\n' "${a[@]}" | median); nm=$(printf '%s\n' "${n[@]}" | median)
echo "ShadowRealm + evaluate (amber):          ${am} us  (rounds: ${a[*]})"
echo "createContext + runInContext (node --jitless): ${nm} us  (rounds: ${n[*]})"
awk -v a="$am" -v n="$nm" 'BEGIN { printf "amber is %.1fx faster than node --jitless\n", n / a }'
./target/release/examples/realm_cost 2000
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
k0=$(rss $amber -e 'print(0)')
k1=$(rss $amber bench/realms/keep.js)
echo "memory per live ShadowRealm (1,000 kept, peak RSS): $(( (k1 - k0) / 1000 )) KB"
echo "100,000 ShadowRealms created and dropped: peak RSS $(rss $amber bench/realms/loop100k.js) KB"
