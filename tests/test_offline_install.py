"""The project wheel is self-contained: built offline, installed with --no-index, it runs the demo.

The full wheelhouse round trip (dependencies and build back-end included) needs the network once
to fill the wheelhouse; it is ``benchmarks/offline_install.sh``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The project wheel, built offline (no build isolation, no index) with hatchling."""
    pytest.importorskip("hatchling")  # the build back-end (in the test extra)
    wheels = tmp_path_factory.mktemp("wheels")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", str(wheels), str(ROOT)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    (built,) = wheels.glob("nianbao-*.whl")
    return built


def _files(folder):
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def test_wheel_holds_code_prompts_data_schema_examples_and_license(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    src = ROOT / "src" / "nianbao"
    expected = {f"nianbao/{name}" for name in _files(src)}  # every module, data/*, schema/*
    expected |= {f"nianbao/prompts/{name}" for name in _files(ROOT / "prompts")}
    for example in ("madian-2024", "madian-2025"):
        expected |= {f"nianbao/examples/{example}/{name}" for name in _files(ROOT / "examples" / example)}
    assert {"nianbao/data/userdict.txt", "nianbao/schema/figures.schema.json", "nianbao/prompts/draft/title.j2",
            "nianbao/examples/madian-2025/notes.md", "nianbao/cli/__init__.py"} <= expected  # the walk found them
    assert not expected - names, sorted(expected - names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith(".dist-info/LICENSE") for n in names)
    stray = [n for n in names if n.startswith(("tests/", "nianbao/tests/", "nianbao/examples/out/"))
             or "__pycache__" in n]
    assert not stray, stray
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Requires-Dist: typer>=" in metadata and "Provides-Extra: polish" in metadata


def test_wheel_built_offline_installs_with_no_index_and_runs_the_demo(wheel, tmp_path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("nianbao/examples/madian-2024/report.txt", "nianbao/examples/madian-2025/figures.yaml",
                   "nianbao/prompts/polish/default/system.j2", "nianbao/schema/figures.schema.json"):
        assert needed in names, needed
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import nianbao; print(nianbao.__file__)"], env=env, cwd=tmp_path,
                           capture_output=True, text=True)
    assert where.stdout.startswith(str(target)), where.stdout  # the installed wheel, not the source tree
    demo = subprocess.run([sys.executable, "-m", "nianbao", "demo", "--out", "演示"], env=env, cwd=tmp_path,
                          capture_output=True, text=True)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    out = tmp_path / "演示"
    for name in ("madian-2025-draft.docx", "madian-2025-init.xlsx", "检查结果.xlsx", "madian-2024.json"):
        assert (out / name).stat().st_size > 0, name
    assert "共 0 个错误" in demo.stdout  # the drafts pass check against last year's report
