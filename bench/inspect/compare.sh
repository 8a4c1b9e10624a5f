#!/bin/sh
# Shows every value of values.js with node's util.inspect (console.dir) and with Amber's
# inspector, and prints the differences (diff -u, node first). Needs node on the PATH and a
# built amber (cargo build --release -p amber-cli); AMBER=path overrides the binary.
set -e
here=$(cd "$(dirname "$0")" && pwd)
amber=${AMBER:-$here/../../target/release/amber}
# node's stacks also list its module loader's frames and name the top level
# `Object.<anonymous>`; those lines are dropped/rewritten so that the stacks compare.
node "$here/values.js" | awk '
  /node:internal/ { if ($0 ~ / \{$/) held = held " {"; next }
  { if (started) print held; held = $0; started = 1 }
  END { if (started) print held }' \
  | sed 's/at Object\.<anonymous> (\(.*\))/at \1/' > /tmp/inspect-node.txt
"$amber" "$here/values.js" > /tmp/inspect-amber.txt
if diff -u --label node --label amber /tmp/inspect-node.txt /tmp/inspect-amber.txt; then
  echo "no differences ($(grep -c '^### ' /tmp/inspect-node.txt) values)"
fi
