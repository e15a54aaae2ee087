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


def _values(node) -> list:
    return [v for x in node.values() for v in _values(x)] if isinstance(node, dict) else [node]


def _nulled(node):
    return {k: _nulled(v) for k, v in node.items()} if isinstance(node, dict) else None


def _expect(obj, style):
    """The figures as written, except that every table 0 and zero printed as a blank cell is a blank
    template to the reader: every cell unread (null), with one read.tables_blank error."""
    expected = {k: obj[k] for k in KEYS}
    if style.zero == "" and not any(v for key in KEYS[2:] for v in _values(obj[key])):
        expected.update({key: _nulled(obj[key]) for key in KEYS[2:]})
    return expected


def _no_problems(report):
    return [f.message for f in report.findings if f.severity != "info"]


@_settings(10)
@given(cases())
def test_word_round_trip(case):
    obj, style, title, preamble = case
    r = read_bytes(word_docx(obj, title, preamble, style), "r.docx")
    assert r.to_dict(with_sections=False) == _expect(obj, style), style
    assert r.sections == obj["sections"]


@_settings(5)
@given(cases(), st.sampled_from(["gb18030", "utf-8"]))
def test_portal_page_round_trip(case, encoding):
    obj, style, title, preamble = case
    page = portal_html(obj, title, preamble, style, charset="gbk" if encoding == "gb18030" else "utf-8")
    r = read_bytes(page.encode(encoding), "r.html")
    assert r.to_dict(with_sections=False) == _expect(obj, style), style
    assert r.sections == obj["sections"]


@_settings(25)
@given(cases())
def test_printed_pdf_round_trip(case):
    obj, style, title, preamble = case
    r = read_bytes(printed_pdf(obj, title, preamble, style), "r.pdf")
    assert r.to_dict(with_sections=False) == _expect(obj, style), style
    assert _no_problems(r) == [] or style.zero != "0"


@_settings(5)
@given(cases())
def test_markdown_round_trip(case):
    obj, style, title, preamble = case
    md = render_text(obj, "pipe", style, title=title, preamble=preamble, markdown=True)
    r = read_bytes(md.encode(), "r.md")
    assert r.to_dict(with_sections=False) == _expect(obj, style), style


def test_all_tables_of_zeros_printed_blank_read_as_a_blank_template_in_every_format():
    """The case the properties allow for: every table 0, zero printed as a blank cell. In Word, a portal
    page, a printed PDF and Markdown alike, nothing is written in any table: every cell is null, with one
    read.tables_blank error (zero printed as “/” reads as 0)."""
    from .conftest import FIXTURES

    obj = read_bytes((FIXTURES / "suqian_2024.txt").read_bytes(), "suqian_2024.txt").to_dict()
    for key in KEYS[2:]:
        obj[key] = {k: ({c: 0 for c in v} if isinstance(v, dict) else 0) for k, v in obj[key].items()}
    title = f"{obj['agency']}{obj['year']}年政府信息公开工作年度报告"
    preamble = f"本报告统计期限自{obj['year']}年1月1日至{obj['year']}年12月31日。"
    for zero, nulls, rules in (("", True, ["read.tables_blank"]), ("/", False, [])):
        style = NumberStyle(zero=zero)
        written = {
            "r.docx": word_docx(obj, title, preamble, style),
            "r.html": portal_html(obj, title, preamble, style).encode("utf-8"),
            "r.pdf": printed_pdf(obj, title, preamble, style),
            "r.md": render_text(obj, "pipe", style, title=title, preamble=preamble, markdown=True).encode(),
        }
        for name, data in written.items():
            r = read_bytes(data, name)
            cells = [v for key in KEYS[2:] for v in _values(r.to_dict(with_sections=False)[key])]
            assert all(v is None for v in cells) if nulls else all(v == 0 for v in cells), (zero, name)
            assert [f.rule for f in r.findings if f.severity != "info"] == rules, (zero, name)
