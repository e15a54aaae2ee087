"""PDF with a text layer → text lines for :func:`nianbao.read.text.read_text`.

Two ways, cheapest first. :func:`quick_pdf_text` takes each page's text as pypdfium2 (PDFium)
lays it out: tens of milliseconds for a report, and for a PDF printed from Word the text reader
gets exactly what it gets from pdfplumber. It gives up (None) on anything unusual — a page
without text, an unmapped glyph, a damaged or encrypted file — and :func:`nianbao.read.read_bytes`
also throws its reading away unless the report reads and checks without a single finding; then
:func:`pdf_text` reads the PDF again by its layout.

pdfplumber gives each page's text lines in reading order and the tables it can see from the
ruling lines. A detected table is written row by row (merged cells once, at their origin, as
for Word); the rest of the page as text lines, hard-wrapped as printed — the text reader
re-joins wrapped lines and drops page marks (“- 3 -”). A table pdfplumber cannot see (no ruling
lines) stays as number runs, which the text reader also reads.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import ReportReadError
from ..numbers import is_dash, parse_number

MAX_PAGES = 100  # annual reports have 5–40 pages
MAX_CHARS = 300_000  # characters on all pages together (a long report has about 30 000)
MAX_STREAM_BYTES = 64 * 1024 * 1024  # one decompressed PDF stream
#: line breaks in PDFium's page text
_PDFIUM_BREAKS = re.compile(r"\r\n|\r|\n")


class StreamTooLarge(Exception):
    """A compressed PDF stream that expands beyond :data:`MAX_STREAM_BYTES`."""


class _BoundedInflater:
    def __init__(self, obj):
        self._obj, self._total = obj, 0

    def decompress(self, data, max_length=0):
        out = self._obj.decompress(data, MAX_STREAM_BYTES + 1 - self._total)
        self._total += len(out)
        if self._total > MAX_STREAM_BYTES or self._obj.unconsumed_tail:
            raise StreamTooLarge()
        return out

    def flush(self, *args):
        return self._obj.flush(*args)


class _BoundedZlib:
    """What pdfminer sees as ``zlib``: the same calls, but no stream inflates beyond the bound."""

    import zlib as _zlib

    error = _zlib.error

    def decompress(self, data, *args):
        d = self._zlib.decompressobj()
        out = _BoundedInflater(d).decompress(data)
        if not d.eof:
            raise self._zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self, *args, **kwargs):
        return _BoundedInflater(self._zlib.decompressobj(*args, **kwargs))


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's salvage of a FlateDecode stream whose checksum is wrong (it inflates byte by
    byte, joining the output with ``+=``: quadratic, minutes for a big stream), in linear time and
    within :data:`MAX_STREAM_BYTES`. The same result: the whole output when the damage is in the
    last three bytes (the checksum), else zlib's error."""
    import zlib

    d, out, step = zlib.decompressobj(), bytearray(), 65536
    for i in range(0, len(data), step):
        saved = d.copy()
        try:
            out += d.decompress(data[i:i + step], MAX_STREAM_BYTES + 1 - len(out))
        except zlib.error:
            d = saved  # find the byte the damage starts at
            for j in range(i, min(i + step, len(data))):
                try:
                    out += d.decompress(data[j:j + 1], MAX_STREAM_BYTES + 1 - len(out))
                except zlib.error:
                    if j < len(data) - 3:
                        raise
                    return bytes(out)
                if len(out) > MAX_STREAM_BYTES or d.unconsumed_tail:
                    raise StreamTooLarge() from None
        if len(out) > MAX_STREAM_BYTES or d.unconsumed_tail:
            raise StreamTooLarge()
    return bytes(out)


def _bound_pdfminer() -> None:
    import pdfminer.pdftypes

    if not isinstance(pdfminer.pdftypes.zlib, _BoundedZlib):
        pdfminer.pdftypes.zlib = _BoundedZlib()
        _decompress_corrupted.replaced = pdfminer.pdftypes.decompress_corrupted
        pdfminer.pdftypes.decompress_corrupted = _decompress_corrupted


_STREAM_START_RE = re.compile(rb"stream\r?\n")
#: deflate's greatest expansion is 1032 to 1 (zlib's FAQ); kept with a margin, as is the slack
_MAX_INFLATE_RATIO = 1100
_INFLATE_SLACK = 1 << 16
_INFLATE_STEP = 1 << 14  # compressed bytes fed to zlib at a time


