"""Reading reports from files: format detection and the readers."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ReportReadError
from ..model import Report
from .decode import decode_bytes
from .text import read_text

#: file name endings the batch commands pick up from a folder
REPORT_SUFFIXES = (".txt", ".text", ".md", ".markdown")


def read_bytes(data: bytes, source: str) -> Report:
    """Read a report from raw bytes (format chosen by content)."""
    return read_text(decode_bytes(data, source), source)


def read_report(path: str | os.PathLike) -> Report:
    """Read one report file. Raises :class:`ReportReadError` with a Chinese message."""
    p = Path(path)
    if not p.exists():
        raise ReportReadError(p, "文件不存在", "请检查路径和文件名")
    if p.is_dir():
        raise ReportReadError(p, "这是一个文件夹，不是文件", "批量处理请直接把文件夹交给命令")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReportReadError(p, f"无法读取文件（{exc.strerror or exc}）", "请检查文件权限") from None
    return read_bytes(data, str(p))


__all__ = ["read_report", "read_bytes", "read_text", "REPORT_SUFFIXES"]
