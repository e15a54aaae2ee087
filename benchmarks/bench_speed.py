"""Every figure of issue 13's speed table, each a ratio measured in the same run.

Each round runs every command once, interleaved, as a fresh process (cold start, warm disk and
nianbao caches); a ratio is taken within its round, and the median, min and max over the rounds
are printed. Times are CPU seconds (user + system) of the child process, which a busy shared
machine disturbs far less than wall time.

Run: .venv/bin/python benchmarks/bench_speed.py [--rounds N] [--write-readme] [--baseline DIR]
``--write-readme`` puts the table into README.md between the ``speed-table`` markers;
``--baseline DIR`` also runs every command with the nianbao of another checkout (DIR/src) in the
same rounds and prints this checkout's time over the baseline's, command by command.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the report generator (tests/builders) renders with this checkout's nianbao
FIXTURES = ROOT / "tests" / "fixtures"
README = ROOT / "README.md"
#: the nearest peer's bare parse of one report (govnianbao, no checks), as measured in issue 13
PEER_PARSE_MS = (1.0, 1.3)


def cpu_run(args: list[str], env: dict, cwd: str) -> float:
    """CPU seconds (user + system) of one child process."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} exited with {proc.returncode}")
    return usage.ru_utime + usage.ru_stime


def generated_reports(folder: Path, n: int, seed: int = 2025) -> list[Path]:
    """``n`` consistent generated reports (the generator of bench_read_check.py), as .txt files."""
    spec = importlib.util.spec_from_file_location("bench_read_check", Path(__file__).with_name("bench_read_check.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.path.insert(0, str(ROOT))  # the test builders: reports in every layout
    from tests.builders import NumberStyle, render_text

    rng = random.Random(seed)
    layouts = ["tab", "pipe", "cells", "pdf"]
    paths = []
    for i in range(n):
        obj = module.random_report(rng)
        text = render_text(obj, layouts[i % 4], NumberStyle(zero=rng.choice(["0", "/", "—"])), page_every=40 if i % 4 == 3 else 0)
        path = folder / f"r{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


#: one checkout's in-process figure in a child process: read + check, and check alone,
#: in ms per report, over the reports of a folder (the first 50; the rest warm it up)
IN_PROCESS_CHILD = """
import pathlib, sys, time
from nianbao.check import check_report
from nianbao.read import read_bytes
docs = [p.read_bytes() for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
docs, warm = docs[:50], docs[50:]
for d in warm:
    check_report(read_bytes(d, "x.txt"))
check = 0.0
start = time.process_time()
for d in docs:
    report = read_bytes(d, "x.txt")
    t = time.process_time()
    check_report(report)
    check += time.process_time() - t
print((time.process_time() - start) / len(docs) * 1000, check / len(docs) * 1000)
"""


def in_process_child(folder: Path, env: dict) -> tuple[float, float]:
    """(read + check, check alone) in ms per report, measured in a child process with ``env``'s nianbao."""
    out = subprocess.run([sys.executable, "-c", IN_PROCESS_CHILD, str(folder)], env=env, capture_output=True, text=True, check=True)
    both, check = map(float, out.stdout.split())
    return both, check


#: ``check FILE`` with jinja2 (the templates) and PyYAML (the figures file) loaded first, as draft loads
#: them (under the start-up's collector pause and regex cache): no draft can cost less than this
DRAFT_FLOOR = """
import runpy, sys
from nianbao import LongLived
from nianbao.regex_cache import install
with LongLived():
    install()
    import jinja2, jinja2.sandbox, yaml
sys.argv = ["nianbao", "check", sys.argv[1]]
runpy.run_module("nianbao", run_name="__main__", alter_sys=True)
"""


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--batch", type=int, default=200, help="reports added for the marginal batch cost")
    ap.add_argument("--write-readme", action="store_true")
    ap.add_argument("--baseline", type=Path, help="another checkout to compare each command with")
    opts = ap.parse_args()

    py = sys.executable
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up run leaves bytecode, as an installed package has
    caches = tempfile.TemporaryDirectory(prefix="nianbao-bench-cache-")  # jieba's, the templates'
    env["NIANBAO_CACHE_DIR"] = str(Path(caches.name) / "this")
    nb = [py, "-m", "nianbao"]
    txt, pdf = FIXTURES / "huaian_2024.txt", FIXTURES / "huaian_2024.pdf"
    a, b = FIXTURES / "suqian_2023.txt", FIXTURES / "suqian_2024.txt"
    figures, prior = ROOT / "examples" / "madian-2025" / "figures.yaml", ROOT / "examples" / "madian-2024" / "report.txt"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small, big = work / "small", work / "big"
        small.mkdir()
        big.mkdir()
        paths = generated_reports(big, 10 + opts.batch)
        for p in paths[:10]:
            (small / p.name).write_bytes(p.read_bytes())
        commands = {
            "bare": [py, "-c", "import typer, rich"],
            "check_txt": [*nb, "check", str(txt)],
            "check_pdf": [*nb, "check", str(pdf)],
            "check_a": [*nb, "check", str(b)],
            "compare": [*nb, "compare", str(a), str(b)],
            "check_draft": [*nb, "check", str(prior)],
            "draft": [*nb, "draft", str(figures), "--prior", str(prior), "-f", "md"],
            # the least draft can cost: check's run plus the two libraries every draft loads
            "draft_floor": [py, "-c", DRAFT_FLOOR, str(prior)],
            # one process (as check does by itself for a batch of text reports under 1 MB): the marginal
            # cost is each report's own work, not the start of worker processes a bigger batch gets
            "batch_small": [*nb, "check", str(small), "--jobs", "1"],
            "batch_big": [*nb, "check", str(big), "--jobs", "1"],
        }
        envs = {"": env}
        if opts.baseline:
            envs["base:"] = dict(env, PYTHONPATH=str(opts.baseline.resolve() / "src"),
                                 NIANBAO_CACHE_DIR=str(Path(caches.name) / "baseline"))
        runs = [(prefix + name, args, e) for prefix, e in envs.items() for name, args in commands.items()]
        for _, args, e in runs:  # warm the disk and nianbao's caches (jieba, templates)
            cpu_run(args, e, tmp)
        rounds: list[dict] = []
        # each checkout's in-process figures, round by round: measured among the commands (not all at the end,
        # where a spell of a busy host would decide them), on fresh reports each round, the same for both
        children: list[dict] = []
        for k in range(opts.rounds):
            random.shuffle(runs)
            rounds.append({name: cpu_run(args, e, tmp) for name, args, e in runs})
            folder = work / f"child-{k}"
            folder.mkdir()
            generated_reports(folder, 70, 3100 + k)
            order = list(envs.items())
            random.shuffle(order)
            children.append({prefix: in_process_child(folder, e) for prefix, e in order})
        ms = [c[""][0] for c in children]
    caches.cleanup()

    def ratio(num: str, den: str) -> tuple[float, float, float]:
        return summary([r[num] / r[den] for r in rounds])

    marginal = [(r["batch_big"] - r["batch_small"]) / opts.batch * 1000 for r in rounds]
    rows = [
        ("`nianbao check FILE` 冷启动 / `python -c \"import typer, rich\"`", ratio("check_txt", "bare"), "≤ 2.0×",
         f"check {statistics.median(r['check_txt'] for r in rounds):.2f} s"),
        ("`check 报告.pdf` / `check 报告.txt`（淮安 2024，6 页）", ratio("check_pdf", "check_txt"), "≤ 1.3×",
         f"pdf {statistics.median(r['check_pdf'] for r in rounds):.2f} s"),
        ("`compare A B` / `check A`（宿迁 2023、2024）", ratio("compare", "check_a"), "≤ 1.6×",
         f"compare {statistics.median(r['compare'] for r in rounds):.2f} s"),
        ("`draft` / `check`（马店镇示例，带上年报告）", ratio("draft", "check_draft"), "≤ 1.3×",
         f"draft {statistics.median(r['draft'] for r in rounds):.2f} s"),
        ("（下限）`check` + 载入 jinja2、PyYAML / `check`", ratio("draft_floor", "check_draft"), "—",
         f"{statistics.median(r['draft_floor'] for r in rounds):.2f} s"),
        (f"批量 `check 文件夹` 每多一份报告 / 同类工具裸解析 {PEER_PARSE_MS[1]} ms", summary([m / PEER_PARSE_MS[1] for m in marginal]),
         "≤ 1.0×", f"{statistics.median(marginal):.1f} ms/份"),
        ("进程内 读取 + 检查 / 1.0 ms", summary([m / 1.0 for m in ms]), "≤ 1.0×", f"{statistics.median(ms):.2f} ms/份"),
    ]
    lines = [
        "| 项目 | 中位数 | 最小 | 最大 | 目标 | 绝对值（中位数，CPU） |",
        "|---|---|---|---|---|---|",
    ]
    for label, (med, lo, hi), target, absolute in rows:
        lines.append(f"| {label} | {med:.2f}× | {lo:.2f}× | {hi:.2f}× | {target} | {absolute} |")
    note = (f"（`benchmarks/bench_speed.py`，{opts.rounds} 轮交替运行，子进程 CPU 时间之比；"
            f"Python {sys.version.split()[0]}，{os.cpu_count()} 核）")
    table = "\n".join(lines + ["", note])
    print(table)
    if opts.baseline:
        print(f"\nthis checkout / {opts.baseline} (CPU time, median [min, max] of {opts.rounds} rounds):")
        for name in commands:
            med, lo, hi = ratio(name, "base:" + name)
            print(f"  {name:<12} {med:.2f}× [{lo:.2f}, {hi:.2f}]   {statistics.median(r[name] for r in rounds):.3f} s"
                  f" vs {statistics.median(r['base:' + name] for r in rounds):.3f} s")
        for i, what in enumerate(("in-process read + check", "in-process check alone")):
            this, base = [c[""][i] for c in children], [c["base:"][i] for c in children]
            med, lo, hi = summary([a / b for a, b in zip(this, base)])
            print(f"  {what}: {med:.2f}× [{lo:.2f}, {hi:.2f}]   {statistics.median(this):.3f} ms"
                  f" [{min(this):.3f}, {max(this):.3f}] vs {statistics.median(base):.3f} ms [{min(base):.3f}, {max(base):.3f}]")
    if opts.write_readme:
        text = README.read_text(encoding="utf-8")
        new, n = re.subn(r"(<!-- speed-table -->\n).*?(<!-- /speed-table -->)", lambda m: m.group(1) + table + "\n" + m.group(2),
                         text, flags=re.S)
        if n != 1:
            raise SystemExit("README.md has no <!-- speed-table --> … <!-- /speed-table --> block")
        README.write_text(new, encoding="utf-8")
        print("README.md updated")


if __name__ == "__main__":
    main()
