#!/usr/bin/env python3
"""Writes cli/startup.ld, the linker script that places amber's start-up code together.

A hello-world run executes about 470 of amber's functions (~480 KB), scattered through 5 MB of
.text: each 64 KiB stretch the kernel maps on a page fault ("fault-around") held a few of them,
so the text alone took ~40 page faults. The linker script puts the functions a start-up runs
into one output section (.text.amber_startup) just before .text, in the order they first run,
where they take about 9 faults. See "Start-up" in vm/PERFORMANCE.md.

How: run amber under valgrind's lackey tool, which prints the address of every superblock it
executes (in order), map each address to the function containing it (`nm`), and write one
input-section pattern per function. Patterns name the function's section rather than list
symbols for `--symbol-ordering-file`, because ThinLTO gives functions it promotes across codegen
units a `.llvm.<number>` suffix that changes with every edit (and with the checkout's path): a
pattern ends in `*` where that suffix goes, and `.text*.` also matches the `.text.unlikely.` and
`.text.startup.` sections compilers put some functions in; and a Rust function's hash
(`17h<16 digits>E`, which can change with edits to its module) is `*` too, unless another
function (another instance of a generic one) has the same path. Every other symbol at a function's
address (LLVM merges identical functions into aliases) gets a pattern too, since the section
is named after one of them. A function the script does not name (a new one, or one whose
mangled name changed) is simply not moved: a stale script costs page faults, never a failed
link.

When to regenerate: after changes to what start-up runs (creating the realm, the CLI, parsing,
compiling, the interpreter's entry, image loading), or a new Rust toolchain (std's symbol names
change). `--check` reports how much of a start-up's code the current binary has in place.

Usage: cli/startup-order.py [--check] [AMBER]
  AMBER defaults to target/release/amber, built first. Needs valgrind and nm (binutils).
"""

import os
import re
import subprocess
import sys
import tempfile
from bisect import bisect_right

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(REPO, "cli", "startup.ld")
SECTION = ".text.amber_startup"


def runs(amber, work):
    """The start-ups to trace, in order: a hello world, then an image start (whose loading code
    a hello world does not run), then a script that outgrows the start-up region: neither of
    the others starts mimalloc (an image's blocks come from the load region), and every longer
    program does."""
    hello = os.path.join(work, "hello.js")
    with open(hello, "w") as f:
        # Both ways a first script prints (console.log reaches property lookups that print
        # does not).
        f.write('print("hello, world");\nconsole.log("hello, world");\n')
    init = os.path.join(work, "init.js")
    with open(init, "w") as f:
        f.write("globalThis.greet = function (who) { return `hello, ${who}`; };\n")
    main = os.path.join(work, "main.js")
    with open(main, "w") as f:
        f.write('print(greet("world"));\n')
    image = os.path.join(work, "init.img")
    subprocess.run([amber, "--build-snapshot", init, "--snapshot-blob", image], check=True)
    grow = os.path.join(work, "grow.js")
    with open(grow, "w") as f:
        f.write("const a = [];\nfor (let i = 0; i < 20000; i++) a.push({ i, s: 'x' + i });\n")
        f.write("print(a.length);\n")
    return [[amber, hello], [amber, "--snapshot-blob", image, main], [amber, grow]]


def functions(amber):
    """The binary's functions: (start address, size, every name at that address), sorted."""
    out = subprocess.run(
        ["nm", "-S", "--defined-only", amber], capture_output=True, text=True, check=True
    ).stdout
    by_addr = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "tTwW":
            start, size = int(f[0], 16), int(f[1], 16)
            entry = by_addr.setdefault(start, [size, []])
            entry[0] = max(entry[0], size)
            entry[1].append(f[3])
    return sorted((a, s, names) for a, (s, names) in by_addr.items())


