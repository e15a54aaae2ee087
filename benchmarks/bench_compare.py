"""Timings of ``nianbao compare``: one pair through the real CLI, and a batch of folders.

Targets (issue 4): two typical reports (10 k characters) in < 1 s wall including start-up and
jieba's dictionary load; a batch of 200 pairs in < 30 s on one core.
Run: .venv/bin/python benchmarks/bench_compare.py [PAIRS]
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
OLD, NEW = FIXTURES / "suqian_2023.txt", FIXTURES / "suqian_2024.txt"
NIANBAO = [sys.executable, "-m", "nianbao"]


def one_core() -> list[str]:
    """Pin to one CPU where ``taskset`` exists (the batch target is for one core)."""
    return ["taskset", "-c", "0"] if shutil.which("taskset") else []


def wall(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) — CPU time stays honest on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def typical_pair(folder: Path) -> tuple[Path, Path]:
    """Two consecutive years of about 12 000 characters each: the 宿迁 2023/2024 reports with the
    淮安, 马店 and 上海 narrative added to both years (so they share some text, as real ones do)."""
    from nianbao.read import read_report
    from nianbao.render.text import render_text

    names = ("huaian_2024.txt", "madian_2024.txt", "shanghai_shizhengfu_bangongting_2019.txt")
    extras = [read_report(FIXTURES / name).sections for name in names]
    out = []
    for year, src in ((2023, OLD), (2024, NEW)):
        obj = read_report(src).to_dict()
        obj["agency"], obj["year"] = "宿迁市人民政府", year
        for key in ("overview", "problems", "other_matters"):
            for extra in extras:
                if extra.get(key, "").strip() not in ("", "无"):
                    obj["sections"][key] += "\n" + extra[key].replace("2024年", f"{year}年")
        path = folder / f"suqian_{year}.txt"
        path.write_text(render_text(obj), encoding="utf-8")
        out.append(path)
    return out[0], out[1]


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    work = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    env = dict(os.environ, NIANBAO_CACHE_DIR=str(work / "cache"))
    try:
        old, new = typical_pair(work)
        chars = [len(p.read_text(encoding="utf-8")) for p in (old, new)]
        print(f"pair: 宿迁 2023 → 2024 (+ 淮安, 马店, 上海 narrative): {chars[0]:,} and {chars[1]:,} characters")
        base = NIANBAO + ["compare", str(old), str(new)]
        cold = wall(base, env)  # builds the jieba dictionary cache once
        print(f"  first run (builds the jieba cache):  {cold[0]:5.2f} s wall, {cold[1]:5.2f} s CPU")
        for fmt in ("text", "json", "html"):
            runs = [wall(base + ["--format", fmt], env) for _ in range(5)]
            w, c = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            print(f"  compare --format {fmt:<5} (median of 5): {w:5.2f} s wall, {c:5.2f} s CPU  (target < 1 s)")
        runs = [wall(NIANBAO + ["--help"], env) for _ in range(5)]
        w, c = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        print(f"  for reference, nianbao --help:       {w:5.2f} s wall, {c:5.2f} s CPU")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"  (load average while measuring: {load:.1f} on {os.cpu_count()} CPUs)")

        old_dir, new_dir = work / "old", work / "new"
        old_dir.mkdir()
        new_dir.mkdir()
        old_text, new_text = old.read_bytes(), new.read_bytes()
        for i in range(pairs):  # each pair its own agency name: paired by agency
            (old_dir / f"body{i:04d}_2023.txt").write_bytes(old_text.replace("宿迁市人民政府".encode(), f"机关{i:04d}".encode()))
            (new_dir / f"body{i:04d}_2024.txt").write_bytes(new_text.replace("宿迁市人民政府".encode(), f"机关{i:04d}".encode()))
        cmd = one_core() + NIANBAO + ["compare", "--pair-by", "agency", str(old_dir), str(new_dir), "-o", str(work / "summary.csv")]
        t, cpu = wall(cmd, env)
        rows = len((work / "summary.csv").read_text(encoding="utf-8-sig").splitlines()) - 1
        pinned = " (pinned to one core)" if one_core() else ""
        print(f"batch: {rows} pairs{pinned}: {t:5.2f} s wall, {cpu:5.2f} s CPU, {t / max(rows, 1) * 1000:.0f} ms per pair  (target < 30 s for 200)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
