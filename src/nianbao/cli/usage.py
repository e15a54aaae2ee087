"""Command-line conventions: Chinese one-line usage errors, global flags anywhere, readable help.

click's messages are English; each usage error is turned into one Simplified-Chinese line that
names the option and says what to do. Help is click's plain layout, wrapped by display width
(a Chinese character takes two columns) so that nothing is cut at 80 columns, with metavars that
say what to give (FILE, DIR, N…) instead of internal type names.
"""

from __future__ import annotations

import re

try:  # typer ≥ 0.24 carries its own copy of click
    from typer import _click as click
    from typer._click import exceptions as click_errors
    from typer.exceptions import Abort as abort_error  # noqa: F401  (re-exported for cli/__init__)
except ImportError:  # pragma: no cover
    import click
    from click import exceptions as click_errors
    from click.exceptions import Abort as abort_error  # noqa: F401

from ..textutil import display_width

#: flags valid before or after the subcommand: flag → (setting, value)
GLOBAL_FLAGS = {
    "--traceback": ("traceback", True),
    "--quiet": ("quiet", True),
    "-q": ("quiet", True),
    "--no-color": ("no_color", True),
    "--no-colour": ("no_color", True),
}

#: metavar by parameter name (what the user gives), for help and messages
METAVARS = {
    "files": "FILES", "file": "FILE", "figures": "FIGURES", "prior": "FILE", "output": "FILE", "fmt": "FORMAT",
    "level": "LEVEL", "year": "YEAR", "agency": "NAME", "templates": "DIR", "model": "DIR", "endpoint": "URL",
    "model_name": "NAME", "device": "DEVICE", "prompt": "NAME|DIR", "polish_report": "FILE", "report": "FILE",
    "pair_by": "agency", "top": "N", "batch_size": "N", "jobs": "N", "shell": "SHELL", "notes": "FILE",
}


def split_global_flags(args: list[str]) -> tuple[list[str], dict]:
    """(the other arguments, {setting: value}) — the global flags taken out wherever they stand."""
    rest: list[str] = []
    found: dict = {}
    for i, arg in enumerate(args):
        if arg == "--":
            rest += args[i:]
            break
        if arg in GLOBAL_FLAGS:
            key, value = GLOBAL_FLAGS[arg]
            found[key] = value
        else:
            rest.append(arg)
    return rest, found


def set_metavars(command: click.Command) -> None:
    """Give every option that takes a value a metavar saying what to give, recursively."""
    for param in command.params:
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        name = param.name or ""
        descriptor = getattr(param, "type_descriptor", None)
        if name == "prior" and command.name == "check":
            param.metavar = "FILE|DIR"
        elif name in METAVARS:
            param.metavar = METAVARS[name]
        elif _is_argument(param):
            param.metavar = name.upper()
        elif getattr(descriptor, "annotation", None) is int:
            param.metavar = "N"
        else:
            param.metavar = "VALUE"
        if _is_argument(param):  # "FILES..." in the usage line and the list, without the type
            shown = param.metavar + ("..." if param.nargs != 1 else "")
            param._usage_display_name = lambda shown=shown, required=param.required: shown if required else f"[{shown}]"
            param._rich_display_name = lambda shown=shown: shown
            param.display_type_rich = lambda ctx=None: None
    for sub in getattr(command, "commands", {}).values():
        set_metavars(sub)


# --- usage errors in Chinese ------------------------------------------------------------------------


def _is_argument(param) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _names(param) -> str:
    if param is None:
        return ""
    if _is_argument(param):
        return param.metavar or (param.name or "").upper()
    return " / ".join(param.opts)


