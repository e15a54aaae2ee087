"""``--jobs N``: reading (and comparing) many reports in worker processes, results in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import NianbaoError


def default_jobs() -> int:
    return os.cpu_count() or 1


def jobs_option():
    import typer

    return typer.Option(0, "--jobs", "-j", min=0, show_default=False,
                        help="同时处理的进程数（默认：CPU 核数；1 = 不并行）；输出顺序不受影响")


def _read_one(path: Path):
    """(report, None) or (None, the Chinese message): exceptions with custom arguments do not pickle."""
    from ..read import read_report

    try:
        return read_report(path), None
    except NianbaoError as err:
        return None, str(err)


def ordered_map(func: Callable, items: list, jobs: int, advance: Callable[[], None] = lambda: None) -> Iterable:
    """``func`` over ``items`` in up to ``jobs`` processes (0 = CPU count), yielding results in input order."""
    jobs = jobs or default_jobs()
    if jobs <= 1 or len(items) < 2:
        for item in items:
            result = func(item)
            advance()
            yield result
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(items))
    chunk = max(1, min(16, len(items) // (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(func, items, chunksize=chunk):
            advance()
            yield result


def read_reports(paths: list[Path], jobs: int, advance: Callable[[], None] = lambda: None) -> list:
    """One (report | None, error message | None) per path, in order."""
    from ..read import ocr
    from .common import SETTINGS

    # one file: the pages of a scan are recognised in parallel, with a progress bar per page
    one = len(paths) == 1
    ocr.configure(jobs=(jobs or default_jobs()) if one else 1, progress=one and not SETTINGS["quiet"])
    return list(ordered_map(_read_one, paths, jobs, advance))


class ReadFailure(NianbaoError):
    """A report that a worker could not read (its message, as the reader said it)."""
