"""``nianbao demo`` (the walk-through without make) and ``nianbao completion`` (shell completion)."""

from __future__ import annotations

from pathlib import Path

import typer

from . import app

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


@app.command()
def completion(
    shell: str = typer.Argument(..., help="bash、zsh、fish 或 powershell", show_default=False),
):
    """输出命令补全脚本（按 Tab 补全命令、选项和文件名）。

    例：nianbao completion bash >> ~/.bashrc
        nianbao completion zsh >> ~/.zshrc
        nianbao completion powershell >> $PROFILE
    """
    from typer._completion_shared import get_completion_script

    name = shell.lower()
    if name not in SHELLS:
        raise typer.BadParameter(f"只能是 {'、'.join(SHELLS[:4])}", param_hint="SHELL")
    script = get_completion_script(prog_name="nianbao", complete_var="_NIANBAO_COMPLETE", shell=name)
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
