"""Read + check throughput in-process, and cold start-up of the CLI.

Targets (issue 2): ≥ 1,000 reports/s in-process; `nianbao --help` and `nianbao check FILE` under
0.3 s cold. Run: .venv/bin/python benchmarks/bench_read_check.py [N]
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nianbao.catalog import APPLICANT_KEYS, TABLE2_ROWS, TABLE3_ROWS, TABLE4_BLOCKS
from nianbao.check import check_report
from nianbao.read import read_bytes, read_report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the test builders: reports in every layout
from tests.builders import NumberStyle, render_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "madian-2024" / "report.txt"


def random_report(rng: random.Random) -> dict:
    base = read_report(ROOT / "tests" / "fixtures" / "suqian_2024.txt").to_dict()
    ad = {}
    for row in TABLE2_ROWS:
        if len(row.columns) == 3:
            ad[row.key] = {c.key: rng.randint(0, 500) for c in row.columns}
        else:
            ad[row.key] = rng.randint(0, 10**6)
    # a consistent table 3: outcomes per column, 七 = their sum, 一 + 二 = 七 + 四
    apps = {row.key: {} for row in TABLE3_ROWS}
    outcome_rows = TABLE3_ROWS[2:23]
    for col in APPLICANT_KEYS[:6]:
        for row in outcome_rows:
            apps[row.key][col] = rng.choice([0, 0, 0, rng.randint(0, 60)])
        total = sum(apps[row.key][col] for row in outcome_rows)
        carried_over = rng.randint(0, 5)
        carried_forward = rng.randint(0, 5)
        apps["results_total"][col] = total
        apps["carried_over"][col] = carried_over
        apps["carried_forward"][col] = carried_forward
        apps["new_received"][col] = total + carried_forward - carried_over
        if apps["new_received"][col] < 0:
            apps["carried_over"][col] += apps["new_received"][col]
            apps["new_received"][col] = 0
    for row in TABLE3_ROWS:
        apps[row.key]["total"] = sum(apps[row.key][c] for c in APPLICANT_KEYS[:6])
    rl = {}
    for b in TABLE4_BLOCKS:
        vals = [rng.randint(0, 40) for _ in range(4)]
        rl[b.key] = dict(zip(("upheld", "corrected", "other", "pending", "total"), vals + [sum(vals)]))
    return {**base, "agency": "宿迁市人民政府", "active_disclosure": ad, "applications": apps, "review_litigation": rl}


def main(n: int = 400) -> None:
    rng = random.Random(2025)
    layouts = ["tab", "pipe", "cells", "pdf"]
    docs = []
    for i in range(n):
        obj = random_report(rng)
        text = render_text(obj, layouts[i % 4], NumberStyle(zero=rng.choice(["0", "/", "—"])), page_every=40 if i % 4 == 3 else 0)
        docs.append(text.encode("utf-8"))
    chars = statistics.mean(len(d.decode("utf-8")) for d in docs)
    # warm up
    for d in docs[:20]:
        check_report(read_bytes(d, "x.txt"))
    start = time.perf_counter()
    errors = 0
    for d in docs:
        report = read_bytes(d, "x.txt")
        errors += sum(1 for f in check_report(report) if f.severity == "error")
    elapsed = time.perf_counter() - start
    print(f"read + check in-process: {n} generated reports (mean {chars:,.0f} chars, 4 layouts)")
    print(f"  {n / elapsed:,.0f} reports/s  ({elapsed / n * 1000:.2f} ms per report; errors found: {errors})")

    exe = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
    with tempfile.TemporaryDirectory() as tmp:
        for label, args in (("nianbao --help", ["--help"]), ("nianbao check FILE", ["check", str(EXAMPLE)])):
            times = []
            for _ in range(7):
                t = time.perf_counter()
                subprocess.run([exe, *args], capture_output=True, cwd=tmp)
                times.append(time.perf_counter() - t)
            print(f"  {label:<22} cold wall time: median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
