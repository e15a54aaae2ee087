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