def inflates_too_much(data: bytes) -> bool:
    """Whether a stream of the PDF inflates beyond :data:`MAX_STREAM_BYTES` (checked in 1 MB steps,
    never holding more than that): such a file must not reach PDFium, which would inflate it all."""
    pos = 0
    while True:
        m = _STREAM_START_RE.search(data, pos)
        if m is None:
            return False
        end = data.find(b"endstream", m.end())
        if end < 0:
            return False
        if _stream_inflates_too_much(memoryview(data)[m.end():end]):
            return True
        pos = end + len(b"endstream")


def _stream_inflates_too_much(body: memoryview) -> bool:
    """Whether one stream's deflate data inflates beyond :data:`MAX_STREAM_BYTES`. Inflated only as
    far as needed: once the compressed bytes left could not reach the bound even at deflate's
    greatest expansion, the rest is not inflated (a stream too short to reach it is not inflated at all)."""
    import zlib

    d, total, fed, pending = None, 0, 0, b""
    while True:
        left = len(pending) + len(body) - fed
        if left == 0 or total + left * _MAX_INFLATE_RATIO + _INFLATE_SLACK <= MAX_STREAM_BYTES:
            return False
        if not pending:
            pending = body[fed:fed + _INFLATE_STEP]
            fed += len(pending)
        if d is None:
            d = zlib.decompressobj()
        try:
            total += len(d.decompress(pending, 1 << 20))
        except zlib.error:
            return False  # not deflated, or damaged: PDFium and pdfminer judge it
        if total > MAX_STREAM_BYTES:
            return True
        if d.eof:
            return False
        pending = d.unconsumed_tail


def _declared_pages(pdf) -> int | None:
    """The page count the document's catalog declares (read without walking the page tree)."""
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    except Exception:  # noqa: BLE001 — a damaged catalog: the page walk reports it
        return None
    return count if isinstance(count, int) else None


def _too_large(exc: BaseException) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, StreamTooLarge) or any(isinstance(a, StreamTooLarge) for a in getattr(exc, "args", ())):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False
#: at most this share of “(cid:N)” glyphs: more means the fonts carry no Unicode mapping
MAX_CID_SHARE = 0.2


@dataclass
class PdfText:
    text: str
    line_pages: list[int] = field(default_factory=list)  # 1-based page of each line
    pages_without_text: list[int] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # pages read by text recognition
    page_count: int = 0


def _split_numbers(cell: str) -> list[str]:
    """A cell holding numbers side by side (a ruling line missing between two columns) → one
    cell per number, as the number-run reader would take them. Numbers one above the other are
    a long number wrapped in a narrow cell, joined by :func:`~nianbao.read.grid.cell_text`."""
    pieces = cell.split()
    if "\n" not in cell and len(pieces) > 1 and all(parse_number(p) is not None or is_dash(p) for p in pieces):
        return pieces
    return [cell]


def _table_rows(table) -> list[list[str]]:
    """Rows of a detected table, covered cells (None) left out."""
    return [[piece for cell in row if cell is not None for piece in _split_numbers(cell or "")] for row in table.extract()]


def _page_lines(page) -> list[str]:
    from .grid import is_layout_table, row_line

    tables = []
    for table in page.find_tables():
        rows = _table_rows(table)
        if rows and not is_layout_table(rows):
            tables.append((table.bbox, rows))
    text_page = page
    for bbox, _ in tables:
        text_page = text_page.outside_bbox(bbox, strict=False)
    items: list[tuple[float, int, list[str]]] = []
    for ln in text_page.extract_text_lines(return_chars=False):
        items.append((ln["top"], 1, [ln["text"]]))
    for bbox, rows in tables:
        items.append((bbox[1], 0, [""] + [row_line(r) for r in rows] + [""]))
    items.sort(key=lambda it: (it[0], it[1]))
    return [line for _, _, lines in items for line in lines]


def _plain(text: str) -> bool:
    """No control, private-use or replacement characters: every glyph mapped to a character."""
    for ch in set(text):
        if ch in "\r\n\t":
            continue
        if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn"):
            return False
    return True


_PDFIUM = None


def _pdfium():
    """PDFium, initialised once per process: the few calls this module makes, declared with ctypes
    on the library pypdfium2 ships (its generated bindings declare every PDFium function: ~15 ms to
    import, and pypdfium2's helper layer ~10 ms more), or pypdfium2's raw bindings where that
    library is not at its usual place. Initialising again after pypdfium2 has done so (or before it
    does) is a no-op in PDFium."""
    global _PDFIUM
    if _PDFIUM is None:
        lib = _pdfium_library()
        if lib is None:
            import pypdfium2_raw as lib
        lib.FPDF_InitLibraryWithConfig(lib.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=None, m_pIsolate=None,
                                                               m_v8EmbedderSlot=0))
        _PDFIUM = lib
    return _PDFIUM


