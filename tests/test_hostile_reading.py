"""Bounded reading: each amplification shape (generated here, small on disk) is refused with one
Chinese line and exit 2, within a second or two and without large memory."""

from __future__ import annotations

import os
import threading
import time

import pytest

from nianbao.errors import FiguresError, ReportReadError
from nianbao.read import file_bytes, read_bytes
from nianbao.read.grid import SpanCell, resolve_spans

from . import hostile_files as hf
from .conftest import EXAMPLE, ROOT

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"


def _refused(cli, tmp_path, name: str, data: bytes, expected: str, command: str = "check", seconds: float = 5):
    import resource

    path = tmp_path / name
    path.write_bytes(data)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    r = cli(command, path) if command == "check" else cli(command, path, "--endpoint", "http://127.0.0.1:9/v1", "-o", tmp_path / "o" / name)
    took = time.monotonic() - start
    assert r.code == 2, (r.code, r.err[-400:])
    assert expected in r.err and str(path) in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) <= 2
    assert took < seconds, took
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mb < 600, f"peak memory grew by {grown_mb:.0f} MB"  # (a new peak only: can miss, never cry wolf)
    return r


def test_span_bomb_html(cli, tmp_path):
    data = hf.span_bomb_html()
    assert len(data) < 400_000
    _refused(cli, tmp_path, "bomb.html", data, "表格过大")


def test_spans_are_clamped_to_the_table():
    rows = [[SpanCell("标题", colspan=1000)], [SpanCell("a"), SpanCell("1"), SpanCell("2")],
            [SpanCell("b", rowspan=1000), SpanCell("3"), SpanCell("4")], [SpanCell("5"), SpanCell("6")]]
    assert resolve_spans(rows) == [["标题"], ["a", "1", "2"], ["b", "3", "4"], ["5", "6"]]


def test_docx_with_sixty_megabytes_of_paragraphs(cli, tmp_path):
    data = hf.docx_many_paragraphs(60)
    assert len(data) < 400_000
    _refused(cli, tmp_path, "paras.docx", data, "正文过大")


def test_docx_with_too_many_paragraphs_under_the_size_cap(cli, tmp_path):
    _refused(cli, tmp_path, "paras.docx", hf.docx_many_paragraphs(2), "段落过多")


@pytest.fixture(scope="module")
def real_docx(tmp_path_factory):
    from nianbao.draft.engine import draft_report
    from nianbao.figures.load import load_figures

    return draft_report(load_figures(FIGURES), None, verify_check=False).render("docx")


def test_docx_package_that_inflates_is_refused_by_polish(cli, tmp_path, real_docx):
    data = hf.docx_with_big_member(real_docx, 160)
    assert len(data) < 1_000_000
    _refused(cli, tmp_path, "big.docx", data, "解压后超过", command="polish")
    # reading it only opens the parts it needs: the report is read as usual
    assert read_bytes(data, "big.docx").figures["active_disclosure"]["licensing"] == 12


def test_polish_refuses_a_huge_document_part(cli, tmp_path):
    _refused(cli, tmp_path, "paras.docx", hf.docx_many_paragraphs(60), "解压后超过", command="polish")


def test_docx_whose_directory_understates_sizes(cli, tmp_path, real_docx):
    data = hf.docx_lying_directory(real_docx)
    path = tmp_path / "lie.docx"
    path.write_bytes(data)
    r = cli("check", path)
    assert r.code == 2 and "Traceback" not in r.err


def test_pdf_declaring_fifty_thousand_pages(cli, tmp_path):
    _refused(cli, tmp_path, "pages.pdf", hf.pdf_many_pages(50_000), "50000 页", seconds=3)


def test_pdf_stream_bomb(cli, tmp_path):
    data = hf.pdf_stream_bomb(200)
    assert len(data) < 1_000_000
    _refused(cli, tmp_path, "bomb.pdf", data, "解压后超过")


def test_damaged_pdf_stream_bomb(cli, tmp_path):
    """Damaged deflate data sends pdfminer to its byte-by-byte salvage (quadratic: about 40 s for
    this file); nianbao's salvage is linear and bounded, so the file is refused at once."""
    data = hf.pdf_stream_bomb_damaged(70)
    _refused(cli, tmp_path, "damaged.pdf", data, "没有文字层")


def test_salvaged_stream_is_pdfminers():
    """The salvage gives what pdfminer's own gives: all the data when only the checksum is damaged,
    and the same data or the same refusal when the damage is earlier."""
    import random
    import zlib

    from nianbao.read.pdf import _bound_pdfminer, _decompress_corrupted

    _bound_pdfminer()
    pdfminer_salvage = _decompress_corrupted.replaced

    def outcome(salvage, data):
        try:
            return salvage(data)
        except zlib.error:
            return "zlib.error"

    text = ("政府信息公开工作年度报告，第二十条第（一）项 12 件。" * 3000).encode("utf-8")
    good = zlib.compress(text)
    bad_sum = good[:-4] + bytes(b ^ 0xFF for b in good[-4:])
    assert _decompress_corrupted(bad_sum) == pdfminer_salvage(bad_sum) == text
    rnd = random.Random(7)
    for _ in range(20):
        broken = bytearray(good)
        at = rnd.randrange(len(good))
        broken[at:at + 3] = bytes(rnd.randrange(256) for _ in range(3))
        assert outcome(_decompress_corrupted, bytes(broken)) == outcome(pdfminer_salvage, bytes(broken))


