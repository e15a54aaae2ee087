"""PDFs read through PDFium first, by layout (pdfplumber) only when that reading does not settle."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nianbao.read import read_bytes
from nianbao.read.convert import convert
from nianbao.read.pdf import pdf_text, quick_pdf_text
from nianbao.read.text import read_text

from .conftest import FIXTURES, ROOT
from .test_read_formats import _canvas_pdf, printed_pdf, read_report

REAL = FIXTURES / "huaian_2024.pdf"


def _same_reading(a, b) -> None:
    assert a.to_dict() == b.to_dict()
    assert (a.title, a.preamble, a.title_year, a.stats_year, a.format) == (b.title, b.preamble, b.title_year, b.stats_year, b.format)
    assert a.findings == b.findings and a.unread_cells == b.unread_cells


def test_real_pdf_reads_the_same_through_pdfium_and_by_layout():
    data = REAL.read_bytes()
    quick = convert(data, "huaian_2024.pdf")
    assert quick.quick and quick.kind == "pdf"
    layout = convert(data, "huaian_2024.pdf", layout=True)
    assert not layout.quick
    _same_reading(read_text(quick.text, "x.pdf"), read_text(layout.text, "x.pdf"))
    # and the whole read keeps PDFium's reading
    assert read_bytes(data, "x.pdf").lines == read_text(quick.text, "x.pdf").lines


def test_pdfium_text_keeps_the_page_of_each_line():
    pdf = quick_pdf_text(REAL.read_bytes())
    lines = pdf.text.split("\n")
    assert pdf.page_count == 6 and len(pdf.line_pages) == len(lines) and set(pdf.line_pages) == {1, 2, 3, 4, 5, 6}
    # the same headings on the same pages as the layout reading
    layout = pdf_text(REAL.read_bytes(), "huaian_2024.pdf")
    layout_lines = layout.text.split("\n")
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "五、存在的主要问题及改进情况"):
        assert pdf.line_pages[lines.index(heading)] == layout.line_pages[layout_lines.index(heading)]


def test_real_pdf_check_never_loads_pdfplumber():
    code = ("import sys; from nianbao.read import read_report; r = read_report(sys.argv[1]);"
            "print(r.findings, 'pdfplumber' in sys.modules, 'pdfminer' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(REAL)], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}).stdout
    assert out.split() == ["[]", "False", "False"]


def test_a_pdfium_reading_with_findings_is_replaced_by_the_layout_reading(monkeypatch):
    """PDFium may leave out glyphs (seen: one-character table cells of some generated PDFs): the
    reader notices (the row comes out short) and the PDF is read again from its ruled tables."""
    import nianbao.read.pdf as pdf_module

    data = REAL.read_bytes()
    real = pdf_module.quick_pdf_text

    def dropping(raw):
        out = real(raw)
        assert "规章 1 0 11" in out.text.split("\n")
        out.text = out.text.replace("规章 1 0 11", "规章 11")
        return out

    monkeypatch.setattr(pdf_module, "quick_pdf_text", dropping)
    quick = convert(data, "x.pdf")
    assert quick.quick and any(f.rule == "read.row_count" for f in read_text(quick.text, "x.pdf").findings)
    r = read_bytes(data, "x.pdf")
    layout = read_text(convert(data, "x.pdf", layout=True).text, "x.pdf")
    assert r.lines == layout.lines and r.findings == [] and r.unread_cells == set()
    assert r.to_dict() == read_report(FIXTURES / "huaian_2024.txt").to_dict()


def test_generated_pdfs_read_exactly_whichever_way(huaian_obj):
    obj, title, preamble = huaian_obj
    for ruled in (True, False):
        r = read_bytes(printed_pdf(obj, title, preamble, ruled=ruled), "g.pdf")
        assert r.to_dict(with_sections=False) == {k: v for k, v in obj.items() if k != "sections"}


def test_pdf_with_a_page_without_text_goes_by_layout():
    lines = ["某县人民政府2024年政府信息公开工作年度报告", "一、总体情况", "2024年，我县认真落实条例。"]
    data = _canvas_pdf(lines, picture_pages=1)
    assert quick_pdf_text(data) is None
    conv = convert(data, "scan.pdf")
    assert not conv.quick and [f.rule for f in conv.findings] == ["read.pdf_pages_without_text"]


def test_damaged_pdf_messages_come_from_the_layout_reader():
    cut = REAL.read_bytes()[:3000]
    assert quick_pdf_text(cut) is None


@pytest.fixture(scope="module")
def huaian_obj():
    r = read_report(FIXTURES / "huaian_2024.txt")
    return r.to_dict(), r.title, r.preamble