def _pdfium_library():
    """The functions of pypdfium2's own PDFium library, or None where it is not found."""
    import ctypes
    import importlib.util
    import sys
    from pathlib import Path
    from types import SimpleNamespace

    try:
        spec = importlib.util.find_spec("pypdfium2_raw")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    if sys.platform.startswith(("win32", "cygwin", "msys")):
        name = "pdfium.dll"
    elif sys.platform.startswith(("darwin", "ios")):
        name = "libpdfium.dylib"
    else:
        name = "libpdfium.so"
    path = Path(next(iter(spec.submodule_search_locations))) / name
    if not path.is_file():
        return None
    try:
        dll = ctypes.CDLL(str(path))
    except OSError:
        return None

    class Config(ctypes.Structure):  # FPDF_LIBRARY_CONFIG as far as version 2 reads it
        _fields_ = [("version", ctypes.c_int), ("m_pUserFontPaths", ctypes.c_void_p), ("m_pIsolate", ctypes.c_void_p),
                    ("m_v8EmbedderSlot", ctypes.c_uint)]

    handle, c_int = ctypes.c_void_p, ctypes.c_int
    signatures = {  # name: (argument types, result type), as in fpdfview.h and fpdf_text.h
        "FPDF_InitLibraryWithConfig": ((ctypes.POINTER(Config),), None),
        "FPDF_LoadMemDocument64": ((ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p), handle),
        "FPDF_GetPageCount": ((handle,), c_int),
        "FPDF_LoadPage": ((handle, c_int), handle),
        "FPDF_ClosePage": ((handle,), None),
        "FPDF_CloseDocument": ((handle,), None),
        "FPDFText_LoadPage": ((handle,), handle),
        "FPDFText_ClosePage": ((handle,), None),
        "FPDFText_CountChars": ((handle,), c_int),
        "FPDFText_GetTextIndexFromCharIndex": ((handle, c_int), c_int),
        "FPDFText_GetText": ((handle, c_int, c_int, ctypes.POINTER(ctypes.c_ushort)), c_int),
    }
    lib = SimpleNamespace(FPDF_LIBRARY_CONFIG=Config)
    try:
        for fname, (argtypes, restype) in signatures.items():
            func = getattr(dll, fname)
            func.argtypes, func.restype = argtypes, restype
            setattr(lib, fname, func)
    except AttributeError:  # a library without one of them
        return None
    return lib


def _page_text(raw, textpage, n_chars: int) -> str:
    """The text of a text page, as pypdfium2's ``PdfTextPage.get_text_range()`` gives it
    (leading and trailing characters without text left out: crbug.com/pdfium/2079)."""
    import codecs
    import ctypes

    c_start, c_end = 0, n_chars - 1
    while c_start <= c_end:
        t_start = raw.FPDFText_GetTextIndexFromCharIndex(textpage, c_start)
        if t_start == -1:
            c_start += 1
            continue
        t_end = raw.FPDFText_GetTextIndexFromCharIndex(textpage, c_end)
        if t_end == -1:
            c_end -= 1
            continue
        break
    else:
        return ""
    in_count = t_end + 2 - t_start  # including the NUL terminator
    buffer = (ctypes.c_ushort * in_count)()
    out_count = raw.FPDFText_GetText(textpage, c_start, c_end + 1 - c_start, buffer)
    if out_count > in_count:
        raise ValueError("PDFium wrote past the buffer")
    return codecs.utf_16_le_decode(memoryview(buffer)[:out_count - 1], "ignore", True)[0]


def quick_pdf_text(data: bytes) -> PdfText | None:
    """The PDF's text as PDFium lays it out, or None where only :func:`pdf_text` may judge it
    (damaged, encrypted, too many pages, a page without text, an unmapped glyph)."""
    try:
        raw = _pdfium()
    except ImportError:  # pragma: no cover — pdfplumber depends on pypdfium2
        return None
    if inflates_too_much(data):
        return None  # pdf_text refuses it, inflating no more than the bound
    out = PdfText("")
    lines: list[str] = []
    chars = 0
    doc = raw.FPDF_LoadMemDocument64(data, len(data), None)
    if not doc:
        return None  # damaged, encrypted: pdf_text words the message
    try:
        out.page_count = raw.FPDF_GetPageCount(doc)
        if not 0 < out.page_count <= MAX_PAGES:
            return None
        for number in range(1, out.page_count + 1):
            page = raw.FPDF_LoadPage(doc, number - 1)
            if not page:
                return None
            textpage = raw.FPDFText_LoadPage(page)
            try:
                if not textpage:
                    return None
                n_chars = raw.FPDFText_CountChars(textpage)
                if n_chars <= 0:
                    return None
                text = _page_text(raw, textpage, n_chars)
            finally:
                if textpage:
                    raw.FPDFText_ClosePage(textpage)
                raw.FPDF_ClosePage(page)
            if not text.strip() or not _plain(text):
                return None
            chars += len(text)
            if chars > MAX_CHARS:
                return None  # pdf_text refuses it with a message
            page_lines = _PDFIUM_BREAKS.split(text)
            lines.extend(page_lines)
            out.line_pages.extend([number] * len(page_lines))
    except Exception:  # noqa: BLE001
        return None
    finally:
        raw.FPDF_CloseDocument(doc)
    out.text = "\n".join(lines)
    return out