def test_deep_mht(cli, tmp_path):
    _refused(cli, tmp_path, "deep.mht", hf.deep_mht(5000), "")


def _finishes(func, seconds: float = 5):
    box: dict = {}

    def run():
        try:
            box["value"] = func()
        except Exception as exc:  # noqa: BLE001 — returned to the test
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    return t.is_alive(), box


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_not_waited_on(tmp_path):
    from nianbao.figures.load import load_figures

    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    try:
        for func, error in ((lambda: file_bytes(fifo), ReportReadError), (lambda: load_figures(fifo), FiguresError)):
            hung, box = _finishes(func)
            assert not hung
            assert isinstance(box.get("error"), error) and "不是普通文件" in str(box["error"])
    finally:
        fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # releases a reader, should one be waiting
        os.close(fd)


def test_device_is_refused(cli):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    r = cli("check", "/dev/zero")
    assert r.code == 2 and "不是普通文件" in r.err


def test_real_reports_still_read():
    report = read_bytes(EXAMPLE.read_bytes(), "m.txt")
    assert report.year == 2024


def test_figures_workbook_that_inflates_is_refused(cli, tmp_path):
    """An .xlsx given to draft/check goes to openpyxl, which trusts the zip directory: the package is
    measured first, as for Word files; a real workbook with the same extra part small still reads."""
    from nianbao.figures.xlsx import init_workbook

    book = init_workbook(year=2025, agency="洛宁县马店镇人民政府")
    _refused(cli, tmp_path, "bomb.xlsx", hf.docx_with_big_member(book, 160), "Excel 工作簿解压后超过")
    small = tmp_path / "small.xlsx"
    small.write_bytes(hf.docx_with_big_member(book, 1))
    r = cli("check", small)
    assert r.code == 0 and "解压后超过" not in r.err, r.err


def test_pdf_whose_pages_pdfium_cannot_load(cli, tmp_path):
    """A fuzzed page tree (found by benchmarks/fuzz_readers.py): no text layer, and PDFium fails to
    load the page it then tries to recognise. One Chinese message, exit 2, no traceback."""
    pytest.importorskip("rapidocr_onnxruntime")
    data = (ROOT / "tests" / "fixtures" / "damaged_page_tree.pdf").read_bytes()
    _refused(cli, tmp_path, "tree.pdf", data, "没有文字层")


def test_notes_workbook_that_inflates_is_refused(cli, tmp_path):
    """A workbook given with --notes is measured before openpyxl opens it, as a figures workbook is."""
    from nianbao.figures.xlsx import init_workbook

    bomb = tmp_path / "notes.xlsx"
    bomb.write_bytes(hf.docx_with_big_member(init_workbook(year=2025, agency="洛宁县马店镇人民政府"), 160))
    r = cli("draft", FIGURES, "--notes", bomb, "-o", tmp_path / "d.md")
    assert r.code == 2 and "Excel 工作簿解压后超过" in r.err and "Traceback" not in r.err, r.err
    assert not (tmp_path / "d.md").exists()


def test_stream_bomb_at_the_bound_is_found_despite_the_short_cut():
    """The guard skips streams too short to inflate past the bound (deflate expands at most 1032 to 1);
    the most compressed stream just over the bound is still inflated and found."""
    from nianbao.read.pdf import MAX_STREAM_BYTES, inflates_too_much

    megabytes = MAX_STREAM_BYTES // (1024 * 1024) + 1
    data = hf.pdf_stream_bomb(megabytes)
    assert inflates_too_much(data)
    assert not inflates_too_much(hf.pdf_stream_bomb(megabytes - 2))


def test_stream_bomb_after_harmless_data_is_found():
    """The guard stops inflating a stream once the compressed bytes left cannot reach the bound; a
    stream whose first 300 KB of deflate data are harmless (random bytes barely compress) and whose
    last ~65 KB inflate past the bound is still found, as is the same bomb with twice the lead."""
    import random

    from nianbao.read.pdf import MAX_STREAM_BYTES, inflates_too_much

    megabytes = MAX_STREAM_BYTES // (1024 * 1024) + 1
    lead = random.Random(7).randbytes(300_000)
    assert inflates_too_much(hf.pdf_stream_bomb(megabytes, lead))
    assert inflates_too_much(hf.pdf_stream_bomb(megabytes, lead * 2))
    assert not inflates_too_much(hf.pdf_stream_bomb(megabytes - 2, lead))


def test_file_bytes_reads_up_to_its_limit_whatever_size_stat_tells(tmp_path, monkeypatch):
    """The file's stat size sizes the first read; a file that grew since (or a system file whose stat
    says 0) is still read to the end, and refused past the limit."""
    from pathlib import Path

    path = tmp_path / "r.txt"
    path.write_bytes(b"x" * 100)
    assert file_bytes(path, limit=100) == b"x" * 100
    with pytest.raises(ReportReadError, match="文件太大"):
        file_bytes(path, limit=99)
    real_stat = Path.stat

    def says_smaller(self, *args, **kwargs):  # as if it grew after stat (or stat cannot tell its size)
        st = real_stat(self, *args, **kwargs)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:]))

    monkeypatch.setattr(Path, "stat", says_smaller)
    assert file_bytes(path, limit=100) == b"x" * 100
    with pytest.raises(ReportReadError, match="超过"):
        file_bytes(path, limit=99)
