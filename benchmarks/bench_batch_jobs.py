"""``--jobs``: a batch check of 1,000 generated reports, serial against parallel, with identical output.

The folder holds N generated text reports (four table layouts, as bench_read_check.py makes them)
and, one in fifty, a copy of the 淮安 2024 PDF, whose reading dominates a real batch. Each run is
the real CLI in a subprocess (``check DIR -o result.json``); the outputs must be byte-identical.
Run: .venv/bin/python benchmarks/bench_batch_jobs.py [N] [JOBS]
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_read_check import random_report  # noqa: E402

from tests.builders import NumberStyle, render_text  # noqa: E402  (bench_read_check put the repository on the path)

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "tests" / "fixtures" / "huaian_2024.pdf"


def make_folder(folder: Path, n: int) -> int:
    rng = random.Random(2025)
    layouts = ["tab", "pipe", "cells", "pdf"]
    pdfs = 0
    for i in range(n):
        if i % 50 == 49:
            shutil.copy(PDF, folder / f"r{i:04d}.pdf")
            pdfs += 1
            continue
        obj = random_report(rng)
        obj["agency"] = f"第{i}号县人民政府"
        text = render_text(obj, layouts[i % 4], NumberStyle(zero=rng.choice(["0", "/", "—"])),
                           title=f"第{i}号县人民政府2024年政府信息公开工作年度报告")
        (folder / f"r{i:04d}.txt").write_text(text, encoding="utf-8")
    return pdfs


def run(folder: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "nianbao", "check", str(folder), "-o", str(out), "--force", "-q",
                        "--jobs", str(jobs)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if r.returncode not in (0, 1):
        raise SystemExit(f"check failed ({r.returncode}): {r.stderr[-2000:]}")
    return elapsed


def main(n: int = 1000, jobs: int = 0) -> None:
    jobs = jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        pdfs = make_folder(folder, n)
        serial, parallel = Path(tmp) / "serial.json", Path(tmp) / "parallel.json"
        t1 = run(folder, serial, 1)
        tn = run(folder, parallel, jobs)
        same = serial.read_bytes() == parallel.read_bytes()
        print(f"check of {n} reports ({n - pdfs} generated text, {pdfs} PDF) on {os.cpu_count()} CPUs")
        print(f"  --jobs 1:  {t1:6.1f} s  ({n / t1:,.0f} reports/s)")
        print(f"  --jobs {jobs}:  {tn:6.1f} s  ({n / tn:,.0f} reports/s)  speed-up {t1 / tn:.2f}x")
        print(f"  outputs identical: {same}")
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
