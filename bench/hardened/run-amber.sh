#!/usr/bin/env bash
# Runs one program of programs/ on Amber.
exec "$(dirname "$0")/../../target/release/amber" "$1"
