#!/usr/bin/env bash
# Installs the parser benchmark corpus (pinned npm packages) into target/npm-corpus/ (not in
# git) and, with --manifest, rewrites bench/parser/corpus.txt: for each package, its 20 largest
# .js/.mjs/.cjs files with their parse goal. Needs node and npm and the npm registry; the
# benchmarks themselves never touch the network.
#
#   bench/parser/fetch-corpus.sh              # install (the committed manifest names the files)
#   bench/parser/fetch-corpus.sh --manifest   # install and regenerate corpus.txt
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/target/npm-corpus"

# Popular, pure-JavaScript packages, pinned. acorn is both a corpus package and the reference
# parser that bench/parser/acorn.mjs runs.
packages=(
    typescript@5.9.3
    lodash@4.18.1
    react-dom@19.3.1
    three@0.187.0
    @babel/parser@7.29.14
    webpack@5.112.2
    rxjs@7.8.2
    moment@2.31.0
    jquery@4.0.0
    acorn@8.19.0
    terser@5.51.2
    prettier@3.10.1
    vue@3.5.45
    d3@7.9.2
)

mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{ "private": true }' > package.json
npm install --no-save --ignore-scripts --no-audit --no-fund "${packages[@]}"

if [ "${1:-}" = "--manifest" ]; then
    node "$root/bench/parser/make-manifest.mjs" "$dir/node_modules" "${packages[@]}" \
        > "$root/bench/parser/corpus.txt"
    echo "wrote bench/parser/corpus.txt"
fi
echo "corpus installed in target/npm-corpus/node_modules"
