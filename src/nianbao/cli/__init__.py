"""The ``nianbao`` command line: thin wiring over the library; errors become messages here."""

from __future__ import annotations

import os
import sys

import typer

from .. import __version__
from ..errors import ExitStatus, NianbaoError

app = typer.Typer(
    name="nianbao",
    help="nianbao（年报）：起草与审核政府信息公开工作年度报告。\n\n"
    "Draft and review Chinese government information disclosure annual reports.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool):
    if value:
        typer.echo(f"nianbao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号后退出"),
    traceback: bool = typer.Option(False, "--traceback", help="出现内部错误时显示完整的调用栈（供维护者排查）"),
):
    """nianbao（年报）：起草与审核政府信息公开工作年度报告。"""
    if traceback:
        os.environ["NIANBAO_DEBUG"] = "1"


from . import read_cmds  # noqa: E402,F401  (registers extract, check)
from . import draft_cmds  # noqa: E402,F401  (registers init, draft, summarize)
from . import polish_cmd  # noqa: E402,F401  (registers polish)
from . import compare_cmd  # noqa: E402,F401  (registers compare)


def main() -> None:
    """Console entry point: user errors → one Chinese line + exit code; never a traceback."""
    try:
        app()
    except NianbaoError as err:
        sys.stderr.write(f"错误：{err}\n")
        sys.exit(int(err.exit_status))
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        sys.exit(130)
    except Exception as err:  # the one place unexpected errors are turned into a message
        if os.environ.get("NIANBAO_DEBUG"):
            raise
        sys.stderr.write(
            f"内部错误：{type(err).__name__}: {err}\n请加 --traceback（或设置环境变量 NIANBAO_DEBUG=1）重新运行，并把输出反馈给维护者。\n"
        )
        sys.exit(int(ExitStatus.INTERNAL))
