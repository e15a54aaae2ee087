"""Word output to GB/T 9704: page numbers at the outer edge, the title broken between words,
the 落款, table 三's number columns, fall-back fonts — asserted on the document's XML."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from nianbao.compare.words import cut
from nianbao.read import read_bytes, read_report
from nianbao.render.document import render_document
from nianbao.render.docx import (
    CELL_MARGIN_TWIPS,
    TABLE_PT,
    TEXT_WIDTH_TWIPS,
    TITLE_LINE_CHARS,
    text_width,
    title_lines,
)

from .conftest import FIXTURES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REAL = ("madian_2024.txt", "suqian_2024.txt", "huaian_2024.txt")


@pytest.fixture(scope="module", params=REAL)
def real(request):
    obj = read_report(FIXTURES / request.param).to_dict()
    obj["agency"] = obj["agency"] or "宿迁市人民政府"  # the 宿迁 fixture has no title line
    return obj


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _xml(data: bytes, name: str):
    from lxml import etree

    return etree.fromstring(_parts(data)[name])


def _footer_paragraph(data: bytes, kind: str):
    """The footer paragraph of the first section's ``kind`` (default = odd pages, even) footer."""
    from lxml import etree

    doc = _xml(data, "word/document.xml")
    rels = etree.fromstring(_parts(data)["word/_rels/document.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    ref = next(r for r in doc.iter(W + "footerReference") if r.get(W + "type") == kind)
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    footer = _xml(data, "word/" + targets[rid])
    return footer.find(W + "p")


def test_page_numbers_at_the_outer_edge(real):
    data = render_document(real, "docx")
    settings = _xml(data, "word/settings.xml")
    assert settings.find(W + "evenAndOddHeaders") is not None
    for kind, side in (("default", "right"), ("even", "left")):
        p = _footer_paragraph(data, kind)
        ppr = p.find(W + "pPr")
        assert ppr.find(W + "jc").get(W + "val") == side
        assert ppr.find(W + "ind").get(f"{W}{side}Chars") == "100"  # one character in
        text = "".join(t.text for t in p.iter(W + "t"))
        instr = "".join(t.text for t in p.iter(W + "instrText"))
        assert text == "— 1 —" and instr.strip() == "PAGE"
        assert [f.get(W + "fldCharType") for f in p.iter(W + "fldChar")] == ["begin", "separate", "end"]
    styles = _xml(data, "word/styles.xml")
    footer = next(s for s in styles.iter(W + "style") if s.get(W + "styleId") == "Footer")
    assert footer.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "宋体"
    assert footer.find(f"{W}rPr/{W}sz").get(W + "val") == "28"  # 四号 = 14 pt


def test_fall_back_fonts_are_serif_faces():
    obj = read_report(FIXTURES / "madian_2024.txt").to_dict()
    data = render_document(obj, "docx")
    fonts = {f.get(W + "name"): f for f in _xml(data, "word/fontTable.xml").iter(W + "font")}
    expected = {"仿宋_GB2312": "仿宋", "方正小标宋简体": "宋体", "楷体_GB2312": "楷体", "宋体": "SimSun"}
    for name, alternative in expected.items():
        font = fonts[name]
        assert alternative in font.find(W + "altName").get(W + "val").split(","), name
        assert font.find(W + "family").get(W + "val") == "roman", name  # serif, never a sans face
        assert font.find(W + "charset").get(W + "val") == "86", name  # GB2312
    assert fonts["黑体"].find(W + "family").get(W + "val") == "swiss"
    # every font a style names is declared with its fall-back
    styles = _xml(data, "word/styles.xml")
    used = {f.get(W + "eastAsia") for f in styles.iter(W + "rFonts") if f.get(W + "eastAsia")}
    assert used and used <= set(fonts)
    lang = _xml(data, "word/settings.xml").find(W + "themeFontLang")
    assert lang.get(W + "eastAsia") == "zh-CN"


def test_table_three_number_columns_hold_five_digits(real):
    data = render_document(real, "docx")
    doc = _xml(data, "word/document.xml")
    tables = list(doc.iter(W + "tbl"))
    grid = [int(c.get(W + "w")) for c in tables[1].find(W + "tblGrid")]
    assert len(grid) == 10 and sum(grid) <= TEXT_WIDTH_TWIPS
    # five digits of the table font, even in a wide fall-back face (DejaVu Sans: 0.636 em), plus the cell margins
    need = 5 * 0.636 * TABLE_PT * 20 + 2 * CELL_MARGIN_TWIPS
    assert all(w >= need for w in grid[3:]), grid
    # the label columns as in the official template: three characters, four, the rest
    assert grid[0] >= 3 * TABLE_PT * 20 and grid[1] >= 4 * TABLE_PT * 20 and grid[2] > grid[1]
    size = _xml(data, "word/styles.xml")
    table_style = next(s for s in size.iter(W + "style") if s.get(W + "styleId") == "TableText")
    assert int(table_style.find(f"{W}rPr/{W}sz").get(W + "val")) == TABLE_PT * 2
    # the widest number of the real table 三 fits its column
    widest = max(len(str(v)) for row in real["applications"].values() for v in row.values())
    assert widest * 0.636 * TABLE_PT * 20 + 2 * CELL_MARGIN_TWIPS <= grid[3]


def _title_runs(data: bytes) -> list[str]:
    body = _xml(data, "word/document.xml").find(W + "body")
    p = body.find(W + "p")
    lines = [""]
    for node in p.iter(W + "t", W + "br"):
        if node.tag == W + "br":
            lines.append("")
        else:
            lines[-1] += node.text
    return lines


def test_title_is_broken_between_agency_and_year(real):
    data = render_document(real, "docx")
    lines = _title_runs(data)
    assert lines == [real["agency"], f"{real['year']}年政府信息公开工作年度报告"]
    assert all(text_width(line) <= TITLE_LINE_CHARS for line in lines)
    back = read_bytes(data, "r.docx")  # the reader joins the lines into one title
    assert (back.agency, back.year) == (real["agency"], real["year"])


@pytest.mark.parametrize("agency, expected", [
    ("洛宁县马店镇人民政府", ["洛宁县马店镇人民政府"]),
    ("国家税务总局宿迁市宿城区税务局", ["国家税务总局宿迁市宿城区税务局"]),
    ("中国（河南）自由贸易试验区郑州片区管理委员会", ["中国（河南）自由贸易试验区", "郑州片区管理委员会"]),
    ("江苏省宿迁经济技术开发区管理委员会经济发展局", ["江苏省宿迁经济技术开发区", "管理委员会经济发展局"]),
])
def test_long_agency_names_break_between_words(agency, expected):
    lines = title_lines(f"{agency}2025年政府信息公开工作年度报告", agency)
    assert lines == expected + ["2025年政府信息公开工作年度报告"]
    # no line ends inside a word
    bounds, pos = set(), 0
    for token in cut(agency):
        pos += len(token)
        bounds.add(pos)
    pos = 0
    for line in expected:
        pos += len(line)
        assert pos in bounds, line


def test_a_long_agency_reads_back_whole(tmp_path):
    obj = read_report(FIXTURES / "madian_2024.txt").to_dict()
    obj["agency"] = "中国（河南）自由贸易试验区郑州片区管理委员会"
    data = render_document(obj, "docx")
    assert len(_title_runs(data)) == 3
    back = read_bytes(data, "r.docx")
    assert back.agency == obj["agency"] and back.year == obj["year"]


def test_custom_titles_break_at_words_too():
    assert title_lines("关于2025年政府信息公开工作的年度报告（草稿）") == ["关于2025年政府信息公开工作的", "年度报告（草稿）"]
    assert title_lines("某局2025年政府信息公开工作年度报告", "某局") == ["某局2025年政府信息公开工作年度报告"]  # fits one line


def test_signature_at_the_end(real):
    import docx

    data = render_document(real, "docx")
    doc = docx.Document(io.BytesIO(data))
    *_, blank, agency, date = doc.paragraphs
    assert blank.text == ""
    assert (agency.text, date.text) == (real["agency"], f"{real['year'] + 1}年\u3000月\u3000日")
    assert agency.style.name == date.style.name == "Signature"
    indent = {p.text: int(p._p.pPr.find(W + "ind").get(W + "rightChars")) for p in (agency, date)}
    # GB/T 9704 without a seal: the agency two characters in, the date two characters right of its start
    a, d = text_width(agency.text), text_width(date.text)
    if a - d >= 2:
        assert indent == {agency.text: 200, date.text: round(a - d) * 100}
    else:
        assert indent[date.text] == 200 and indent[agency.text] == round(4 + d - a) * 100
    # the 落款 is not read back as part 六
    back = read_bytes(data, "r.docx")
    assert back.sections["other_matters"] == real["sections"]["other_matters"]


def test_drafted_word_report_checks_clean(cli, tmp_path):
    from .conftest import EXAMPLE, ROOT

    out = tmp_path / "draft.docx"
    assert cli("draft", ROOT / "examples" / "madian-2025" / "figures.yaml", "--prior", EXAMPLE, "-o", out).code == 0
    data = out.read_bytes()
    assert _title_runs(data) == ["洛宁县马店镇人民政府", "2025年政府信息公开工作年度报告"]
    assert re.search(r"2026年\u3000月\u3000日", "".join(t.text or "" for t in _xml(data, "word/document.xml").iter(W + "t")))
    r = cli("check", out, "--prior", EXAMPLE, "--format", "json")
    import json

    errors = [f for f in json.loads(r.out)["findings"] if f["severity"] == "error"]
    assert all(f["rule"] == "draft.unresolved_marker" for f in errors), errors  # only markers left to resolve
    assert r.code == (1 if errors else 0)
