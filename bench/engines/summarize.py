#!/usr/bin/env python3
"""Aggregates the raw outputs of run.sh into Markdown tables.

Usage: summarize.py DIR ROUNDS "ENGINES" "V8 BENCHMARKS" "PROGRAMS"

DIR holds, per run, ROUND.BENCH.ENGINE.time (the /usr/bin/time -v report), .out and .err.
"""
import math
import re
import statistics
import sys

work, rounds = sys.argv[1], int(sys.argv[2])
engines, v8, progs = (a.split() for a in sys.argv[3:6])
PEERS = [p for p in ("qjs", "node") if p in engines and "amber" in engines]


def run(r, bench, engine):
    """One run: wall seconds, peak RSS (KB), exit status, stdout lines."""
    base = f"{work}/{r}.{bench}.{engine}"
    with open(base + ".time") as f:
        report = f.read()
    with open(base + ".out") as f:
        out = f.read().splitlines()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report)
    seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.group(1).split(":"))))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    status = int(re.search(r"Exit status: (\d+)", report).group(1))
    return seconds, rss, status, out


def v8_score(out):
    """The benchmark's `NAME: SCORE` line from run-v8.js, or None if it failed."""
    for line in out:
        m = re.fullmatch(r"([\w-]+): ([\d.]+)", line)
        if m and m.group(1) != "Score":
            return float(m.group(2))
    return None


def geomean(xs):
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


# speed[bench][engine]: median score (V8) or seconds; rss[bench][engine]: median MB.
speed, rss, problems = {}, {}, {}
for bench in v8 + progs:
    speed[bench], rss[bench], outputs, bad = {}, {}, {}, []
    for e in engines:
        values, mbs = [], []
        for r in range(1, rounds + 1):
            seconds, kb, status, out = run(r, bench, e)
            mbs.append(kb / 1024)
            if status != 0:
                bad.append(f"{e} exited {status} in round {r}")
            if bench in v8:
                score = v8_score(out)
                if score is None:
                    bad.append(f"{e}: no score in round {r}: {' | '.join(out)[:120]}")
                else:
                    values.append(score)
            else:
                values.append(seconds)
                outputs.setdefault(out[-1] if out else "(no output)", []).append(f"{e}#{r}")
        speed[bench][e] = statistics.median(values) if values else None
        rss[bench][e] = statistics.median(mbs)
    if len(outputs) > 1:  # a program's check line must be the same everywhere
        bad.append("check lines differ: " + "; ".join(f"{k!r} from {', '.join(v)}" for k, v in outputs.items()))
    problems[bench] = bad


def fmt(x, kind):
    if x is None:
        return "—"
    if kind == "score":
        return f"{x:.0f}" if x >= 100 else f"{x:.3g}"
    return {"s": f"{x:.2f}", "MB": f"{x:.1f}", "ratio": f"{x:.2f}"}[kind]


def ratio(a, b):
    return a / b if a and b else None


def table(title, rows, ratio_note):
    print(f"### {title}\n")
    head = ["benchmark"] + engines + [f"amber/{p}" for p in PEERS]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" + "---:|" * (len(head) - 1))
    for label, values, kind, ratios in rows:
        cells = [label] + [fmt(values.get(e), kind) for e in engines]
        cells += [fmt(ratios(values, p), "ratio") for p in PEERS]
        print("| " + " | ".join(cells) + " |")
    print(f"\n{ratio_note}\n")


def amber_over_peer(v, p):  # speed ratio of scores, and memory ratio
    return ratio(v.get("amber"), v.get(p))


def peer_over_amber(v, p):  # speed ratio of times
    return ratio(v.get(p), v.get("amber"))


def mark(label):  # label starts with the benchmark's name
    return label + (" **(!)**" if problems[label.split()[0]] else "")


rows = [(mark(b + " (score)"), speed[b], "score", amber_over_peer) for b in v8]
if v8:
    rows.append(("**V8 Score** (geomean)",
                 {e: geomean([speed[b][e] for b in v8 if speed[b][e]]) for e in engines},
                 "score", amber_over_peer))
rows += [(mark(b + " (s)"), speed[b], "s", peer_over_amber) for b in progs]
if progs:
    rows.append(("**programs** (geomean s)",
                 {e: geomean([speed[b][e] for b in progs if speed[b][e]]) for e in engines},
                 "s", peer_over_amber))
table("Speed: median V8 score (higher is better) or seconds (lower is better)", rows,
      "Ratios amber/peer are speed ratios: above 1 means Amber is faster "
      "(score amber/peer, time peer/amber).")

rows = [(mark(b), rss[b], "MB", amber_over_peer) for b in v8 + progs]
rows.append(("**geomean**", {e: geomean([rss[b][e] for b in v8 + progs]) for e in engines}, "MB",
             amber_over_peer))
table("Peak resident memory: median MB (lower is better)", rows,
      "Ratios amber/peer are memory ratios: below 1 means Amber uses less.")

flagged = [(b, p) for b in v8 + progs for p in problems[b]]
if flagged:
    print("### Problems (**(!)** above)\n")
    for b, p in flagged:
        print(f"- {b}: {p}")
    sys.exit(1)
print("All runs exited 0; every V8 benchmark printed its score; every program printed the same "
      "check line on every engine.")
