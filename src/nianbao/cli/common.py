"""Helpers shared by the commands: inputs (files and folders), progress, output."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

from ..errors import NianbaoError, ReportReadError
from ..io import write_atomic


#: global flags of this run (set by main() from --quiet/-q, --no-color, --traceback wherever they stand)
SETTINGS = {"quiet": False, "no_color": False, "traceback": False}


def configure(quiet: bool = False, no_color: bool = False, traceback: bool = False) -> None:
    SETTINGS.update(quiet=quiet, no_color=no_color, traceback=traceback)


def _no_color() -> bool:
    return SETTINGS["no_color"] or bool(os.environ.get("NO_COLOR"))


def err_console():
    """Notes and progress on stderr (silent with --quiet)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, quiet=SETTINGS["quiet"], no_color=_no_color())


class LazyErrConsole:
    """:func:`err_console`, made when first used: a command that has nothing to say on stderr
    does not import rich's console (about 20 ms)."""

    _console = None

    def __getattr__(self, name: str):
        if self._console is None:
            self._console = err_console()
        return getattr(self._console, name)


def out_console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, no_color=_no_color())


def plain_stdout() -> bool:
    """stdout is not a terminal and nothing tells rich otherwise: rich would print text there as it is."""
    env = os.environ
    if env.get("TTY_COMPATIBLE") or env.get("FORCE_COLOR") or "ipykernel" in sys.modules or "idlelib" in sys.modules:
        return False  # rich's own rules decide
    try:
        return not sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def report_suffixes() -> tuple[str, ...]:
    from ..read import REPORT_SUFFIXES

    return REPORT_SUFFIXES


#: old binary office formats found in a folder: listed as skipped, with the save-as advice
LEGACY_SUFFIXES = (".doc", ".wps", ".et", ".xls")
SAVE_AS_ADVICE = "请用 Word 或 WPS 打开后“另存为”.docx（Word 文档）再处理"


def _is_binary_office(path: Path) -> bool:
    """An OLE compound file (real .doc/.wps); a .doc saved by Word as a web page is read as HTML."""
    try:
        with open(path, "rb") as fh:
            return fh.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    except OSError:
        return False


def expand_inputs(paths: list[Path]) -> tuple[list[Path], list[NianbaoError]]:
    """Files as given; folders → the report files inside them (recursively), sorted.

    Old binary documents (.doc, .wps) in a folder are named on stderr as skipped, with the advice."""
    files: list[Path] = []
    problems: list[NianbaoError] = []
    suffixes = report_suffixes()
    for p in paths:
        if p.is_dir():
            unreadable: list[OSError] = []
            every = []
            for folder, dirs, names in os.walk(p, onerror=unreadable.append):
                dirs.sort()
                for name in names:
                    f = Path(folder) / name
                    if not name.startswith((".", "~$")) and f.is_file():
                        every.append(f)
            every.sort()
            for err in unreadable:  # a sub-folder without permission is said, not skipped in silence
                problems.append(ReportReadError(err.filename or p, f"无法打开这个文件夹（{err.strerror or err}），其中的报告没有读取",
                                                "请检查文件夹权限"))
            legacy = [f for f in every if f.suffix.lower() in LEGACY_SUFFIXES[:2] and _is_binary_office(f)]
            found = [f for f in every if (f.suffix.lower() in suffixes
                                          or (f.suffix.lower() in LEGACY_SUFFIXES[:2] and f not in legacy))]
            if legacy:
                shown = "、".join(str(f) for f in legacy[:10]) + (f" 等 {len(legacy)} 个" if len(legacy) > 10 else "")
                sys.stderr.write(f"注意：已跳过 {len(legacy)} 个 .doc/.wps 文件（旧格式，无法读取）：{shown}。{SAVE_AS_ADVICE}\n")
            if not found and not unreadable:
                problems.append(ReportReadError(p, "文件夹里没有可读取的报告文件", f"支持的文件类型：{'、'.join(suffixes)}"))
            files.extend(found)
        else:
            files.append(p)
    return files, problems


@contextmanager
def progress_bar(total: int, description: str):
    """A rich progress bar on stderr when it is a terminal and there is more than one item."""
    if total <= 1 or SETTINGS["quiet"] or not sys.stderr.isatty():
        yield lambda n=1: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console(),
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)


SUFFIX_FORMATS = {
    ".txt": "txt", ".text": "txt", ".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml",
    ".html": "html", ".htm": "html", ".md": "md", ".docx": "docx",
}


def output_format(fmt, output: Path | None, allowed: tuple[str, ...], default: str) -> str:
    """The output format: ``--format`` (a :class:`~.options.FormatChoice` member), else the extension of ``-o``,
    else ``default``; ``allowed``: the formats this use of the command writes."""
    import typer

    if fmt is not None:
        kind = fmt.value
        if kind not in allowed:  # compare: a format of the other mode (one pair, or two folders)
            raise typer.BadParameter(f"“{kind}”不是可选的格式；可选：{'、'.join(allowed)}", param_hint="--format")
        return kind
    if output is None or not output.suffix:
        return default
    kind = SUFFIX_FORMATS.get(output.suffix.lower())
    if kind not in allowed:
        endings = "、".join(sorted({s for s, k in SUFFIX_FORMATS.items() if k in allowed}))
        raise typer.BadParameter(f"无法从文件名“{output.name}”判断输出格式；请用 {endings} 结尾，或用 --format 指定",
                                 param_hint="--output")
    return kind


def emit(text: str | bytes, output: Path | None, force: bool) -> None:
    """Print to stdout, or write atomically to ``output`` (bytes only to a file)."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    else:
        if isinstance(text, str) and not text.endswith("\n"):
            text += "\n"
        write_atomic(output, text, force=force)
        err_console().print(f"已写入 {output}")


def warn_unreadable(err: NianbaoError) -> None:
    sys.stderr.write(f"错误：{err}\n")
