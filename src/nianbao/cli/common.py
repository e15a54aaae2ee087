"""Helpers shared by the commands: inputs (files and folders), progress, output."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

from ..errors import NianbaoError, ReportReadError
from ..io import write_atomic


def err_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def out_console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def report_suffixes() -> tuple[str, ...]:
    from ..read import REPORT_SUFFIXES

    return REPORT_SUFFIXES


def expand_inputs(paths: list[Path]) -> tuple[list[Path], list[NianbaoError]]:
    """Files as given; folders → the report files inside them (recursively), sorted."""
    files: list[Path] = []
    problems: list[NianbaoError] = []
    suffixes = report_suffixes()
    for p in paths:
        if p.is_dir():
            unreadable: list[OSError] = []
            found = []
            for folder, dirs, names in os.walk(p, onerror=unreadable.append):
                dirs.sort()
                for name in names:
                    f = Path(folder) / name
                    if f.suffix.lower() in suffixes and not name.startswith(".") and f.is_file():
                        found.append(f)
            found.sort()
            for err in unreadable:  # a sub-folder without permission is said, not skipped in silence
                problems.append(ReportReadError(err.filename or p, f"无法打开这个文件夹（{err.strerror or err}），其中的报告没有读取",
                                                "请检查文件夹权限"))
            if not found and not unreadable:
                problems.append(ReportReadError(p, "文件夹里没有可读取的报告文件", f"支持的文件类型：{'、'.join(suffixes)}"))
            files.extend(found)
        else:
            files.append(p)
    return files, problems


@contextmanager
def progress_bar(total: int, description: str):
    """A rich progress bar on stderr when it is a terminal and there is more than one item."""
    if total <= 1 or not sys.stderr.isatty():
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


def emit(text: str, output: Path | None, force: bool) -> None:
    """Print to stdout, or write atomically to ``output``."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    else:
        write_atomic(output, text if text.endswith("\n") else text + "\n", force=force)
        err_console().print(f"已写入 {output}")


def warn_unreadable(err: NianbaoError) -> None:
    sys.stderr.write(f"错误：{err}\n")
