"""The shared text helpers (nianbao.textutil): one copy each, and the drifted copies they replaced now agree."""

from __future__ import annotations

from decimal import Decimal
from html import escape

import pytest

from nianbao import markers, textutil
from nianbao.textutil import (FULL_SENTENCE_RE, SENTENCE_RE, cn_number, cn_to_int, decode_html, decode_html_codec,
                              display_width, int_to_cn, sentence_spans)

from .conftest import FIXTURES

AGENCY = "洛宁县马店镇人民政府"


def _page(charset: str) -> str:
    """A real report (madian 2024) saved as a web page, one <p> a line, declaring ``charset``."""
    lines = [ln.strip() for ln in (FIXTURES / "madian_2024.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    body = "\n".join(f"<p>{escape(ln)}</p>" for ln in lines)
    return (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>年报</title></head><body>\n{body}\n</body></html>\n")


class _Swap:
    """A loopback backend: swaps one word, so that a paragraph is accepted and the page written back."""

    def describe(self):
        return "测试"

    def complete(self, requests):
        return [r.paragraph.replace("不断", "持续") for r in requests]


# --- web pages: one decoder (UTF-8 first) for check and polish -------------------------------------------------


@pytest.mark.parametrize("charset", ["gb2312", "iso-8859-1"])
def test_utf8_page_with_a_wrong_declaration_is_read_by_check_and_polish(tmp_path, cli, charset):
    """A page re-saved as UTF-8 keeps its old declaration. polish used to try the declared charset first: a
    Latin-1 declaration decodes any bytes, so polish saw mojibake and found no part headings, while check read it."""
    from nianbao.polish import open_document, polish_paragraphs

    path = tmp_path / "report.html"
    path.write_bytes(_page(charset).encode("utf-8"))
    r = cli("check", path, "--format", "json")
    assert r.code in (0, 1) and AGENCY in r.out
    doc = open_document(path)
    assert (doc.agency, doc.year, doc.encoding) == (AGENCY, 2024, "utf-8")
    assert doc.paragraphs
    data = doc.render(polish_paragraphs(doc.texts, _Swap(), skip=doc.skip))
    assert "持续" in data.decode("utf-8")  # written back in the encoding it was read in


def test_gbk_page_and_utf8_text_that_is_also_valid_gb18030():
    gbk = _page("gb2312").encode("gb18030")
    assert decode_html_codec(gbk) == (_page("gb2312"), "gb18030")
    # these UTF-8 bytes also decode as GB18030 (to mojibake): UTF-8 wins, as in the reader
    title = "政府信息公开工作年度报告".encode("utf-8")
    assert title.decode("gb18030") != "政府信息公开工作年度报告"
    page = b'<meta charset="gb2312"><title>' + title + b"</title>"
    assert decode_html(page) == page.decode("utf-8")
    from nianbao.polish.html_doc import _decode

    assert _decode(None, page) == (page.decode("utf-8"), "utf-8")


def test_byte_order_mark_kept_on_write_back(tmp_path):
    from nianbao.polish import open_document, polish_paragraphs

    path = tmp_path / "report.html"
    path.write_bytes(b"\xef\xbb\xbf" + _page("gb2312").encode("utf-8"))
    doc = open_document(path)
    data = doc.render(polish_paragraphs(doc.texts, _Swap(), skip=doc.skip))
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1


@pytest.mark.parametrize("codec, bom", [
    ("utf-8", b""), ("gb18030", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-32-le", b"\xff\xfe\x00\x00"),
])
def test_polish_writes_a_text_report_back_in_the_codec_the_reader_read_it_with(tmp_path, codec, bom):
    """polish.document._encoding worked the codec out again by itself (and took a UTF-32 BOM for UTF-16's):
    now the reader's decode_bytes_codec says which codec it used, and polish writes with that one."""
    from nianbao.polish import open_document, polish_paragraphs
    from nianbao.read.decode import decode_bytes, decode_bytes_codec

    text = (FIXTURES / "madian_2024.txt").read_text(encoding="utf-8").replace("\r\n", "\n")
    data = bom + text.replace("\n", "\r\n").encode(codec)
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    assert decode_bytes_codec(data, path)[0] == decode_bytes(data, path) == text
    doc = open_document(path)
    assert doc.render(polish_paragraphs(doc.texts, _Swap(), skip=dict.fromkeys(range(len(doc.texts)), "测试"))) == data
    out = doc.render(polish_paragraphs(doc.texts, _Swap(), skip=doc.skip))
    assert out != data and out.startswith(bom)
    written = out[len(bom):].decode(codec)  # strict: the whole file is in the original codec
    assert "\n" not in written.replace("\r\n", "") and written.count("持续") > text.count("持续")
    assert decode_bytes(out, path) == written.replace("\r\n", "\n")


def test_undecodable_page_is_read_with_replacements_and_refused_by_polish(tmp_path):
    from nianbao.errors import ReportReadError
    from nianbao.polish.html_doc import _decode

    bad = b"<p>\xff\xff\xff</p>"
    text, codec = decode_html_codec(bad)
    assert codec is None and "\ufffd" in text
    with pytest.raises(ReportReadError, match="编码"):
        _decode(tmp_path / "x.html", bad)


# --- display width --------------------------------------------------------------------------------------------


def test_display_width_columns_and_page():
    assert display_width("“政府”") == 6 and display_width("“政府”", page=True) == 4.0
    assert display_width("2024年") == 6 and display_width("2024年", page=True) == 3.0
    assert display_width("ab") == 2 and display_width("ab", page=True) == 1.0
    assert display_width("（一）主动公开：", page=True) == 8.0


def test_polish_rewraps_to_the_width_the_reader_detects():
    """The reader measured “ as a full character and polish as half of one: text polish hard-wrapped to 25
    characters read back as 26 characters wide. Now both measure with display_width(page=True)."""
    from nianbao.polish.document import rewrap
    from nianbao.read import read_report
    from nianbao.read.text import paragraphs, wrap_width

    report = read_report(FIXTURES / "suqian_2024.txt")
    quoted = [p for p in report.sections["overview"].split("\n") if p.count("“") >= 2 and len(p) > 80]
    assert len(quoted) >= 4
    for width in (25.0, 30.0, 35.0):
        lines = [ln for p in quoted for ln in rewrap(p, width)]
        assert all(display_width(ln, page=True) <= width + 1 for ln in lines)  # a comma may hang past the margin
        assert wrap_width(lines) == width
        assert paragraphs(lines, width) == quoted


def test_terminal_and_workbook_use_columns():
    from nianbao.cli.usage import cell_width
    from nianbao.export import workbook
    from nianbao.render.docx import text_width

    assert cell_width("“政府”信息") == display_width("“政府”信息") == 10
    assert workbook.display_width is display_width
    assert text_width("“政府”") == 4.0  # Word sets the quotes of Chinese text full width


# --- sentences ------------------------------------------------------------------------------------------------


def test_sentence_variants_on_real_report_text():
    from nianbao.read import read_report

    text = read_report(FIXTURES / "suqian_2024.txt").sections["problems"]
    clauses = SENTENCE_RE.findall(text)
    full = FULL_SENTENCE_RE.findall(text)
    assert "".join(clauses) == "".join(full) == text
    assert "一是政策解读精准性、实效性需进一步加强；" in clauses  # the checker's unit: a clause
    assert ("一是政策解读精准性、实效性需进一步加强；二是少数单位依申请公开办理规范性需进一步提升；"
            "三是公开平台协同联动建设需进一步完善。") in full  # summarize keeps an enumeration whole
    assert [text[s:e] for s, e in sentence_spans(text)] == clauses  # no quotes after an end mark here
    assert not any("\n" in c for c in SENTENCE_RE.findall("第一行\n第二行。"))


def test_clause_helpers_are_the_splits_the_marker_rule_made():
    """check.markers split at the previous and next sentence end with two regexes of its own."""
    import re

    from nianbao.textutil import clause_after, clause_before

    text = (FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")
    for start in range(0, len(text), 37):
        piece = text[start: start + 60]
        assert clause_before(piece, "】") == re.split(r"[。！？；!?;\n】]", piece)[-1]
        assert clause_after(piece, "【") == re.split(r"[。！？；!?;【\n]", piece)[0]
        assert clause_before(piece) == SENTENCE_RE.findall("x" + piece)[-1].lstrip("x") or piece[-1:] in "。！？；!?;\n"
    assert clause_before("") == clause_after("") == ""
    assert clause_after("共3件【待核实：5份") == "共3件【待核实：5份" and clause_after("共3件【待", "【") == "共3件"


def test_a_plan_of_measures_splits_at_statement_ends_only():
    from nianbao.sections import split_problems
    from nianbao.textutil import STATEMENT_END_RE

    assert STATEMENT_END_RE.split("加强培训；完善制度。好！") == ["加强培训", "完善制度", "好！"]
    measures = split_problems("存在不足。下一步，我局将加强培训；完善制度。").measures
    assert measures == ["加强培训", "完善制度"]


def test_compare_keeps_closing_quotes_with_the_sentence():
    text = "坚持“公开为常态。”一是；二是！！ "
    assert [text[s:e] for s, e in sentence_spans(text)] == ["坚持“公开为常态。”", "一是；", "二是！！"]
    assert SENTENCE_RE.findall(text)[:2] == ["坚持“公开为常态。", "”一是；"]


def test_every_caller_uses_the_shared_patterns():
    from nianbao import sections, summarize
    from nianbao.check import narrative, years
    from nianbao.compare import text as compare_text
    from nianbao.draft import carry, classify, engine, prior

    for module in (narrative, years, carry, engine, prior, classify, sections):
        assert module.SENTENCE_RE is SENTENCE_RE, module.__name__
    assert summarize.FULL_SENTENCE_RE is FULL_SENTENCE_RE
    assert compare_text.split_sentences is sentence_spans
    assert textutil.MARKER_RE is markers.MARKER_RE



def test_part_five_problems_end_at_a_paragraph_end():
    """sections.split_problems split at its own [。；;！？]: a paragraph without an end mark ran into the next one."""
    from nianbao.sections import split_problems

    problems = split_problems("政务公开工作仍有差距\n公开内容不够全面。下一步，我们将加强培训。").problems
    assert problems == ["政务公开工作仍有差距", "公开内容不够全面"]

# --- Chinese numerals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("两", 2), ("十二", 12), ("一十二", 12), ("一百零五", 105), ("二〇二四", 2024), ("两千", 2000), ("十四万", 140000),
    ("零", 0), ("三亿零五百万", 305000000),
])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value
    assert cn_number(text) == value


@pytest.mark.parametrize("text", ["十四五", "一百五", "一万二", "〇一", "万", "五五十", "", "点五", "三点"])
def test_numerals_that_are_not_well_formed_are_not_numbers(text):
    """numbers.cn_to_int used to read 十四五 (the 14th five-year plan) as 15 and 一百五 as 105; the checker now
    reads them as no number, as the polish guard always did."""
    from nianbao.numbers import to_int

    assert cn_to_int(text) is None and cn_number(text) is None
    assert to_int(text) is None


def test_decimals_and_ten_thousands_agree_with_the_guard():
    from nianbao.polish.guard import number_tokens

    assert cn_number("三点五") == Decimal("3.5") and cn_to_int("三点五") is None
    assert number_tokens("1.5万") == number_tokens("一万五千") == number_tokens("15000") != number_tokens("一万五")
    assert number_tokens("两件") == number_tokens("2件")


def test_int_to_cn_round_trip():
    for n in [*range(0, 130), 1000, 1005, 10010, 20000, 123456]:
        assert cn_to_int(int_to_cn(n)) == n


def test_years_digit_by_digit_as_word_numbers_them():
    from nianbao.read.docx import format_number
    from nianbao.textutil import int_to_cn_digits

    assert int_to_cn_digits(2024) == format_number(2024, "ideographDigital") == "二〇二四"
    assert all(cn_to_int(int_to_cn_digits(y)) == y for y in range(1990, 2040))


def test_a_hostile_run_of_numerals_is_text_not_a_crash():
    from nianbao.polish.guard import number_tokens

    run = "二" * 5000
    assert cn_to_int(run) is None and cn_number(run) is None
    assert number_tokens(f"共{run}件") == number_tokens(f"共{run}件")
