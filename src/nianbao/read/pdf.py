"""PDF with a text layer → text lines for :func:`nianbao.read.text.read_text`.

pdfplumber gives each page's text lines in reading order and the tables it can see from the
ruling lines. A detected table is written row by row (merged cells once, at their origin, as
for Word); the rest of the page as text lines, hard-wrapped as printed — the text reader
re-joins wrapped lines and drops page marks (“- 3 -”). A table pdfplumber cannot see (no ruling
lines) stays as number runs, which the text reader also reads.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from ..errors import ReportReadError
from ..numbers import is_dash, parse_number
from .grid import is_layout_table, row_line

MAX_PAGES = 500
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


def pdf_text(data: bytes, source) -> PdfText:
    """The text of a PDF's pages; refuses a PDF without a text layer (a scan) clearly."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    out = PdfText("")
    lines: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            out.page_count = len(pdf.pages)
            if out.page_count > MAX_PAGES:
                raise ReportReadError(source, f"PDF 有 {out.page_count} 页，不像一份年度报告", "请确认选对了文件")
            for number, page in enumerate(pdf.pages, 1):
                if not page.chars:
                    out.pages_without_text.append(number)
                    continue
                page_lines = _page_lines(page)
                lines.extend(page_lines)
                out.line_pages.extend([number] * len(page_lines))
                page.flush_cache()
    except ReportReadError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReportReadError(source, "PDF 已加密（需要密码才能打开）", "请用 PDF 阅读器输入密码后另存为不加密的 PDF，或使用报告的网页、Word 版本") from None
    except Exception as exc:  # noqa: BLE001 — pdfminer raises many kinds of errors on damaged files
        name = type(exc).__name__
        if name == "PDFPasswordIncorrect":
            raise ReportReadError(source, "PDF 已加密（需要密码才能打开）", "请使用不加密的版本") from None
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


__all__ = ["pdf_text", "PdfText"]
