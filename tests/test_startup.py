"""Start-up stays light: the commands reviewers run most import no heavy library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import EXAMPLE

HEAVY = ("jieba", "docx", "transformers", "torch", "pdfplumber", "pdfminer", "lxml", "jinja2", "tokenizers", "numpy", "openpyxl")

def loaded_modules(args: list[str]) -> set[str]:
    """Top-level packages a run of ``nianbao ARGS`` imported."""
    return {m.split(".")[0] for m in loaded_full_names(args)}


@pytest.mark.parametrize("args", [["--help"], ["check", str(EXAMPLE)], ["extract", str(EXAMPLE)], ["check", "--help"]])
def test_no_heavy_imports(args):
    heavy = loaded_modules(args) & set(HEAVY)
    assert not heavy, f"`nianbao {' '.join(args)}` imported {sorted(heavy)}"


def loaded_full_names(args: list[str]) -> set[str]:
    code = (
        "import json, sys\n"
        f"sys.argv = ['nianbao', *{args!r}]\n"
        "from nianbao.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nLOADED=' + json.dumps(sorted(sys.modules)))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return set(json.loads(r.stderr.rsplit("LOADED=", 1)[1]))


def test_check_builds_only_its_own_command():
    """A cold `check` to a pipe: no pydantic (parameters are plain), no rich (plain text), no other command's module."""
    loaded = loaded_full_names(["check", str(EXAMPLE)])
    assert not {m.split(".")[0] for m in loaded} & {"pydantic", "pydantic_core", "rich"}
    commands = {m for m in loaded if m.startswith("nianbao.cli.") and m.endswith(("_cmd", "_cmds"))}
    assert commands == {"nianbao.cli.read_cmds"}


def test_format_choice_needs_no_pydantic():
    """--format is an Enum: converted (any case, aliases) without typer's pydantic coercion."""
    loaded = loaded_full_names(["check", str(EXAMPLE), "--format", "TEXT"])
    assert not {m.split(".")[0] for m in loaded} & {"pydantic", "pydantic_core"}


def test_help_still_lists_every_command(cli):
    """After a run that built only `check`, the top-level help lists every command, in the usual order."""
    from nianbao.cli import COMMAND_MODULES

    cli("check", EXAMPLE)
    r = cli("--help")
    assert r.code == 0
    listed = [line.split()[0] for line in r.out.split("命令：", 1)[1].splitlines() if line[:3].strip() and line.startswith("  ")]
    assert sorted(listed) == sorted(COMMAND_MODULES)
    fresh = subprocess.run([sys.executable, "-m", "nianbao", "--help"], capture_output=True, text=True)
    assert r.out == fresh.stdout


def test_the_collector_is_held_off_only_while_the_command_line_loads():
    """Start-up loads with the cyclic collector off, then leaves it as it was for the command's work
    (a batch of thousands of reports, or a model, must be collected as usual)."""
    import gc
    import tomllib
    from importlib import import_module
    from pathlib import Path

    from nianbao.cli import command

    target = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["nianbao"]
    module, _, name = target.partition(":")
    assert callable(getattr(import_module(module), name))
    try:
        assert gc.isenabled()
        command("check")
        assert gc.isenabled()
        gc.disable()
        command("compare")
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
        gc.unfreeze()