def executed(command, work):
    """Addresses of the superblocks `command` executes, in the order they first run."""
    log = os.path.join(work, "lackey.log")
    subprocess.run(
        ["valgrind", "--tool=lackey", "--trace-superblocks=yes", f"--log-file={log}"] + command,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    seen, order = set(), []
    with open(log) as f:
        for line in f:
            if line.startswith("SB "):
                a = int(line[3:], 16)
                if a not in seen:
                    seen.add(a)
                    order.append(a)
    return order


def touched(order, funcs):
    """The functions containing `order`'s addresses, first-run order, each once."""
    starts = [a for a, _, _ in funcs]
    seen, out = set(), []
    for a in order:
        i = bisect_right(starts, a) - 1
        if i < 0:
            continue
        start, size, names = funcs[i]
        if start <= a < start + max(size, 1) and start not in seen:
            seen.add(start)
            out.append(funcs[i])
    return out


def base_name(name):
    """The name without ThinLTO's `.llvm.<number>` suffix."""
    return re.sub(r"\.llvm\.\d+$", "", name)


# The hash at the end of a legacy-mangled Rust name (`...17h0123456789abcdefE`).
HASH = re.compile(r"17h[0-9a-f]{16}E$")


def pattern_names(used, funcs):
    """The names to write for `used`: a Rust function's hash becomes `*` where no other
    function in the binary has the same path (its hash can change with edits to its module;
    generic functions share a path, and keep their hashes)."""
    paths = {}
    for start, _, names in funcs:
        for n in {HASH.sub("", base_name(n)) for n in names}:
            paths.setdefault(n, set()).add(start)
    out = []
    for _, _, names in used:
        for n in sorted({base_name(n) for n in names}):
            path = HASH.sub("", n)
            if path != n and len(paths.get(path, ())) == 1:
                n = path + "17h*E"
            out.append(n)
    return out


def write_script(used, funcs):
    lines = [
        "/* Generated by cli/startup-order.py: do not edit; regenerate as it says. The functions",
        "   a start-up runs (hello world, an image start, a script past the start-up region), in",
        "   the order they first run, in one output section before .text, so that they share",
        "   pages. cli/build.rs links amber with it (release builds on Linux). */",
        "SECTIONS {",
        f"  {SECTION} : {{",
    ]
    patterns = set()
    for n in pattern_names(used, funcs):
        if n not in patterns:
            patterns.add(n)
            lines.append(f"    *(.text*.{n} .text*.{n}.llvm.*)")
    lines += ["  }", "}", "INSERT BEFORE .text;", ""]
    with open(SCRIPT, "w") as f:
        f.write("\n".join(lines))
    return len(patterns)


def main():
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    if args:
        amber = os.path.abspath(args[0])
    else:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "amber-cli"], cwd=REPO, check=True)
        amber = os.path.join(REPO, "target", "release", "amber")
    funcs = functions(amber)
    with tempfile.TemporaryDirectory() as work:
        used, seen = [], set()
        for command in runs(amber, work):
            for fn in touched(executed(command, work), funcs):
                if fn[0] not in seen:
                    seen.add(fn[0])
                    used.append(fn)
    if check:
        sections = subprocess.run(
            ["readelf", "-SW", amber], capture_output=True, text=True, check=True
        ).stdout
        m = re.search(re.escape(SECTION) + r"\s+\S+\s+([0-9a-f]+)\s+\S+\s+([0-9a-f]+)", sections)
        lo, hi = (int(m.group(1), 16), int(m.group(1), 16) + int(m.group(2), 16)) if m else (0, 0)
        inside = [fn for fn in used if lo <= fn[0] < hi]
        size = sum(s for _, s, _ in used)
        print(f"{len(inside)} of {len(used)} start-up functions "
              f"({sum(s for _, s, _ in inside)} of {size} bytes) are in {SECTION}")
        for a, s, names in used:
            if not lo <= a < hi:
                print(f"  outside: {names[0]} ({s} bytes)")
        return
    n = write_script(used, funcs)
    print(f"wrote {os.path.relpath(SCRIPT)}: {len(used)} functions, "
          f"{sum(s for _, s, _ in used)} bytes, {n} patterns")


if __name__ == "__main__":
    main()
