#!/usr/bin/env bash
# Differential test of Amber's native lockdown/harden/Compartment against the SES shim
# (`npm install` in this directory first; `cargo build --release -p amber-cli`).
# Prints each program whose output differs, and the count. Every difference must be a
# DECISION/DISAGREE of ../shared/spec/REALMS-DESIGN.md (listed in README.md) or a bug.
set -uo pipefail
cd "$(dirname "$0")"
total=0; differ=0
for p in programs/*.js; do
  total=$((total + 1))
  a=$(./run-amber.sh "$p" 2>&1)
  s=$(node run-ses.mjs "$p" 2>&1 | grep -v '^SES\|^Removing\|^  ')
  if [ "$a" != "$s" ]; then
    differ=$((differ + 1))
    echo "== $p"
    diff <(echo "$s") <(echo "$a") | sed 's/^</  ses:  /; s/^>/  amber:/' | grep -v '^---\|^[0-9]'
  fi
done
echo "$total programs, $differ differ"
