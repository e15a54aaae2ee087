"""Patterns rewritten to compile fast match exactly what their plain definitions (kept here as the
reference) match."""

import random
import re

from nianbao.figures.load import _UNUSUAL
from nianbao.read.text import tidy_spacing

_CJK = r"\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
REFERENCE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}\dA-Za-z%(（])|(?<=[\dA-Za-z%)）])[ \t\u00a0]+(?=[{_CJK}])")
#: spaces, each side of every range boundary, digits of several scripts, brackets of both widths
ALPHABET = list(" \t\u00a0\u3000中文年（）()%aZ09０٣.,，。-\n\u33ff\u3400\u9fff\ua000\u2fff\u303f\u3040\uff00\uffef\ufff0𠀀_")


def test_equals_the_regex_on_random_strings():
    rng = random.Random(13)
    for _ in range(30_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        assert tidy_spacing(text) == REFERENCE.sub("", text), repr(text)


def test_pdf_spacing_examples():
    assert tidy_spacing("2024 年 共收到 12 件申请（ 其中 3 件）") == "2024年共收到12件申请（其中3件）"
    assert tidy_spacing("Word 文档 and PDF") == "Word文档and PDF"  # a letter after CJK joins too
    assert tidy_spacing(" 开头和结尾 ") == " 开头和结尾 "


def test_unusual_yaml_characters_are_the_non_printable_ones_and_the_listed_ones():
    reference = re.compile("[\t!|>&*%@`\ufeff\x85\u2028\u2029]|[^\n\r\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    every = "".join(chr(c) for c in range(0x110000))
    assert [m.start() for m in _UNUSUAL.finditer(every)] == [m.start() for m in reference.finditer(every)]


def test_display_width_is_the_sum_of_each_characters_east_asian_width():
    import unicodedata

    from nianbao.textutil import display_width

    rng = random.Random(7)
    for _ in range(3_000):
        text = "".join(chr(rng.choice((rng.randint(0x20, 0x2FFF), rng.randint(0x3000, 0xFFFF), rng.randint(0x10000, 0x10FFFF))))
                       for _ in range(rng.randint(1, 30)))
        page = sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text) if not text.isascii() else len(text) / 2
        columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text) if not text.isascii() else len(text)
        assert display_width(text, page=True) == page and display_width(text) == columns, repr(text)


def test_placeholder_pattern_matches_what_the_plain_alternation_matches():
    from nianbao.check.markers import _FILLER_RE

    reference = re.compile(r"[×xX○]{3,}|[（(][^（）()\n]{0,6}(?:补充|填写)[^（）()\n]{0,30}[)）]")
    alphabet = list("×xX○（()）\n补充填写ab一")
    rng = random.Random(5)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert [m.span() for m in _FILLER_RE.finditer(text)] == [m.span() for m in reference.finditer(text)], repr(text)


def test_heading_candidates_are_the_short_hinted_lines_without_tabs():
    from pathlib import Path

    from nianbao.read.parts import _HEADING_HINT_RE, heading_candidates

    fixtures = Path(__file__).parent / "fixtures"
    texts = [p.read_text(encoding="utf-8") for p in sorted(fixtures.glob("*.txt"))]
    texts += ["", "情况", "\n\n一、总体情况\n", "x" * 70 + "情况\n情况\t1\n三、存在的主要问题及改进情况"]
    for text in texts:
        lines = text.split("\n")
        expected = [i for i, ln in enumerate(lines) if len(ln) <= 60 and "\t" not in ln and _HEADING_HINT_RE.search(ln)]
        assert heading_candidates(lines) == expected


def test_text_with_control_characters_is_refused_as_before():
    import pytest

    from nianbao.errors import ReportReadError
    from nianbao.read.decode import decode_bytes

    body = "政府信息公开工作年度报告\n".encode()
    assert decode_bytes(body * 3, "a.txt") == "政府信息公开工作年度报告\n" * 3
    for bad in (b"\x01", b"\x1b", b"\x0b", "\ufffd".encode()):
        with pytest.raises(ReportReadError):
            decode_bytes(body + bad * 20, "a.txt")  # more than 8 such characters: not text
        assert decode_bytes(body * 40 + bad, "a.txt").endswith(bad.decode())  # a few are tolerated


def test_page_width_is_display_width_on_a_page(monkeypatch):
    """The reader's page width is half a line's GBK length: every character GBK encodes in two bytes
    must be W/F/A (one wide on a page), every one it encodes in one byte ASCII (half)."""
    import unicodedata
    from pathlib import Path

    from nianbao.read import text as text_module
    from nianbao.textutil import display_width

    for ch in map(chr, range(0x10000)):
        try:
            size = len(ch.encode("gbk"))
        except UnicodeEncodeError:
            continue
        assert (size == 1 and ch.isascii()) or (size == 2 and unicodedata.east_asian_width(ch) in "WFA"), hex(ord(ch))
    rng = random.Random(5)
    alphabet = list("ab 1\t。，中文（）“”—·é½\u303f\u3000\uff61\uff5e\u9fff\u4e00𠀀\u20ac")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(20_000)]
    texts += (Path(__file__).parent / "fixtures" / "suqian_2024.txt").read_text(encoding="utf-8").split("\n")
    for looked_up in (0, 10**9):  # by look-up (the first lines of a process), then by the codec
        monkeypatch.setattr(text_module, "_looked_up", looked_up)
        for text in texts:
            got, want = text_module.page_width(text), display_width(text, page=True)
            assert got == want and type(got) is type(want), repr(text)


