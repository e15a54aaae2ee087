"""Reading speed per format: Word, web page, PDF (the real 6-page 淮安 file and a 10-page one),
Markdown and plain text, each read into a Report and checked to equal the text copy's figures.

Target (issue 6): a 10-page PDF reads in well under a second. Needs the ``test`` extra
(reportlab) to print the 10-page PDF. Run: .venv/bin/python benchmarks/bench_read_formats.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the document builders of the tests

from nianbao.read import read_bytes, read_report  # noqa: E402
from nianbao.render.document import render_document  # noqa: E402
from tests.test_read_formats import portal_html, printed_pdf, word_docx  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def documents() -> dict[str, tuple[str, bytes]]:
    text = read_report(FIXTURES / "huaian_2024.txt")
    obj, title, preamble = text.to_dict(), text.title, text.preamble
    long_obj = dict(obj, sections={k: "\n".join([v] * 4) for k, v in obj["sections"].items()})  # ≈ 10 pages
    return {
        "text (.txt)": ("r.txt", (FIXTURES / "huaian_2024.txt").read_bytes()),
        "Markdown (.md)": ("r.md", render_document(obj, "md", title=title, preamble=preamble).encode()),
        "web page (writer .html)": ("r.html", render_document(obj, "html", title=title, preamble=preamble).encode()),
        "portal page (GBK .html)": ("r.html", portal_html(obj, title, preamble).encode("gb18030")),
        "Word (writer .docx)": ("r.docx", render_document(obj, "docx", title=title, preamble=preamble)),
        "Word (merged cells .docx)": ("r.docx", word_docx(obj, title, preamble)),
        "PDF, real 淮安 file": ("r.pdf", (FIXTURES / "huaian_2024.pdf").read_bytes()),
        "PDF, printed long report": ("r.pdf", printed_pdf(long_obj, title, preamble)),
    }


def main(n: int = 5) -> None:
    want = read_report(FIXTURES / "huaian_2024.txt").to_dict(with_sections=False)
    print(f"{'format':28} {'size':>9} {'pages':>5} {'median':>9} {'max':>9}  same figures")
    for name, (source, data) in documents().items():
        times = []
        for _ in range(n):
            start = time.perf_counter()
            report = read_bytes(data, source)
            times.append(time.perf_counter() - start)
        pages = ""
        if source.endswith(".pdf"):
            import pdfplumber
            import io

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                pages = str(len(pdf.pages))
        same = report.to_dict(with_sections=False) == want
        print(f"{name:28} {len(data) // 1024:>7} K {pages:>5} {statistics.median(times) * 1000:>7.0f} ms "
              f"{max(times) * 1000:>7.0f} ms  {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
