"""Any report file → the text the text reader reads, with what the conversion has to add.

The format is chosen by content (:func:`nianbao.read.detect.sniff`); each format reader lives
in its own module and is imported only when a file of that format is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..catalog import TABLES
from ..errors import ReportReadError
from ..findings import Finding
from ..model import null_unread
from .decode import decode_bytes
from .detect import sniff
from .markdown import looks_markdown, markdown_text  # (every text file is asked: no lazy import)

#: how each kind is named in messages
KIND_NAMES = {"docx": "Word 文档", "pdf": "PDF", "html": "网页", "mhtml": "单文件网页", "markdown": "Markdown", "text": "文本",
              "image": "图片"}


@dataclass
class Converted:
    text: str
    kind: str  # docx | pdf | html | mhtml | markdown | text
    line_pages: list[int] = field(default_factory=list)  # PDF: 1-based page of each text line
    image_lines: list[int] = field(default_factory=list)  # Word/web page: 0-based lines holding a picture
    findings: list[Finding] = field(default_factory=list)
    quick: bool = False  # PDF: PDFium's text, to be read again by layout unless it reads cleanly


def convert(data: bytes, source, layout: bool = False) -> Converted:
    """Decode/convert ``data`` to report text. Raises :class:`~nianbao.errors.ReportReadError`.

    A PDF's text comes from PDFium unless ``layout`` (or PDFium gives up): see :mod:`.pdf`.
    """
    try:
        return _convert(data, source, layout)
    except RecursionError:
        raise ReportReadError(source, "文件的结构嵌套过深，无法读取", "请确认选对了文件，或另存为 .docx、.html 或 .txt 后再试") from None
    except ValueError as exc:
        from .grid import GridTooLarge  # (imported only here: a plain text file never needs the grid module)

        if isinstance(exc, GridTooLarge):
            raise ReportReadError(source, "文件中的表格过大（合并单元格的行数、列数超出常理），不像年度报告的统计表",
                                  "请确认选对了文件，或检查表格的合并单元格") from None
        raise


def _convert(data: bytes, source, layout: bool) -> Converted:
    kind = sniff(data, source)
    if kind == "docx":
        from .docx import docx_text

        text, images = docx_text(data, source)
        return Converted(text, kind, image_lines=images)
    if kind == "pdf":
        from .pdf import pdf_text, quick_pdf_text

        pdf = None if layout else quick_pdf_text(data)
        if pdf is not None:
            return Converted(pdf.text, kind, pdf.line_pages, quick=True)
        pdf = pdf_text(data, source)
        conv = Converted(pdf.text, kind, pdf.line_pages)
        if pdf.ocr_pages:
            conv.findings.append(_ocr_note(pdf.ocr_pages))
        if pdf.pages_without_text:
            pages = "、".join(str(p) for p in pdf.pages_without_text[:10]) + ("等" if len(pdf.pages_without_text) > 10 else "")
            conv.findings.append(Finding(
                "read.pdf_pages_without_text", "warning", "structure",
                f"PDF 第 {pages} 页没有文字层（可能是扫描图片），这些页上的内容没有读到，请核对原件"
                "（安装文字识别扩展 pip install \"nianbao[ocr]\" 后可以读取）",
                {"section": "PDF"},
            ))
        return conv
    if kind == "html":
        from .html import html_text

        text, images = html_text(data, source)
        return Converted(text, kind, image_lines=images)
    if kind == "mhtml":
        from .html import mhtml_text

        text, images = mhtml_text(data, source)
        return Converted(text, kind, image_lines=images)
    if kind == "image":  # a page image (needs the ocr extra; sniff has checked it is installed)
        from .ocr import image_file_lines

        lines = image_file_lines(data, source)
        return Converted("\n".join(lines), kind, findings=[_ocr_note([])])
    text = decode_bytes(data, source)
    if looks_markdown(text):
        return Converted(markdown_text(text), "markdown")
    return Converted(text, "text")


def _ocr_note(pages: list[int]) -> Finding:
    where = f"PDF 第 {'、'.join(map(str, pages))} 页没有文字层，" if pages else "图片"
    return Finding("read.ocr_pages", "info", "structure",
                   f"{where}已用文字识别（OCR）读取；识别不确定的数字记为未读出（null），请与原件核对", {"section": "文字识别"})


def annotate(report, conv: Converted) -> None:
    """Add the conversion's findings; give the PDF page of each finding that names a line.

    Lines are those of the extracted text (``report.lines``), for every format alike.
    """
    report.findings.extend(conv.findings)
    _note_table_images(report, conv)
    if conv.kind != "pdf":
        return
    report.line_pages = list(conv.line_pages)  # the checker gives its findings the page too
    for f in report.findings:
        line = f.location.get("line")
        if line and 0 < line <= len(conv.line_pages):
            f.location["page"] = conv.line_pages[line - 1]


def _area(table) -> str:
    return table.area


_UNREAD_TABLE_RULES = ("read.table_missing", "read.row_missing", "read.row_empty", "read.tables_blank", "read.table_blank")


def _note_table_images(report, conv: Converted) -> None:
    """A table that could not be read where the document holds a picture: say it is an image."""
    if not conv.image_lines:
        return
    for table in TABLES:
        part = report.parts.get(table.key)
        area = _area(table)
        if not part or not any(part["start"] <= i <= part["end"] for i in conv.image_lines):  # i: before line i
            continue
        if any(f.rule in _UNREAD_TABLE_RULES and (f.area == area or f.rule == "read.tables_blank") for f in report.findings):
            report.findings.append(Finding(
                "read.table_as_image", "error", area,
                f"{table.name}所在部分是图片，没有可读取的文字表格：nianbao 不做文字识别（OCR），读不到其中的数字，"
                f"请使用表格为文字的{KIND_NAMES[conv.kind]}版本，或把数字填入文本后再检查",
                {"section": table.name},
            ))


def note_blank_tables(report) -> None:
    """Tables with no value written at all: a blank template, or a table left unfilled.

    All three blank → an error and every cell marked unread (the numbers are unknown, not 0).
    Some blank → a warning: a small body may leave a table blank for “none”.
    """
    if report.format != "2021":
        return
    blank = []
    missing = {f.area for f in report.findings if f.rule == "read.table_missing"}
    for table in TABLES:
        part = report.parts.get(table.key)
        if not part or _area(table) in missing:
            continue  # no table there at all (perhaps only prose): the table reader has said so
        _, has_values = report.table_seen.get(table.key, (False, True))  # recorded by the table reader
        if not has_values:
            blank.append(table)
    if not blank:
        return
    areas = {_area(t) for t in blank}
    report.findings = [f for f in report.findings if not (f.rule == "read.blank_as_zero" and f.area in areas)]
    names = "、".join(t.name for t in blank)
    if len(blank) == len(TABLES):
        report.findings.append(Finding(
            "read.tables_blank", "error", "structure",
            f"{names}都没有填写任何数字（单元格全部空白），这像是空白模板；没有可读取的数字，各项记为未读出（null），请填写表格后再检查",
            {"section": names},
        ))
        from ..catalog import CELLS

        report.unread_cells.update(c.path for c in CELLS)
        null_unread(report)
        return
    for table in blank:
        report.findings.append(Finding(
            "read.table_blank", "warning", _area(table),
            f"{table.name}没有填写任何数字（单元格全部空白），各项按 0 读取；如确实全部为 0，建议填写“0”",
            {"section": table.name},
        ))


__all__ = ["convert", "annotate", "note_blank_tables", "Converted", "KIND_NAMES"]
