"""Property: any figures, written in any cell style into a Word file, a portal page, a printed PDF
or Markdown, read back exactly — blank cells included, since merged cells resolve to the grid."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.read import read_bytes

from .builders import NumberStyle, render_text
from .conftest import examples
from .strategies import SECTIONS, figures
from .test_read_formats import portal_html, printed_pdf, word_docx

KEYS = ("agency", "year", "active_disclosure", "applications", "review_litigation")
N = examples(200)


def _settings(share: int):
    return settings(max_examples=max(3, N // share), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def cases(draw):
    fig = draw(figures(balanced=True))
    year = draw(st.integers(2021, 2030))
    obj = {"agency": "洛宁县马店镇人民政府", "year": year, **fig,
           "sections": {k: v.format(y=year) for k, v in SECTIONS.items()}}
    style = NumberStyle(zero=draw(st.sampled_from(["0", "", "/", "—", "无"])), thousands=draw(st.booleans()),
                        fullwidth=draw(st.booleans()))
    title = f"洛宁县马店镇人民政府{year}年政府信息公开工作年度报告"
    preamble = f"本报告统计期限自{year}年1月1日至{year}年12月31日。"
    return obj, style, title, preamble


def _expect(obj):
    return {k: obj[k] for k in KEYS}


def _no_problems(report):
    return [f.message for f in report.findings if f.severity != "info"]


@_settings(10)
@given(cases())
def test_word_round_trip(case):
    obj, style, title, preamble = case
    r = read_bytes(word_docx(obj, title, preamble, style), "r.docx")
    assert r.to_dict(with_sections=False) == _expect(obj), style
    assert r.sections == obj["sections"]


@_settings(5)
@given(cases(), st.sampled_from(["gb18030", "utf-8"]))
def test_portal_page_round_trip(case, encoding):
    obj, style, title, preamble = case
    page = portal_html(obj, title, preamble, style, charset="gbk" if encoding == "gb18030" else "utf-8")
    r = read_bytes(page.encode(encoding), "r.html")
    assert r.to_dict(with_sections=False) == _expect(obj), style
    assert r.sections == obj["sections"]


@_settings(25)
@given(cases())
def test_printed_pdf_round_trip(case):
    obj, style, title, preamble = case
    r = read_bytes(printed_pdf(obj, title, preamble, style), "r.pdf")
    assert r.to_dict(with_sections=False) == _expect(obj), style
    assert _no_problems(r) == [] or style.zero != "0"


@_settings(5)
@given(cases())
def test_markdown_round_trip(case):
    obj, style, title, preamble = case
    md = render_text(obj, "pipe", style, title=title, preamble=preamble, markdown=True)
    r = read_bytes(md.encode(), "r.md")
    assert r.to_dict(with_sections=False) == _expect(obj), style
