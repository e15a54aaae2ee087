"""Write the outputs of extract/check/compare/draft on every fixture into one folder.

Run it before and after a refactor and diff the two folders: a refactor that only
moves code must leave every file byte-identical.

    python scripts/golden.py /tmp/golden-before
    ... change code ...
    python scripts/golden.py /tmp/golden-after
    diff -r /tmp/golden-before /tmp/golden-after
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"


def _reports() -> list[Path]:
    files = sorted(p for p in FIX.iterdir() if p.suffix in {".txt", ".pdf", ".html"})
    files += sorted((FIX / "reports").glob("*.txt"))
    files.append(ROOT / "examples" / "madian-2024" / "report.txt")
    return files


def _run(out: Path, name: str, *args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "nianbao", *args], capture_output=True, cwd=ROOT,
                          env={"PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "COLUMNS": "120",
                               "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src"), "HOME": str(out)})
    (out / f"{name}.out").write_bytes(proc.stdout + f"\n[exit {proc.returncode}]\n".encode() + proc.stderr)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for f in _reports():
        stem = f"{f.parent.name}-{f.name}"
        _run(out, f"extract-{stem}", "extract", str(f), "--format", "json")
        _run(out, f"check-{stem}", "check", str(f), "--format", "json")
        _run(out, f"checktxt-{stem}", "check", str(f), "--no-color")
    pairs = [("suqian_2023.txt", "suqian_2024.txt"), ("huaian_2024.txt", "suqian_2024.txt")]
    for a, b in pairs:
        _run(out, f"compare-{a}-{b}", "compare", str(FIX / a), str(FIX / b), "--format", "json")
        _run(out, f"comparetxt-{a}-{b}", "compare", str(FIX / a), str(FIX / b), "--no-color")
        _run(out, f"checkprior-{a}-{b}", "check", str(FIX / b), "--prior", str(FIX / a), "--format", "json")
    ex = ROOT / "examples" / "madian-2025"
    _run(out, "draft-madian-notes", "draft", str(ex / "figures.yaml"), "--notes", str(ex / "notes.md"),
         "--prior", str(ROOT / "examples" / "madian-2024" / "report.txt"), "--explain")
    _run(out, "draft-madian-bare", "draft", str(ex / "figures.yaml"))
    _run(out, "summarize-suqian", "summarize", str(FIX / "suqian_2024.txt"))
    print(f"wrote {len(list(out.glob('*.out')))} files to {out}")


if __name__ == "__main__":
    main()
