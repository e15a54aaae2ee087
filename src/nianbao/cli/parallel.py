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
                        help="同时处理的进程数（默认：CPU 核数，少量文本报告不并行；1 = 不并行）；输出顺序不受影响")


def _read_one(path: Path):
    """(report, None) or (None, the Chinese message): exceptions with custom arguments do not pickle."""
    from ..read import read_report

    try:
        return read_report(path), None
    except NianbaoError as err:
        return None, str(err)


#: text reports (by their names) of less than this many bytes in all are read in this process when no
#: --jobs is given: a text report takes a millisecond or two, and a pool of worker processes costs more
#: to start (its modules, a fork, each worker's first report) than it saves on so few
SERIAL_TEXT_BYTES = 1024 * 1024


def _small_text_batch(items: list) -> bool:
    """Are ``items`` paths of text reports, small in all (see :data:`SERIAL_TEXT_BYTES`)?"""
    from ..read import TEXT_SUFFIXES

    total = 0
    for item in items:
        if not isinstance(item, Path) or item.suffix.lower() not in TEXT_SUFFIXES:
            return False
        try:
            total += item.stat().st_size
        except OSError:
            return False  # (the reader says what is wrong with it, wherever it runs)
        if total >= SERIAL_TEXT_BYTES:
            return False
    return True


def ordered_map(func: Callable, items: list, jobs: int, advance: Callable[[], None] = lambda: None) -> Iterable:
    """``func`` over ``items`` in up to ``jobs`` processes (0 = CPU count, or this process alone for a
    small batch of text reports), yielding results in input order."""
    if not jobs and len(items) > 1 and _small_text_batch(items):
        jobs = 1
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
