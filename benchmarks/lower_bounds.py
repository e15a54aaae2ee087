"""The declared lower bounds, tested: a fresh venv with every dependency at the minimum pyproject.toml allows.

Each ``name>=X`` of ``[project.dependencies]`` (and, with ``--polish``, of the ``polish`` extra) is installed as
``name==X``; what those pull in is resolved as usual. torch is the exception: it is pinned to the version of the
interpreter running this script (when it has one), so that no multi-GB download happens and no other torch lands
on the machine. nianbao itself is installed (no dependencies), then the quick tests run against src/. Needs the
network (or a package index) once; a second run reuses the venv.

    python benchmarks/lower_bounds.py [--venv DIR] [--polish] [--fresh] [-- PYTEST ARGS]

Exit status: pip's when the minimum versions cannot be installed together (a bound to raise), else pytest's.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: tests that cover the CLI (typer), reading, checking, drafting, the workbook and the local model (transformers)
QUICK_TESTS = [
    "tests/test_cli_conventions.py", "tests/test_cli_read.py", "tests/test_exit_codes.py", "tests/test_startup.py",
    "tests/test_read_text.py", "tests/test_read_formats.py", "tests/test_check_rules.py", "tests/test_draft.py",
    "tests/test_figures_workbook.py", "tests/test_office_output.py", "tests/test_summarize.py",
    "tests/test_compare.py", "tests/test_polish_local.py",
]
#: test tools: any recent version (they are not what is being tested)
TEST_TOOLS = ["pytest>=7", "hypothesis>=6", "jsonschema>=4", "reportlab>=4", "hatchling>=1.18"]


def minimum_pins(polish: bool) -> list[str]:
    """``name==X`` for every ``name>=X`` requirement (others as written)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    if polish:
        wanted += project["optional-dependencies"]["polish"]
    pins = []
    for req in wanted:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-\[\]]+)\s*>=\s*([^,;\s]+)\s*", req)
        name = m[1] if m else req
        if name.lower() == "torch":
            try:
                pins.append(f"torch=={importlib.metadata.version('torch')}")  # this machine's torch, not a download
            except importlib.metadata.PackageNotFoundError:
                pins.append(req)
            continue
        pins.append(f"{m[1]}=={m[2]}" if m else req)
    return pins


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.split("[")[0]).lower()


def _version(text: str) -> tuple:
    parts = [int(p) if p.isdigit() else p for p in text.split("+")[0].split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def run(cmd: list[str], **kwargs) -> int:
    print("$", " ".join(map(str, cmd)), flush=True)
    return subprocess.call(list(map(str, cmd)), **kwargs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, default=Path("/tmp/nianbao-lower-bounds"), help="where the venv goes")
    parser.add_argument("--polish", action="store_true", help="also the polish extra (transformers, tokenizers …)")
    parser.add_argument("--fresh", action="store_true", help="remove the venv first")
    parser.add_argument("pytest_args", nargs="*", help="instead of the quick tests")
    args = parser.parse_args()
    if args.fresh and args.venv.exists():
        shutil.rmtree(args.venv)
    if not (args.venv / "bin" / "python").exists():
        venv.create(args.venv, with_pip=True)
    python = args.venv / "bin" / "python"
    pins = minimum_pins(args.polish)
    print("minimum versions:", " ".join(pins), flush=True)
    status = run([python, "-m", "pip", "install", "--quiet", *pins, *TEST_TOOLS])
    if status:
        print("the minimum versions cannot be installed together: raise the bound pip complains about", flush=True)
        return status
    # what pip kept: a test tool may have upgraded a pinned package, which would hide a bound
    frozen = dict(line.split("==", 1) for line in subprocess.run(
        [python, "-m", "pip", "freeze"], capture_output=True, text=True).stdout.splitlines() if "==" in line)
    installed = {_key(name): _version(v) for name, v in frozen.items()}
    drifted = [p for p in pins if "==" in p
               and installed.get(_key(p.split("==")[0])) != _version(p.split("==")[1].split("+")[0])]
    if drifted:
        print("not installed at the minimum (upgraded by another requirement):", " ".join(drifted), flush=True)
        return 1
    # nianbao itself, without dependencies: the console script, the package metadata (the tests import src/)
    status = run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--force-reinstall",
                  ROOT])
    if status:
        return status
    tests = args.pytest_args or [t for t in QUICK_TESTS if args.polish or "polish" not in t]
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": f"{args.venv / 'bin'}:/usr/bin:/bin", "HOME": str(Path.home())}
    return run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
