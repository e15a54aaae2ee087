"""The README is checked, not hand-kept: its commands parse, its pasted outputs are what the commands print,
and its code map names every module."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SRC = ROOT / "src" / "nianbao"


def fenced_blocks(text: str = README) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)


def _logical_lines(block: str) -> list[str]:
    """Lines with shell continuations (a trailing backslash) joined."""
    out: list[str] = []
    for line in block.splitlines():
        if out and out[-1].endswith("\\"):
            out[-1] = out[-1][:-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out


def _command_words(line: str) -> list[str] | None:
    """The arguments of a ``nianbao …`` (or ``python -m nianbao …``) line, without comment, redirection or pipe."""
    text = line.strip()
    text = text[2:] if text.startswith("$ ") else text
    m = re.match(r"(?:nianbao|python -m nianbao|\S*/?python -m nianbao)(?:\s+|$)(.*)", text)
    if not m:
        return None
    rest = re.split(r"\s+#\s|\s[>|]", " " + m[1])[0]
    return shlex.split(rest)


def readme_commands() -> list[list[str]]:
    found = []
    for block in fenced_blocks():
        for line in _logical_lines(block):
            words = _command_words(line)
            if words is not None:
                found.append(words)
    return found


def test_the_readme_shows_commands():
    commands = readme_commands()
    assert len(commands) >= 20
    assert {c[0] for c in commands if c} >= {"extract", "check", "init", "draft", "summarize", "compare", "polish", "demo"}


@pytest.mark.parametrize("words", readme_commands(), ids=lambda w: " ".join(w)[:60])
def test_every_readme_command_parses(words):
    """Each command exists and takes the options and values shown (the arguments are parsed, nothing runs)."""
    from nianbao.cli import command
    from nianbao.cli.usage import split_global_flags

    args, _ = split_global_flags(words)
    root = command()
    if not args or args[0].startswith("-"):
        assert set(args) <= {"--help", "-h", "--version"}, args
        return
    assert args[0] in root.commands, f"README: no command {args[0]}"
    if "--help" in args or "-h" in args:
        return
    root.commands[args[0]].make_context(args[0], list(args[1:]))  # raises a UsageError on a wrong option or value


def test_quick_start_is_what_make_demo_and_demo_do():
    quick = README.split("## 快速开始", 1)[1].split("\n## ", 1)[0]
    assert "make demo" in quick and "make test" in quick and "python -m nianbao demo" in quick
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo_rule = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "-m nianbao demo" in demo_rule  # and tests/test_offline_install.py runs the demo from the wheel


# --- pasted outputs ------------------------------------------------------------------------------------------


def pasted_examples() -> list[tuple[str, list[str]]]:
    """(command line, the output pasted under it) for every ``$ nianbao …`` in a fenced block."""
    examples = []
    for block in fenced_blocks():
        current = None
        for line in _logical_lines(block):
            if line.startswith("$ "):
                current = (line[2:], [])
                examples.append(current)
            elif current is not None:
                current[1].append(line)
    return [(cmd, out) for cmd, out in examples if _command_words(cmd) is not None]


def _layout(tmp: Path) -> None:
    """The repository's examples and test fixtures under ``tmp`` (read-only links), outputs going to ``tmp``."""
    (tmp / "examples" / "out").mkdir(parents=True)
    for name in ("madian-2024", "madian-2025"):
        (tmp / "examples" / name).symlink_to(ROOT / "examples" / name)
    (tmp / "tests").mkdir()
    (tmp / "tests" / "fixtures").symlink_to(ROOT / "tests" / "fixtures")


def _inputs_exist(words: list[str], where: Path) -> bool:
    """Whether every file the command reads is there (an example about the reader's own files is not run)."""
    skip_next = False
    for word in words[1:]:
        if skip_next:
            skip_next = False
            continue
        if word in ("-o", "--output", "-f", "--format", "--top", "--endpoint", "--model-name", "--level", "--agency"):
            skip_next = True
            continue
        if word.startswith("-"):
            continue
        if not (where / word).exists():
            return False
    return True


def _pattern(line: str) -> re.Pattern:
    """A pasted line, where … (or ……) stands for text left out."""
    parts = re.split(r"…+", line.rstrip())
    return re.compile(".*".join(re.escape(p) for p in parts) + r"\s*")


def assert_pasted_output_is_real(pasted: list[str], out: str, err: str) -> None:
    """Every pasted line (… = text left out; a line of … = lines left out) is printed, stdout's in order."""
    out_lines, err_lines = out.splitlines(), err.splitlines()
    at = 0
    for line in pasted:
        if not line.strip() or not line.strip().strip("…"):
            continue
        pattern = _pattern(line)
        hit = next((i for i in range(at, len(out_lines)) if pattern.fullmatch(out_lines[i])), None)
        if hit is not None:
            at = hit + 1
            continue
        assert any(pattern.fullmatch(e) for e in err_lines), f"README shows a line the command does not print:\n{line}\n---\n{out}{err}"


