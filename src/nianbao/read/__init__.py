"""Reading reports from files: format detection and the readers."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ReportReadError
from ..model import Report
from .convert import annotate, convert, note_blank_tables
from .text import read_text

MAX_FILE_BYTES = 64 * 1024 * 1024

#: file name endings of plain text and Markdown reports
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
#: file name endings the batch commands pick up from a folder
REPORT_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".html", ".htm", ".shtml", ".mht", ".mhtml", ".pdf")


def read_bytes(data: bytes, source: str) -> Report:
    """Read a report from raw bytes: Word (.docx), PDF with a text layer, a saved web page
    (.html/.mht), Markdown or plain text — the format chosen by content, not by the name."""
    conv = convert(data, str(source))
    report = _read(conv, str(source))
    if conv.quick and not _settled(report):
        report = _read(convert(data, str(source), layout=True), str(source))
    return report


def _read(conv, source: str) -> Report:
    report = read_text(conv.text, source)
    note_blank_tables(report)
    annotate(report, conv)
    return report


def _settled(report: Report) -> bool:
    """A report read from PDFium's text stands only if it reads and checks without any finding:
    PDFium may leave out a glyph (seen: one-character table cells in some generated PDFs), and
    anything the reader or the checks notice is read again from the PDF's layout instead."""
    if report.findings or report.unread_cells:
        return False
    from ..check import check_report

    return not check_report(report)


def file_bytes(path: str | os.PathLike, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else (missing, a folder, a
    pipe or device that would block or never end, too large) raises :class:`ReportReadError`."""
    import stat

    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ReportReadError(p, "文件不存在", "请检查路径和文件名") from None
    except OSError as exc:
        raise ReportReadError(p, f"无法读取文件（{exc.strerror or exc}）", "请检查文件权限") from None
    if stat.S_ISDIR(st.st_mode):
        raise ReportReadError(p, "这是一个文件夹，不是文件", "批量处理请直接把文件夹交给命令")
    if not stat.S_ISREG(st.st_mode):
        raise ReportReadError(p, "这不是普通文件（是管道、设备或套接字），不能读取", "请给出保存在磁盘上的报告文件")
    if st.st_size > limit:
        raise ReportReadError(p, f"文件太大（{st.st_size // 1024 // 1024} MB）", "年度报告通常不超过 20 MB，请确认选对了文件")
    try:
        with open(p, "rb") as fh:
            data = fh.read(st.st_size + 1)  # (not the limit at once: read(n) sets aside n bytes first)
            if len(data) > st.st_size:  # grown since stat, or a size the system does not tell: on to the limit
                data += fh.read(limit + 1 - len(data))
    except OSError as exc:
        raise ReportReadError(p, f"无法读取文件（{exc.strerror or exc}）", "请检查文件权限") from None
    if len(data) > limit:  # grew since stat
        raise ReportReadError(p, f"文件太大（超过 {limit // 1024 // 1024} MB）", "年度报告通常不超过 20 MB，请确认选对了文件")
    return data


def read_report(path: str | os.PathLike) -> Report:
    """Read one report file. Raises :class:`ReportReadError` with a Chinese message."""
    return read_bytes(file_bytes(path), str(path))


__all__ = ["read_report", "read_bytes", "file_bytes", "read_text", "REPORT_SUFFIXES"]
