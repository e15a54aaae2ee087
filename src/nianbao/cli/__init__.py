"""The ``nianbao`` command line: thin wiring over the library; errors become messages here."""

from __future__ import annotations

import os
import sys

import typer

from .. import LongLived, __version__
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
    traceback: bool = typer.Option(False, "--traceback", help="出现内部错误时显示完整的调用栈（供维护者排查；可放在命令之后）"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只输出结果和错误，不显示进度和提示（可放在命令之后）"),
    no_color: bool = typer.Option(False, "--no-color", help="不使用颜色（可放在命令之后；也可设置环境变量 NO_COLOR）"),
):
    """nianbao（年报）：起草与审核政府信息公开工作年度报告。"""
    # the flags are taken out of the arguments by main() wherever they stand; see usage.GLOBAL_FLAGS


#: the module that registers each command, in the order of the help's command list; a run imports only the
#: module of the command it invokes (the top-level help, completion and anything unknown import them all)
COMMAND_MODULES = {
    "extract": "read_cmds", "check": "read_cmds",
    "init": "draft_cmds", "draft": "draft_cmds", "summarize": "draft_cmds",
    "polish": "polish_cmd",
    "compare": "compare_cmd",
    "demo": "extra_cmds", "completion": "extra_cmds",
}


def _register(name: str | None = None) -> None:
    """Import the module registering command ``name`` (every command module when ``name`` is not one)."""
    from importlib import import_module

    wanted = [COMMAND_MODULES[name]] if name in COMMAND_MODULES else list(dict.fromkeys(COMMAND_MODULES.values()))
    for module in wanted:
        import_module(f"{__name__}.{module}")
    if len(wanted) > 1:  # the help lists the commands in registration order: keep it the order above
        rank = {m: i for i, m in enumerate(dict.fromkeys(COMMAND_MODULES.values()))}
        app.registered_commands.sort(key=lambda c: rank[c.callback.__module__.rsplit(".", 1)[1]])


_COMMAND = None
_BUILT_WITH = 0


def command(name: str | None = None):
    """The click command tree with readable metavars and help wrapped by display width.

    Only the module of command ``name`` is imported (all of them without a name); the tree is built again
    when a later call registered more commands."""
    global _COMMAND, _BUILT_WITH
    with LongLived():  # the command's modules and tree live as long as the process
        _register(name)
        if _COMMAND is None or _BUILT_WITH != len(app.registered_commands):
            from .fast_params import install
            from .usage import HelpContext, set_metavars

            built = typer.main.get_command(app)
            set_metavars(built)
            install(built)
            stack = [built]
            while stack:
                cmd = stack.pop()
                cmd.context_class = HelpContext
                stack += list(getattr(cmd, "commands", {}).values())
            _COMMAND, _BUILT_WITH = built, len(app.registered_commands)
    return _COMMAND


def _debug() -> bool:
    from .common import SETTINGS

    return bool(os.environ.get("NIANBAO_DEBUG") or SETTINGS["traceback"])


def main(args: list[str] | None = None) -> None:
    """Console entry point: user errors → one Chinese line + exit code; never a traceback."""
    from .usage import abort_error, click_errors

    from .common import configure
    from .console_encoding import make_streams_safe
    from .usage import split_global_flags, usage_message

    make_streams_safe()
    args, flags = split_global_flags(list(sys.argv[1:] if args is None else args))
    configure(**flags)
    if os.environ.get("_NIANBAO_COMPLETE"):  # a shell asking for completions (see `nianbao completion`)
        from typer._completion_classes import completion_init

        completion_init()

    import signal
    import threading

    def terminated(signum, frame):  # killed: unwind, so that half-written temporary files are removed
        raise SystemExit(128 + signum)

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, terminated)
    try:
        invoked = args[0] if args and not os.environ.get("_NIANBAO_COMPLETE") else None
        rv = command(invoked).main(args=args, prog_name="nianbao", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as err:
        sys.stdout.write(err.ctx.get_help() + "\n")
        sys.exit(0)
    except click_errors.UsageError as err:
        sys.stderr.write(f"错误：{usage_message(err, tuple(getattr(command(), 'commands', {})), tuple(args))}\n")
        sys.exit(int(ExitStatus.UNREADABLE))
    except abort_error:
        sys.stderr.write("已中断\n")
        sys.exit(130)
    except NianbaoError as err:
        sys.stderr.write(f"错误：{err}\n")
        sys.exit(int(err.exit_status))
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        sys.exit(130)
    except BrokenPipeError:  # output piped into head & co.
        sys.exit(0)
    except Exception as err:  # the one place unexpected errors are turned into a message
        if _debug():
            raise
        sys.stderr.write(
            f"内部错误：{type(err).__name__}: {err}\n请加 --traceback（或设置环境变量 NIANBAO_DEBUG=1）重新运行，并把输出反馈给维护者。\n"
        )
        sys.exit(int(ExitStatus.INTERNAL))
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    sys.exit(rv if isinstance(rv, int) else 0)
