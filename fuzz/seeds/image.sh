#!/usr/bin/env bash
# Regenerates the image target's named seeds, fuzz/corpus/image/seed-NAME.img, from the
# programs in fuzz/seeds/image/NAME.js with a release `amber` of the current tree. Run it after
# any change to the opcodes, the native table or FORMAT_VERSION: images carry the engine id
# and format version, and the old seeds are then refused at the header.
# Usage: fuzz/seeds/image.sh [path/to/amber]   (default: target/release/amber, built if missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
amber=${1:-$root/target/release/amber}
[ -x "$amber" ] || (cd "$root" && cargo build --release -q -p amber-cli)
for js in "$root"/fuzz/seeds/image/*.js; do
  name=$(basename "$js" .js)
  "$amber" --build-snapshot "$js" --snapshot-blob "$root/fuzz/corpus/image/seed-$name.img"
  echo "seed-$name.img: $(stat -c %s "$root/fuzz/corpus/image/seed-$name.img") bytes"
done