def pdf_text(data: bytes, source) -> PdfText:
    """The text of a PDF's pages; refuses a PDF without a text layer (a scan) clearly."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    _bound_pdfminer()
    out = PdfText("")
    lines: list[str] = []
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            declared = _declared_pages(pdf)
            if declared is not None and declared > MAX_PAGES:
                raise ReportReadError(source, f"PDF 有 {declared} 页，不像一份年度报告（最多读取 {MAX_PAGES} 页）", "请确认选对了文件")
            out.page_count = len(pdf.pages)
            if out.page_count > MAX_PAGES:
                raise ReportReadError(source, f"PDF 有 {out.page_count} 页，不像一份年度报告（最多读取 {MAX_PAGES} 页）", "请确认选对了文件")
            for number, page in enumerate(pdf.pages, 1):
                if not page.chars:
                    out.pages_without_text.append(number)
                    continue
                chars += len(page.chars)
                if chars > MAX_CHARS:
                    raise ReportReadError(source, f"PDF 的文字超过 {MAX_CHARS} 字（到第 {number} 页），不像一份年度报告",
                                          "请确认选对了文件")
                page_lines = _page_lines(page)
                lines.extend(page_lines)
                out.line_pages.extend([number] * len(page_lines))
                page.flush_cache()
    except ReportReadError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReportReadError(source, "PDF 已加密（需要密码才能打开）", "请用 PDF 阅读器输入密码后另存为不加密的 PDF，或使用报告的网页、Word 版本") from None
    except Exception as exc:  # noqa: BLE001 — pdfminer raises many kinds of errors on damaged files
        if _too_large(exc):
            raise ReportReadError(source, f"PDF 中有数据流解压后超过 {MAX_STREAM_BYTES // 1024 // 1024} MB，不像一份年度报告",
                                  "请确认选对了文件，或在 PDF 阅读器中另存一份再试") from None
        name = type(exc).__name__
        # pdfplumber wraps pdfminer's errors (PdfminerException(PDFPasswordIncorrect()))
        causes = [exc, *exc.args[:1], exc.__cause__, exc.__context__]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) or type(c).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError")
               for c in causes if c is not None):
            raise ReportReadError(source, "PDF 已加密（需要密码才能打开），无法读取其中的文字",
                                  "请用 PDF 阅读器输入密码后另存为不加密的 PDF，或使用报告的网页、Word 版本") from None
        raise ReportReadError(source, f"PDF 文件已损坏或不完整，无法读取（{name}）",
                              "请重新下载，或在 PDF 阅读器中打开后另存一份再试") from None
    if out.pages_without_text:  # scanned pages: text recognition, when the ocr extra is installed
        from .ocr import read_scanned_pages

        lines = read_scanned_pages(data, source, out, lines)
    text = "\n".join(lines)
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        if out.page_count == 0:
            raise ReportReadError(source, "PDF 文件没有任何页面", "请重新下载或确认选对了文件")
        raise ReportReadError(
            source, "这个 PDF 没有文字层（是扫描件或图片），读取需要文字识别（OCR）",
            '请安装文字识别扩展（pip install "nianbao[ocr]"）后再读取；或使用报告的网页版、Word 版或带文字的 PDF',
        )
    if text.count("(cid:") * 6 > MAX_CID_SHARE * len(visible):
        raise ReportReadError(
            source, "这个 PDF 的文字层无法识别（字体缺少编码对应表，取出的是乱码）",
            "请使用报告的网页版或 Word 版，或在 PDF 阅读器中复制全文保存为 .txt 后再读取",
        )
    out.text = text
    return out


__all__ = ["pdf_text", "quick_pdf_text", "PdfText"]
