"""`nianbao summarize` cold: its CPU time over `check` of the same report, measured in the same rounds.

Each round runs every command once, interleaved, as a fresh process (warm disk and nianbao caches:
jieba's dictionary and IDF table); CPU seconds of the child, medians [min, max] of the per-round
ratios. ``--baseline DIR`` also runs `summarize` with the nianbao of another checkout (DIR/src) and
prints this checkout's time over the baseline's.

Run: .venv/bin/python benchmarks/bench_summarize.py [--rounds N] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def _bench_speed():
    """benchmarks/bench_speed.py (its child-process CPU timer and summary)."""
    spec = importlib.util.spec_from_file_location("bench_speed", Path(__file__).with_name("bench_speed.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--baseline", type=Path, help="another checkout to compare summarize with")
    opts = ap.parse_args()
    bench = _bench_speed()

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up run leaves bytecode, as an installed package has
    nb = [sys.executable, "-m", "nianbao"]
    a, b = FIXTURES / "suqian_2023.txt", FIXTURES / "suqian_2024.txt"
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-cache-") as tmp:
        env["NIANBAO_CACHE_DIR"] = str(Path(tmp) / "this")
        runs = [("summarize", [*nb, "summarize", str(b), "--prior", str(a)], env), ("check", [*nb, "check", str(b)], env)]
        if opts.baseline:
            base = dict(env, PYTHONPATH=str(opts.baseline.resolve() / "src"), NIANBAO_CACHE_DIR=str(Path(tmp) / "baseline"))
            runs.append(("base:summarize", runs[0][1], base))
        for _, args, e in runs:  # warm the disk, the bytecode and nianbao's caches
            bench.cpu_run(args, e, tmp)
        rounds: list[dict] = []
        for _ in range(opts.rounds):
            random.shuffle(runs)
            rounds.append({name: bench.cpu_run(args, e, tmp) for name, args, e in runs})

    def line(label: str, num: str, den: str) -> str:
        med, lo, hi = bench.summary([r[num] / r[den] for r in rounds])
        return (f"{label}: {med:.2f}× [{lo:.2f}, {hi:.2f}]   {statistics.median(r[num] for r in rounds):.3f} s"
                f" vs {statistics.median(r[den] for r in rounds):.3f} s")

    print(f"CPU time, median [min, max] of {opts.rounds} rounds (宿迁 2024, --prior 2023):")
    print(line("summarize / check", "summarize", "check"))
    if opts.baseline:
        print(line(f"summarize: this checkout / {opts.baseline}", "summarize", "base:summarize"))


if __name__ == "__main__":
    main()
