"""Which reader a file needs, decided by its content (magic bytes, markup), not its name."""

from __future__ import annotations

import codecs
import io
from pathlib import PurePath

from ..errors import ReportReadError

#: the kinds :func:`sniff` returns
KINDS = ("docx", "pdf", "html", "mhtml", "text", "image")

_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<title", b"<!--",
                b"<div", b"<table", b"<p>", b"<p ", b"<style", b"<script", b"<link", b"<center", b"<font", b"<span")
_HTML_MARKERS = (b"<html", b"<body", b"<head")


def _head_ascii(data: bytes, size: int = 4096) -> bytes:
    """The first bytes lower-cased, with a BOM and a UTF-16 encoding folded to ASCII bytes."""
    head = data[:size]
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):]
            head = head[: len(head) // 2 * 2].decode(enc, "replace").encode("ascii", "replace")
            break
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return head.lower()


def is_html(data: bytes) -> bool:
    """Markup at the start of the file (a saved web page, Word's “网页” export, a fragment)."""
    head = _head_ascii(data).lstrip()
    if not head.startswith(b"<"):
        return False
    if head.startswith(b"<?xml") and not any(m in head for m in _HTML_MARKERS):
        return False  # some other XML (e.g. Word 2003 XML) is not a web page
    return head.startswith(_HTML_STARTS) or any(m in head for m in _HTML_MARKERS)


def is_mhtml(data: bytes) -> bool:
    """A single-file web archive (.mht/.mhtml, “网页，单个文件”)."""
    return _mhtml_head(_head_ascii(data, 2048))


def _mhtml_head(head: bytes) -> bool:
    """:func:`is_mhtml` of the file's first 2 KB as :func:`_head_ascii` gives them."""
    return b"mime-version:" in head and b"multipart/related" in head


def _zip_kind(data: bytes, source) -> str:
    import zipfile  # only for a file that starts like a zip archive

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, ValueError, EOFError):
        raise ReportReadError(
            source, "文件已损坏或不完整（压缩包无法打开）",
            "如果这是 Word 文档（.docx），请重新下载，或用 Word/WPS 打开后重新保存为 .docx 再试",
        ) from None
    if "word/document.xml" in names or any(n.endswith("/document.xml") and n.startswith("word") for n in names):
        return "docx"
    if "content.xml" in names and "mimetype" in names:
        raise ReportReadError(source, "这是 OpenDocument 文档（.odt 等），nianbao 不直接读取",
                              "请用 WPS/Word/LibreOffice 打开后另存为 .docx 再试")
    if "xl/workbook.xml" in names:
        raise ReportReadError(source, "这是 Excel 表格（.xlsx），不是年度报告全文", "请使用报告的 Word、PDF 或网页版本")
    if "ppt/presentation.xml" in names:
        raise ReportReadError(source, "这是 PowerPoint 演示文稿，不是年度报告全文", "请使用报告的 Word、PDF 或网页版本")
    raise ReportReadError(source, "这是一个压缩包（.zip），不是单个报告文件", "请先解压，再读取其中的报告文件")


def _suffix(source) -> str:
    """The file name's ending, lower-cased (asked only where the content leaves a doubt)."""
    return PurePath(str(source)).suffix.lower()


def sniff(data: bytes, source) -> str:
    """The reader for ``data``: one of :data:`KINDS`; refuses formats nianbao cannot read.

    The file name only words the messages: a .pdf that is really a web page is read as HTML,
    a .doc that Word saved as a web page (common on government portals) is read as HTML.
    """
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, source)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or data.startswith(b"\xd0\xcf\x11\xe0"):
        suffix = _suffix(source)
        kind = "WPS 文档（.wps）" if suffix == ".wps" else "旧版 Word 文档（.doc）" if suffix != ".xls" else "旧版 Excel 表格（.xls）"
        raise ReportReadError(source, f"这是{kind}，nianbao 不直接读取这种旧格式",
                              "请用 Word 或 WPS 打开，另存为 .docx（Word 文档）后再试")
    start = data[:1024].lstrip()  # (the whole file stripped only when its first KB is blank)
    if (start if len(start) >= 4 or len(data) <= 1024 else data.lstrip()).startswith(b"%PDF") or (b"%PDF-" in data[:1024] and _suffix(source) == ".pdf"):
        return "pdf"  # (junk before the header is tolerated by PDF viewers, and here)
    if data.startswith(b"{\\rtf"):
        raise ReportReadError(source, "这是 RTF 文档，nianbao 不直接读取", "请用 Word 或 WPS 打开，另存为 .docx 后再试")
    for magic, name in ((b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"),
                        (b"II*\x00", "TIFF 图片"), (b"MM\x00*", "TIFF 图片"), (b"BM", "BMP 图片")):
        if data.startswith(magic) and (magic != b"BM" or _suffix(source) == ".bmp"):
            from .ocr import require

            require(source, f"这是{name}")  # a page image: read by text recognition (the ocr extra)
            return "image"
    head = _head_ascii(data, 2048)
    if head.lstrip().startswith(b"<?xml") and (b"word.document" in head or b"<w:worddocument" in head or b"<pkg:package" in head):
        raise ReportReadError(source, "这是 Word 2003 XML 格式的文档，nianbao 不直接读取",
                              "请用 Word 或 WPS 打开，另存为 .docx（Word 文档）后再试")
    if _mhtml_head(head):
        return "mhtml"
    # (the first 2 KB begin the first 4 KB that is_html reads: markup must start them, unless blank)
    start = head.lstrip()
    if (not start or start.startswith(b"<")) and is_html(data):
        return "html"
    return "text"


__all__ = ["sniff", "is_html", "is_mhtml", "KINDS"]