RUNNABLE = [(cmd, out) for cmd, out in pasted_examples()
            if _inputs_exist(_command_words(cmd), ROOT) or "examples/out/" in cmd]


def test_the_pasted_examples_that_run_here():
    commands = [cmd.split()[1] for cmd, _ in RUNNABLE]
    assert {"extract", "check", "draft", "summarize", "compare"} <= set(commands), commands


@pytest.mark.parametrize("example", RUNNABLE, ids=lambda e: e[0][:60])
def test_pasted_output_is_what_the_command_prints(example, cli, tmp_path, monkeypatch):
    cmd, pasted = example
    _layout(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    if "examples/out/madian-2025-draft.docx" in cmd:  # what `make demo` leaves there
        r = cli("draft", "examples/madian-2025/figures.yaml", "--prior", "examples/madian-2024/report.txt",
                "--notes", "examples/madian-2025/notes.md", "-o", "examples/out/madian-2025-draft.docx")
        assert r.code == 0, r.err
    r = cli(*_command_words(cmd))
    expected = 1 if any(line.startswith(("  错误 ", "错误：")) for line in pasted) else 0
    assert r.code == expected, (cmd, r.err)
    assert_pasted_output_is_real(pasted, r.out, r.err)


def test_the_output_check_catches_a_changed_line():
    pasted = ["a.txt  某局 2024年", "  共 0 个错误，1 个警告"]
    assert_pasted_output_is_real(pasted, "a.txt  某局 2024年\n  共 0 个错误，1 个警告\n", "")
    with pytest.raises(AssertionError):
        assert_pasted_output_is_real(pasted, "a.txt  某局 2024年\n  共 0 个错误，2 个警告\n", "")
    assert_pasted_output_is_real(["  表三 …=1432", "…"], "  表三 自然人 1409+21+2=1432\nmore\n", "")


# --- the code map --------------------------------------------------------------------------------------------


def code_map() -> dict[str, str]:
    """First cell (a module or a package folder) → the rest of its row."""
    section = README.split("<!-- code-map -->", 1)[1].split("<!-- /code-map -->", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            for name in re.findall(r"`([^`]+)`", cells[0]):
                rows[name] = cells[1]
    return rows


def test_code_map_lists_every_module_and_no_other():
    rows = code_map()
    missing, stale = [], []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if "__pycache__" in rel.parts:
            continue
        if len(rel.parts) == 1:
            if rel.name not in rows:
                missing.append(str(rel))
        else:
            package = rel.parts[0] + "/"
            if package not in rows or f"`{rel.name}`" not in rows[package] and rel.name != "__init__.py":
                missing.append(str(rel))
    for name, text in rows.items():
        if not (SRC / name).exists():
            stale.append(name)
        if name.endswith("/"):
            for module in re.findall(r"`([^`/]+\.(?:py|txt|json|yaml))`", text):
                if not (SRC / name / module).exists():
                    stale.append(name + module)
    for folder in (p for p in SRC.iterdir() if p.is_dir() and p.name != "__pycache__"):
        if f"{folder.name}/" not in rows:
            missing.append(folder.name + "/")
    assert not missing, f"README 代码结构 does not list: {missing} (add a line or a name to its table)"
    assert not stale, f"README 代码结构 lists what does not exist: {stale}"


def readme_rule_ids() -> set[str]:
    """Rule ids named in the first column of README's rule table (“a.x / y” names a.x and a.y; “read.*”
    stands for every read rule)."""
    ids: set[str] = set()
    for line in README.splitlines():
        m = re.match(r"\|\s*([a-z0-9_]+\.[a-z0-9_*]+(?:\s*/\s*[a-z0-9_.*]+)*)\s*\|", line)
        if not m:
            continue
        names = [n.strip() for n in m.group(1).split("/")]
        prefix = names[0].split(".")[0]
        ids |= {n if "." in n else f"{prefix}.{n}" for n in names}
    return ids


def test_rule_table_names_every_rule():
    from nianbao.check import RULES

    named = readme_rule_ids()
    missing = [r for r in RULES if r not in named and not (r.startswith("read.") and "read.*" in named)]
    assert not missing, f"README's rule table does not name: {missing}"
    stale = sorted(n for n in named if "*" not in n and n not in RULES)
    assert not stale, f"README's rule table names rules that do not exist: {stale}"
