"""``nianbao demo`` (the walk-through without make) and ``nianbao completion`` (shell completion)."""

from __future__ import annotations

from pathlib import Path

import typer

from . import app
from .options import Choice


class Shell(Choice):
    """The shells typer writes a completion script for (any case; pwsh is powershell's other name)."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
    pwsh = "pwsh"

    @classmethod
    def _missing_(cls, value):
        return cls.__members__.get(value.lower()) if isinstance(value, str) else None

    @classmethod
    def problem(cls, value: str) -> str:
        return f"只能是 {'、'.join(cls.values()[:4])}"


@app.command()
def completion(
    shell: Shell = typer.Argument(..., help="bash、zsh、fish 或 powershell", show_default=False),
):
    """输出命令补全脚本（按 Tab 补全命令、选项和文件名）。

    例：nianbao completion bash >> ~/.bashrc
        nianbao completion zsh >> ~/.zshrc
        nianbao completion powershell >> $PROFILE
    """
    from typer._completion_shared import get_completion_script

    script = get_completion_script(prog_name="nianbao", complete_var="_NIANBAO_COMPLETE", shell=shell.value)
    typer.echo(script)


@app.command()
def demo(
    out: Path = typer.Option(Path("nianbao-demo"), "--out", help="演示结果写入的文件夹（默认 ./nianbao-demo）"),
    force: bool = typer.Option(False, "--force", help="允许覆盖文件夹中已有的演示结果"),
):
    """演示：读出、检查一份年报，按其数字起草下一年度的报告并检查草稿（不需要 make，不联网）。

    例：python -m nianbao demo --out 演示
    """
    from .demo import run_demo

    raise typer.Exit(run_demo(out, force))