def _value_problem(message: str) -> str:
    """click's own validation messages, in Chinese (ours are Chinese already)."""
    patterns = (
        (r"^'?(.*?)'? is not a valid integer( range)?\.?$", lambda m: f"“{m[1]}”不是整数"),
        (r"^Input should be a valid integer.*$", lambda m: "应为整数"),
        (r"^Input should be a valid number.*$", lambda m: "应为数字"),
        (r"^Input should be greater than or equal to (\S+).*$", lambda m: f"应不小于 {m[1]}"),
        (r"^Input should be less than or equal to (\S+).*$", lambda m: f"应不大于 {m[1]}"),
        (r"^'?(.*?)'? is not a valid float( range)?\.?$", lambda m: f"“{m[1]}”不是数字"),
        (r"^(.*) is not in the range (.*)\.$", lambda m: f"{m[1]} 不在允许的范围内（{m[2]}）"),
        (r"^'(.*)' is not one of (.*)\.$", lambda m: f"“{m[1]}”不是可选值（可选：{m[2]}）"),
        (r"^'(.*)' is not (.*)\.$", lambda m: f"“{m[1]}”不是可选值（{m[2]}）"),
        (r"^(?:File|Path|Directory) '(.*)' does not exist\.$", lambda m: f"{m[1]} 不存在，请检查路径"),
        (r"^(?:File|Path|Directory) '(.*)' is a directory\.$", lambda m: f"{m[1]} 是一个文件夹，请给出文件"),
        (r"^(?:File|Path|Directory) '(.*)' is a file\.$", lambda m: f"{m[1]} 是一个文件，请给出文件夹"),
        (r"^'(.*)' is not a valid boolean\.$", lambda m: f"“{m[1]}”不是 true 或 false"),
    )
    for pattern, make in patterns:
        m = re.match(pattern, message.strip(), flags=re.S)
        if m:
            return make(m)
    return message


def _help_hint(err: click.UsageError, commands: tuple = (), args: tuple = ()) -> str:
    ctx = err.ctx
    if ctx is not None:
        path = ctx.command_path
    else:  # errors of the option parser carry no context: the subcommand is the first known word
        path = "nianbao" + next((f" {a}" for a in args if a in commands), "")
    return f"（用 {path} --help 查看用法）"


def usage_message(err: click.UsageError, commands: tuple = (), args: tuple = ()) -> str:
    """One Chinese line for a click usage error (without the leading “错误：”)."""
    hint = _help_hint(err, tuple(commands), tuple(args))
    if isinstance(err, click_errors.NoSuchOption):
        near = f"；是否想用 {'、'.join(err.possibilities)}？" if err.possibilities else ""
        return f"没有 {err.option_name} 这个选项{near}{hint}"
    if isinstance(err, getattr(click_errors, "NoSuchCommand", ())):
        commands = sorted(getattr(err.ctx.command, "commands", {})) if err.ctx is not None else []
        near = f"是否想用 {'、'.join(err.possibilities)}？" if err.possibilities else f"可用的命令：{'、'.join(commands)}"
        return f"没有 {err.command_name} 这个命令；{near}"
    if isinstance(err, click_errors.MissingParameter):
        param = err.param
        what = "参数" if _is_argument(param) else "选项"
        name = _names(param) or (err.param_hint or "")
        help_text = f"（{param.help}）" if getattr(param, "help", None) else ""
        return f"缺少{what} {name}{help_text}{hint}"
    if isinstance(err, click_errors.BadParameter):
        hint_name = err.param_hint if isinstance(err.param_hint, str) else (
            " / ".join(err.param_hint) if err.param_hint else _names(err.param))
        return f"{hint_name} 的值不对：{_value_problem(err.message)}{hint}"
    message = err.message
    m = re.match(r"^Option '(.+)' requires (?:an argument|(\d+) arguments)\.$", message)
    if m:
        return f"选项 {m[1]} 后面要跟{'一个值' if not m[2] else m[2] + ' 个值'}{hint}"
    m = re.match(r"^Option '(.+)' does not take a value\.$", message)
    if m:
        return f"选项 {m[1]} 不带值{hint}"
    m = re.match(r"^Got unexpected extra arguments? \((.*)\)$", message)
    if m:
        return f"多余的参数：{m[1]}{hint}"
    m = re.match(r"^No such command '(.+?)'\.(?: Did you mean '(.+?)'\?)?", message)
    if m:
        commands = sorted(getattr(err.ctx.command, "commands", {})) if err.ctx is not None else []
        near = f"是否想用 {m[2]}？" if m[2] else f"可用的命令：{'、'.join(commands)}"
        return f"没有 {m[1]} 这个命令；{near}"
    if message.startswith("Missing command"):
        return f"缺少命令{hint}"
    return f"{message}{hint}"


