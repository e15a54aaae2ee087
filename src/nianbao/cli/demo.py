"""The demo walk-through (``nianbao demo``; ``make demo`` does the same): no make, no network, no model."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from ..errors import NianbaoError


def examples_root() -> Path:
    """The bundled examples: packaged ``nianbao/examples`` (a wheel) else the source tree's ``examples/``."""
    packaged = resources.files("nianbao").joinpath("examples")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "examples"


def _steps(ex: Path, out: Path) -> list[tuple[str, list[str], bool]]:
    """(what it shows, arguments, whether a non-zero exit is expected)."""
    prior = str(ex / "madian-2024" / "report.txt")
    figures = str(ex / "madian-2025" / "figures.yaml")
    notes = str(ex / "madian-2025" / "notes.md")
    drafts = [str(out / f"madian-2025-draft.{fmt}") for fmt in ("md", "txt", "docx", "html")]
    steps = [
        ("读出 2024 年报告的表格和正文", ["extract", prior, "-o", str(out / "madian-2024.json")], False),
        ("检查 2024 年报告", ["check", prior], True),
        ("按上年报告生成 2025 年的数字文件（YAML 与 Excel）和工作记录文件", ["init", "--prior", prior, "-o", str(out / "madian-2025-init.yaml")], False),
        ("", ["init", "--prior", prior, "-o", str(out / "madian-2025-init.xlsx")], False),
    ]
    for i, path in enumerate(drafts):
        steps.append(("按 2025 年数字和工作记录起草报告（md、txt、docx、html）" if i == 0 else "",
                      ["draft", figures, "--prior", prior, "--notes", notes, "-o", path], False))
    bare = str(out / "madian-2025-draft-without-notes.md")
    steps.append(("不给工作记录时：草稿留有【待核实…】【沿用上年，请核实：…】标记，定稿关（check）逐处报错",
                  ["draft", figures, "--prior", prior, "-o", bare], False))
    steps.append(("", ["check", bare, "--prior", prior], True))
    steps.append(("检查草稿（含跨年度衔接），结果另存为 Excel", [
        "check", *drafts, "--prior", prior], False))
    steps.append(("", ["check", *drafts, "--prior", prior, "-o", str(out / "检查结果.xlsx")], False))
    steps.append(("给领导的摘要", ["summarize", drafts[2], "--prior", prior], False))
    return steps


def run_demo(out: Path, force: bool) -> int:
    """Run every step; 0 when each ended as expected."""
    from . import command

    ex = examples_root()
    if not (ex / "madian-2024" / "report.txt").is_file():
        raise NianbaoError(f"{ex}：找不到演示用的示例文件（安装包不完整？）")
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for title, args, may_fail in _steps(ex, out):
        if title:
            sys.stdout.write(f"\n== {title}\n")
        if force and "-o" in args:
            args = [*args, "--force"]
        sys.stdout.write("$ nianbao " + " ".join(args) + "\n")
        sys.stdout.flush()
        try:
            code = command().main(args=args, prog_name="nianbao", standalone_mode=False)
        except NianbaoError as err:
            sys.stderr.write(f"错误：{err}\n")
            code = int(err.exit_status)
        code = code if isinstance(code, int) else 0
        if code != 0 and not (may_fail and code == 1):
            failed += 1
    sys.stdout.write(f"\n演示结果在 {out}{'' if not failed else f'；有 {failed} 步没有成功'}\n")
    return 1 if failed else 0
