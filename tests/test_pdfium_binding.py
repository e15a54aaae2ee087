"""The quick PDF read's own PDFium declarations give what pypdfium2 gives."""

from __future__ import annotations

import re

import nianbao.read.pdf as pdf_module
from nianbao.read.pdf import quick_pdf_text

from .conftest import FIXTURES

REAL = FIXTURES / "huaian_2024.pdf"


def _pypdfium2_text(data: bytes) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        doc.close()
    return "\n".join(line for text in pages for line in re.split(r"\r\n|\r|\n", text))


def test_own_declarations_read_what_pypdfium2_reads():
    data = REAL.read_bytes()
    quick = quick_pdf_text(data)
    assert quick is not None and quick.page_count == 6
    assert quick.text == _pypdfium2_text(data)


def test_pypdfium2_raw_bindings_where_the_library_is_elsewhere(monkeypatch):
    data = REAL.read_bytes()
    expected = quick_pdf_text(data)
    monkeypatch.setattr(pdf_module, "_PDFIUM", None)
    monkeypatch.setattr(pdf_module, "_pdfium_library", lambda: None)
    again = quick_pdf_text(data)
    assert type(pdf_module._PDFIUM).__name__ == "module"  # pypdfium2_raw itself
    assert (again.text, again.line_pages, again.page_count) == (expected.text, expected.line_pages, expected.page_count)