# --- help wrapped by display width ------------------------------------------------------------------


def cell_width(text: str) -> int:
    """Terminal columns (a Chinese character takes two)."""
    return display_width(text)


_TOKEN_RE = re.compile(r"\[默认：[^\]\s]*\]\s*|[A-Za-z0-9_./:@%+\-=<>\[\]{}|'\"*~#^$]+[,;:!?)）]?\s*|\s+|[（《“‘「【]*.[，。；：、）」》”’！？]*\s*", re.S)


def wrap_width(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` display columns: Chinese breaks between characters, Latin between words;
    closing punctuation stays on the line before."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line, used = "", 0
        for token in _TOKEN_RE.findall(para):
            w = cell_width(token.rstrip())
            if used and used + w > width:
                lines.append(line.rstrip())
                token = token.lstrip()
                line, used = "", 0
            line += token
            used += cell_width(token)
        lines.append(line.rstrip())
    return lines


HEADINGS = {"Options": "选项", "Arguments": "参数", "Commands": "命令", "Positional arguments": "参数"}
HELP_TEXTS = {"Show this message and exit.": "显示本帮助后退出"}


def _chinese_help(text: str) -> str:
    text = HELP_TEXTS.get(text, text)
    return text.replace("[default: ", "[默认：").replace("[required]", "[必填]")


def _wrap_words(line: str, width: int) -> list[str]:
    """An example command wrapped between its words, continuation lines indented under the command."""
    spaces = len(line) - len(line.lstrip())
    lead = spaces if spaces else cell_width("例：")
    words = line.lstrip().split(" ")
    out, current = [], " " * spaces
    for word in words:
        candidate = f"{current} {word}" if current.strip() else current + word
        if current.strip() and cell_width(candidate) > width:
            out.append(current)
            current = " " * (lead + 2) + word
        else:
            current = candidate
    out.append(current)
    return out


def _join_lines(text: str) -> str:
    """Lines of one paragraph joined (the docstring's line breaks are not the screen's); an indented line
    (an example) stays on its own."""
    out: list[str] = []
    for line in text.splitlines():
        if out and out[-1].strip() and line.strip() and not line[:1].isspace():
            prev = out[-1]
            wide = cell_width(prev[-1:]) == 2 or cell_width(line[:1]) == 2
            out[-1] = prev.rstrip() + ("" if wide else " ") + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


class WideHelpFormatter(click.HelpFormatter):
    """click's formatter measuring Chinese characters as two columns and wrapping instead of cutting."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None):
        import shutil

        if width is None:
            width = max(min(shutil.get_terminal_size((80, 24)).columns, max_width or 100) - 2, 50)
        super().__init__(indent_increment=indent_increment, width=width, max_width=max_width)

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 20)
        for source in _join_lines(text).splitlines() or [""]:
            if source.startswith("例：") or source[:1].isspace():  # a command line: break between words only
                lines = _wrap_words(source, width)
            else:
                lines = wrap_width(source, width)
            for line in lines:
                self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((cell_width(r[0]) for r in rows), default=0), col_max) + col_spacing
        for term, help_text in rows:
            help_text = _chinese_help(help_text or "")
            self.write(" " * self.current_indent + term)
            if not help_text:
                self.write("\n")
                continue
            pad = first - cell_width(term)
            if pad < col_spacing:  # a long term: help on the next line
                self.write("\n" + " " * (self.current_indent + first))
            else:
                self.write(" " * pad)
            lines = wrap_width(help_text, max(self.width - first - self.current_indent, 20))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (self.current_indent + first) + line + "\n")


class HelpContext(click.Context):
    formatter_class = WideHelpFormatter
