"""``--jobs``: which batches get worker processes, and results in input order either way."""

from __future__ import annotations

import concurrent.futures
import os

import pytest

from nianbao.cli import parallel
from nianbao.cli.parallel import _small_text_batch, ordered_map


class _NoPool:
    def __init__(self, *args, **kwargs):
        raise AssertionError("no worker pool expected")


def _texts(folder, n: int, size: int = 100) -> list:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"r{i}.txt"
        path.write_text("政" * size, encoding="utf-8")
        paths.append(path)
    return paths


def test_a_small_batch_of_text_reports_is_read_here_unless_jobs_are_given(tmp_path, monkeypatch):
    paths = _texts(tmp_path / "a", 4)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _NoPool)
    assert list(ordered_map(os.fspath, paths, 0)) == [os.fspath(p) for p in paths]
    with pytest.raises(AssertionError, match="no worker pool"):
        list(ordered_map(os.fspath, paths, 2))  # --jobs 2: as asked


def test_which_batches_count_as_small_text(tmp_path, monkeypatch):
    paths = _texts(tmp_path / "a", 3, size=1000)  # 3,000 bytes each
    assert _small_text_batch(paths)
    assert not _small_text_batch(paths + [tmp_path / "a" / "x.pdf"])  # a PDF takes far longer to read
    assert not _small_text_batch(paths + [tmp_path / "a" / "missing.txt"])
    assert not _small_text_batch([("a", "b")])  # not paths (compare's pairs)
    monkeypatch.setattr(parallel, "SERIAL_TEXT_BYTES", 8_000)
    assert _small_text_batch(paths[:2]) and not _small_text_batch(paths)


def test_a_pool_gives_results_in_input_order(tmp_path):
    items = list(range(23))
    assert list(ordered_map(str, items, 3)) == [str(i) for i in items]
    advanced = []
    assert list(ordered_map(str, items[:2], 2, lambda: advanced.append(1))) == ["0", "1"] and len(advanced) == 2
