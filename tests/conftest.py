"""Shared test helpers: fixture paths and running the real CLI entry point in-process."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "madian-2024" / "report.txt"
EXAMPLE_FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"

#: Hypothesis profiles, chosen with $HYPOTHESIS_PROFILE: "quick" (the default; `make test`) and "thorough"
#: (`make test-full`). Every property runs under both, the same strategies; quick draws a fifth of the examples.
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
settings.register_profile("thorough", max_examples=100)
settings.register_profile("quick", max_examples=20)
settings.load_profile(PROFILE)


def examples(thorough: int) -> int:
    """How many examples a property draws: ``thorough`` in the thorough profile, a fifth (at least 3) in quick."""
    return thorough if PROFILE == "thorough" else max(3, thorough // 5)


def suqian_2025_inputs():
    """(figures, prior) for a 宿迁 2025 draft: the example's 2025 figures under 宿迁's name, with 上年结转
    taken from the real 2024 report (the difference moved into 予以公开 so the tables balance)."""
    from nianbao.figures import load_figures
    from nianbao.read import read_report

    prior = read_report(FIXTURES / "suqian_2024.txt")
    inp = load_figures(EXAMPLE_FIGURES)
    inp.obj["agency"] = "宿迁市人民政府"
    apps = inp.obj["applications"]
    for col, value in prior.figures["applications"]["carried_forward"].items():
        apps["carried_over"][col] = value
        apps["results_total"][col] += value
        apps["disclosed"][col] += value
    return inp, prior


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory):
    """Caches (jieba's dictionary) go to a temporary folder, never the user's ~/.cache."""
    import os

    old = os.environ.get("NIANBAO_CACHE_DIR")
    os.environ["NIANBAO_CACHE_DIR"] = str(tmp_path_factory.getbasetemp() / "nianbao-cache")
    yield
    if old is None:
        del os.environ["NIANBAO_CACHE_DIR"]
    else:
        os.environ["NIANBAO_CACHE_DIR"] = old


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``nianbao ARGS…`` through :func:`nianbao.cli.main` (the real error boundary)."""
    from nianbao.cli import main

    def run(*args) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["nianbao", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def fixture_path():
    return lambda name: FIXTURES / name
