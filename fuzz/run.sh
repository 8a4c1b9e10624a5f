#!/usr/bin/env bash
# Build and run a fuzz target the way `cargo fuzz build` / `cargo fuzz run` do, without
# cargo-fuzz (it only wraps cargo with these flags). Needs a nightly toolchain.
#
# Usage: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]
#        fuzz/run.sh --build-only TARGET
#   TARGET   parse | parse_tokens | image | temporal_from
#   SECONDS  -max_total_time (default 60)
# Environment:
#   SANITIZER=address (default, as cargo-fuzz) or none (about twice as fast, no ASan checks)
#   JOBS=N   cargo build jobs (default: cargo's)
#   NICE=N   run the fuzzer under `nice -n N` (default 19; the build is not niced)
# Artifacts (crashes, timeouts, OOMs) go to fuzz/artifacts/TARGET/, the corpus grows in
# fuzz/corpus/TARGET/. Minimize a grown corpus with `fuzz/run.sh cmin TARGET`.
set -euo pipefail
cd "$(dirname "$0")"
build_only=0
cmin=0
case "${1:-}" in
  --build-only) build_only=1; shift ;;
  cmin) cmin=1; shift ;;
esac
target=${1:?usage: fuzz/run.sh [--build-only|cmin] TARGET [SECONDS] [libFuzzer flags...]}
shift
seconds=${1:-60}
[ $# -gt 0 ] && shift
triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
sanitizer=${SANITIZER:-address}

# cargo-fuzz's flags (src/project.rs, `FuzzProject::cargo`), for a release build with debug
# assertions (`cargo fuzz build -a`): SanitizerCoverage with inline 8-bit counters, a PC
# table and compare tracing (libFuzzer's value profile and CMP dictionaries), stack depth,
# no branch folding (more distinct edges), `cfg(fuzzing)`, one codegen unit.
rustflags="-Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
-Cllvm-args=-sanitizer-coverage-stack-depth \
--cfg fuzzing -Clink-dead-code -Cdebug-assertions -Ccodegen-units=1"
if [ "$sanitizer" != none ]; then
  rustflags="$rustflags -Zsanitizer=$sanitizer"
fi
# --target: RUSTFLAGS then reach only the target's crates, not build scripts or proc macros.
RUSTFLAGS="$rustflags ${RUSTFLAGS:-}" cargo +nightly build --release \
  --config profile.release.debug=true --target "$triple" ${JOBS:+-j "$JOBS"} --bin "$target"
bin=target/$triple/release/$target
[ "$build_only" = 1 ] && { echo "$bin"; exit 0; }

export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_odr_violation=0"
mkdir -p "corpus/$target" "artifacts/$target"
if [ "$cmin" = 1 ]; then
  # libFuzzer's merge: the smallest set of inputs with the same coverage (what `cargo fuzz cmin`
  # does), into a fresh directory that then replaces the corpus.
  rm -rf "corpus/$target.cmin"; mkdir "corpus/$target.cmin"
  "$bin" -merge=1 -timeout=10 "corpus/$target.cmin" "corpus/$target"
  rm -rf "corpus/$target"; mv "corpus/$target.cmin" "corpus/$target"
  exit 0
fi
exec nice -n "${NICE:-19}" "$bin" -artifact_prefix="artifacts/$target/" \
  -max_total_time="$seconds" -timeout=10 -print_final_stats=1 "$@" "corpus/$target"