def test_hinted_sentences_are_the_sentences_with_a_hint():
    """The checker finds a statement's sentence from its 件/未/没有: exactly SENTENCE_RE's sentences
    that have one, with the same spans."""
    from pathlib import Path

    from nianbao.check.narrative import _HINT_RE, _hinted_sentences
    from nianbao.textutil import SENTENCE_RE

    rng = random.Random(11)
    alphabet = list("件未没有没。！？；!?;\n \u3000a中1")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(30_000)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent / "fixtures").glob("*.txt"))]
    for text in texts:
        expected = [m.span() for m in SENTENCE_RE.finditer(text) if _HINT_RE.search(m.group())]
        assert [m.span() for m in _hinted_sentences(text)] == expected, repr(text)


def test_facts_hinted_are_the_facts_whose_words_a_sentence_has():
    """A fact's patterns are tried only in a sentence with its words: words every match of them has."""
    from nianbao.check.narrative import _COMPILED, _FACT_HINTS, FACTS, _facts_hinted

    for fact, _, patterns in FACTS:  # each pattern needs its fact's words, and 件
        for pattern in patterns:
            for sentence in ("共收到申请12件", "上年结转3件", "予以公开5件", "结转下年度继续办理2件", "2件转入下一年度",
                             "行政复议1件", "被提起行政诉讼2件", "制发规范性文件3件", "废止行政规范性文件1件"):
                if re.search(pattern, sentence):
                    assert "件" in sentence and any(h in sentence for h in _FACT_HINTS[fact]), (fact, sentence)

    rng = random.Random(12)
    words = ["申请", "结转", "予以公开", "下", "一", "年度", "下年度", "复议", "诉讼", "规范性文件", "申", "请", "公开", "件", "，"]
    for _ in range(5_000):
        sentence = "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        expected = [e for e in _COMPILED if any(h in sentence for h in _FACT_HINTS[e[0]])]
        assert _facts_hinted(sentence) == expected, sentence


def test_blank_figures_are_fresh_copies_of_the_plain_definition():
    from nianbao.model import _SHAPE, blank_figures

    plain = {t: {r: (dict.fromkeys(cols, 0) if cols else 0) for r, cols in rows} for t, rows in _SHAPE}
    a, b = blank_figures(), blank_figures()
    assert a == plain and repr(a) == repr(plain)  # the same keys in the same order
    a["applications"]["new_received"]["total"] = 5
    a["active_disclosure"]["licensing"] = 7
    assert b == plain and blank_figures() == plain


def test_wrap_width_is_the_measured_one():
    """wrap_width's shortcut for text that is not hard-wrapped gives what measuring every line gives."""
    from pathlib import Path

    from nianbao.read.text import _page_widths, wrap_width

    def reference(lines):
        texts = [s for ln in lines if len(ln) > 8 and "\t" not in ln and len(s := ln.strip()) > 8]
        widths = sorted(_page_widths(texts))
        if len(widths) < 8:
            return None
        top = widths[int(len(widths) * 0.9)]
        if top > 60:
            return None
        return top if sum(1 for w in widths if w >= top - 4) >= 0.4 * len(widths) else None

    fixtures = Path(__file__).parent / "fixtures"
    texts = [p.read_text(encoding="utf-8") for p in sorted(fixtures.glob("*.txt")) + sorted((fixtures / "reports").glob("*.txt"))]
    rng = random.Random(9)
    for _ in range(3_000):  # lines around the limits: 8, 120–128 characters, half-width ones
        lines = ["".join(rng.choice("政府信息ab 1") for _ in range(rng.choice([5, 9, 40, 58, 119, 121, 125, 129, 200])))
                 for _ in range(rng.randint(0, 30))]
        texts.append("\n".join(lines))
    found = set()
    for text in texts:
        lines = text.split("\n")
        assert wrap_width(lines) == reference(lines)
        found.add(wrap_width(lines) is None)
    assert found == {True, False}


def test_nothing_to_mark_is_the_plain_test():
    from nianbao.check.markers import _MARKS_RUN_RE, _nothing_to_mark

    rng = random.Random(21)
    alphabet = list("×xX○ab中【补充填写\n")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    texts += ["xy" * 40 + "xXx", "xy" * 40, "x" * 3, "ab○○", "○○×"]  # many marks: the pattern decides
    for text in texts:
        plain = "【" not in text and "补充" not in text and "填写" not in text and not _MARKS_RUN_RE.search(text)
        assert _nothing_to_mark(text) == plain, repr(text)
