"""Document writers: Markdown, plain text, HTML and Word output of a whole report."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.catalog import APPLICANT_KEYS, CELLS, PARTS, TABLE2_ROWS, TABLE3_ROWS, TABLE4_BLOCKS
from nianbao.model import blank_figures, get_cell
from nianbao.read import read_report, read_text
from nianbao.render.document import (
    FORMATS,
    blocks,
    clean_text,
    format_for_path,
    is_subheading,
    marked,
    render_document,
    split_lead,
)
from nianbao.render.tables import NumberStyle, grids

from .conftest import FIXTURES, examples

SHAPES = {"active_disclosure": (14, 4), "applications": (28, 10), "review_litigation": (4, 15)}
TABLE_KEYS = ("active_disclosure", "applications", "review_litigation")
HEADINGS = [p.heading for p in PARTS]
PREAMBLE = "本报告根据《中华人民共和国政府信息公开条例》编制。\n本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"


def fixture_obj(name: str, agency: str | None = None) -> dict:
    obj = read_report(FIXTURES / name).to_dict()
    if agency:
        obj["agency"] = agency
    return obj


REAL = {
    "madian": ("madian_2024.txt", None),
    "suqian": ("suqian_2024.txt", "宿迁市人民政府"),
    "huaian": ("huaian_2024.txt", None),
}


@pytest.fixture(scope="module", params=sorted(REAL))
def real(request) -> dict:
    return fixture_obj(*REAL[request.param])


# --- random figure sets -------------------------------------------------------------------

counts = st.one_of(st.just(0), st.integers(1, 99), st.integers(100, 99_999))


@st.composite
def figure_sets(draw) -> dict:
    ad: dict = {}
    for row in TABLE2_ROWS:
        if len(row.columns) == 3:
            ad[row.key] = {c.key: draw(counts) for c in row.columns}
        elif row.money:
            ad[row.key] = draw(st.one_of(counts, st.integers(0, 10**6).map(lambda n: n / 100)))
        else:
            ad[row.key] = draw(counts)
    apps = {row.key: dict(zip(APPLICANT_KEYS, [draw(counts) for _ in APPLICANT_KEYS])) for row in TABLE3_ROWS}
    rl = {b.key: {c.key: draw(counts) for c in b.columns} for b in TABLE4_BLOCKS}
    return {"active_disclosure": ad, "applications": apps, "review_litigation": rl}


AGENCIES = ("洛宁县马店镇人民政府", "宿迁市人民政府", "淮安市生态环境局", "某某区街道办事处")
SECTION_POOL = {
    "overview": (
        "{y}年，本机关严格落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。\n"
        "（一）主动公开\n全年通过门户网站主动公开政府信息，及时回应社会关切。\n"
        "（二）依申请公开：规范受理、登记、办理、答复各环节。\n"
        "（三）政府信息管理。严格执行信息发布审核程序。\n"
        "（四）政府信息公开平台建设：及时更新政务信息。\n"
        "（五）监督保障：定期开展自查整改，自觉接受群众监督。",
        "{y}年，我镇扎实推进政务公开。\n（一）主动公开：围绕中心工作发布信息。",
    ),
    "problems": (
        "一是公开内容还不够全面；二是解读形式较为单一。\n下一步，我们将加强培训，丰富解读形式。",
        "（一）存在的问题\n信息更新不够及时。\n（二）改进措施\n建立信息更新台账。",
    ),
    "other_matters": ("本年度未收取信息处理费。", "本年度未收取信息处理费。\n无其他需要报告的事项。"),
}


@st.composite
def report_objs(draw) -> dict:
    year = draw(st.integers(2021, 2030))
    obj = {"agency": draw(st.sampled_from(AGENCIES)), "year": year, **draw(figure_sets())}
    obj["sections"] = {k: draw(st.sampled_from(v)).format(y=year) for k, v in SECTION_POOL.items()}
    return obj


def assert_same_report(back, obj: dict) -> None:
    assert back.to_dict() == obj
    assert not back.unread_cells
    assert not [f for f in back.findings if f.severity == "error"]


# --- format_for_path and the API ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("草稿.md", "md"),
        ("a.MARKDOWN", "md"),
        ("out/2025年报.txt", "txt"),
        ("r.html", "html"),
        ("r.HTM", "html"),
        ("年报草稿.docx", "docx"),
        ("r.pdf", None),
        ("r.doc", None),
        ("noext", None),
    ],
)
def test_format_for_path(name, fmt):
    assert format_for_path(name) == fmt
    assert format_for_path(Path(name)) == fmt


def test_formats_and_return_types(real):
    assert FORMATS == ("md", "txt", "html", "docx")
    for fmt in FORMATS:
        out = render_document(real, fmt)
        assert isinstance(out, bytes if fmt == "docx" else str)
    with pytest.raises(ValueError):
        render_document(real, "pdf")


def test_subheading_rule():
    assert is_subheading("（一）主动公开")
    assert is_subheading("(二)依申请公开情况")
    assert is_subheading("（十）其他")
    assert is_subheading("（三）加强政府信息管理，规范发布流程，做好信息公开属性认定工作")  # long, no 。
    assert not is_subheading("（一）主动公开：丰富公开内容，扩大群众知情权。紧紧围绕中心工作发布信息，保障群众知情权。")
    assert not is_subheading("一是公开内容还不够全面。")
    assert not is_subheading("2024年，本机关扎实推进政务公开。")


def test_split_lead_keeps_text():
    para = "（一）主动公开：丰富公开内容，扩大群众知情权。紧紧围绕我镇中心工作推进公开，保障群众知情权。"
    lead, rest = split_lead(para)
    assert lead == "（一）主动公开："
    assert lead + rest == para
    assert split_lead("（二）本年度共收到申请十件，均已按期答复。") == ("", "（二）本年度共收到申请十件，均已按期答复。")
    assert split_lead("本年度未收取信息处理费。") == ("", "本年度未收取信息处理费。")


def test_marked_pieces():
    text = "全年主动公开信息【待核实：1234条】，较上年增加【待核实:56条】。"
    pieces = marked(text)
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, m in pieces if m] == ["【待核实：1234条】", "【待核实:56条】"]
    assert marked("无标记。") == [("无标记。", False)]
    assert marked("") == []


MARKED_PARA = "（一）主动公开：全年通过门户网站主动公开政府信息【待核实：1234条】，较上年有所增加。"


def marked_obj() -> dict:
    obj = read_report(FIXTURES / "madian_2024.txt").to_dict()
    obj["sections"]["overview"] = "2024年，本镇扎实推进政务公开。\n" + MARKED_PARA
    return obj


def test_docx_highlights_check_markers():
    from docx.enum.text import WD_COLOR_INDEX

    doc = open_docx(render_document(marked_obj(), "docx"))
    para = next(p for p in doc.paragraphs if p.text == MARKED_PARA)
    lit = [r.text for r in para.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert lit == ["【待核实：1234条】"]
    assert para.runs[0].text == "（一）主动公开：" and para.runs[0].style.name == "Run-in Heading"


def test_html_highlights_check_markers():
    root = parse_html(render_document(marked_obj(), "html"))
    assert [m.text_content() for m in root.iter("mark")] == ["【待核实：1234条】"]
    assert MARKED_PARA in [p.text_content() for p in root.iter("p")]


def test_blocks_order_and_kinds(real):
    bs = blocks(real, preamble=PREAMBLE.format(y=real["year"]))
    assert bs[0].kind == "title" and bs[0].text == f"{real['agency']}{real['year']}年政府信息公开工作年度报告"
    assert [b.kind for b in bs[1:3]] == ["preamble", "preamble"]
    assert [b.text for b in bs if b.kind == "part"] == HEADINGS
    assert [b.key for b in bs if b.kind == "table"] == list(TABLE_KEYS)
    for key in ("overview", "problems", "other_matters"):
        texts = [b.text for b in bs if b.key == key and b.kind in ("paragraph", "subheading")]
        assert texts == [p.strip() for p in real["sections"][key].split("\n") if p.strip()]


# --- Markdown and plain text: read back exactly ------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_text_formats_read_back_real(real, fmt):
    preamble = PREAMBLE.format(y=real["year"])
    text = render_document(real, fmt, preamble=preamble)
    back = read_text(text, f"<{fmt}>")
    assert_same_report(back, real)
    # the reader's preamble is everything before part 一, title line included
    assert back.preamble.split("\n")[-2:] == preamble.split("\n")
    assert back.stats_year == real["year"]
    first = text.split("\n", 1)[0]
    assert first == ("# " if fmt == "md" else "") + f"{real['agency']}{real['year']}年政府信息公开工作年度报告"


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(obj=report_objs(), fmt=st.sampled_from(["md", "txt"]))
def test_text_formats_read_back_random(obj, fmt):
    back = read_text(render_document(obj, fmt), f"<{fmt}>")
    assert_same_report(back, obj)


def test_markdown_layout(real):
    md = render_document(real, "md", preamble="甲。\n乙。")
    lines = md.split("\n")
    assert lines[0].startswith("# ")
    assert [ln[3:] for ln in lines if ln.startswith("## ")] == HEADINGS
    # each preamble paragraph is its own Markdown paragraph
    assert lines[2:5] == ["甲。", "", "乙。"]
    # pipe tables: the table's first row is the Markdown header, followed by the separator line
    for key, (_, width) in SHAPES.items():
        first = grids(real)[key][0][0].text
        i = next(n for n, ln in enumerate(lines) if ln.startswith(f"| {first} |"))
        assert lines[i + 1] == "|" + "|".join(["---"] * width) + "|"


def test_custom_title(real):
    title = "关于2025年政府信息公开工作的年度报告（草稿）"
    for fmt in ("md", "txt", "html"):
        assert title in render_document(real, fmt, title=title)
    doc = open_docx(render_document(real, "docx", title=title))
    assert doc.paragraphs[0].text.split("\n") == ["关于2025年政府信息公开工作的", "年度报告（草稿）"]  # broken between words


# --- Word ------------------------------------------------------------------------------


def open_docx(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def _qn(tag):
    from docx.oxml.ns import qn

    return qn(tag)


def docx_cells(table) -> dict[tuple[int, int], tuple[str, int, int]]:
    """Origin cells of a Word table by grid position: (text, colspan, rowspan)."""
    origins: dict[tuple[int, int], list] = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        c = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue":
                above = next(k for k in sorted(origins, reverse=True) if k[1] == c and k[0] < r)
                origins[above][2] += 1
            else:
                text = "".join(t.text or "" for t in tc.iter(_qn("w:t")))
                origins[(r, c)] = [text, span, 1]
            c += span
    return {k: tuple(v) for k, v in origins.items()}


def grid_cells(grid) -> dict[tuple[int, int], tuple[str, int, int]]:
    return {
        (r, c): (cell.text, cell.colspan, cell.rowspan)
        for r, row in enumerate(grid)
        for c, cell in enumerate(row)
        if not cell.merged
    }


def merge_pattern(table) -> list[list[tuple[int, str | None]]]:
    return [[(tc.grid_span, tc.vMerge) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def style_font(style) -> str | None:
    rfonts = style.element.rPr.find(_qn("w:rFonts"))
    return rfonts.get(_qn("w:eastAsia"))


def test_docx_structure(real):
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

    doc = open_docx(render_document(real, "docx", preamble=PREAMBLE.format(y=real["year"])))
    paras = doc.paragraphs
    assert paras[0].text.split("\n") == [real["agency"], f"{real['year']}年政府信息公开工作年度报告"]
    assert paras[0].style.name == "Title"
    assert [p.text for p in paras if p.style.name == "Heading 1"] == HEADINGS
    assert [p.text for p in paras[1:3]] == PREAMBLE.format(y=real["year"]).split("\n")

    # narrative: every paragraph, in order, under its heading
    body = [p.text for p in paras]
    for part in PARTS:
        if part.kind != "narrative":
            continue
        start = body.index(part.heading) + 1
        expected = [p.strip() for p in real["sections"][part.key].split("\n") if p.strip()]
        assert body[start: start + len(expected)] == expected

    # page: A4, margins 37/35/28/26 mm
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    for name, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(getattr(s, f"{name}_margin").mm - mm) < 0.1
    footer = s.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "fldChar" in footer

    # fonts (East Asian included), sizes, line spacing, indent
    st_ = doc.styles
    assert style_font(st_["Normal"]) == "仿宋_GB2312"
    assert style_font(st_["Title"]) == "方正小标宋简体"
    assert style_font(st_["Heading 1"]) == "黑体"
    assert style_font(st_["Heading 2"]) == "楷体_GB2312"
    assert st_["Normal"].font.name == "仿宋_GB2312"
    assert st_["Title"].font.size.pt == 22 and st_["Normal"].font.size.pt == 16
    assert st_["Heading 1"].font.size.pt == 16 and not st_["Heading 1"].font.bold
    assert st_["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    pf = st_["Normal"].paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and 28 <= pf.line_spacing.pt <= 29
    assert pf.first_line_indent.pt == 32
    assert st_["Normal"].element.pPr.find(_qn("w:ind")).get(_qn("w:firstLineChars")) == "200"
    assert st_["Title"].element.pPr.find(_qn("w:ind")).get(_qn("w:firstLineChars")) == "0"
    styles_xml = doc.styles.element.xml
    assert "asciiTheme" not in st_["Normal"].element.xml and "asciiTheme" not in st_["Heading 1"].element.xml
    assert 'w:eastAsia="zh-CN"' in styles_xml


def test_docx_tables_match_official_form(real):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = open_docx(render_document(real, "docx"))
    official = docx.Document(FIXTURES / "official_blank_template.docx")
    assert len(doc.tables) == 3
    expected = grids(real)
    for table, template, key in zip(doc.tables, official.tables, TABLE_KEYS):
        assert (len(table.rows), len(table.columns)) == SHAPES[key]
        xml = table._tbl.xml
        assert "w:gridSpan" in xml and ("w:vMerge" in xml or key == "active_disclosure")
        assert merge_pattern(table) == merge_pattern(template)  # merged cells exactly as the official form
        assert docx_cells(table) == grid_cells(expected[key])
        borders = table._tbl.tblPr.find(_qn("w:tblBorders"))
        assert [b.get(_qn("w:val")) for b in borders] == ["single"] * 6
        table_style = doc.styles["Table Text"]
        assert table_style.font.size.pt == 10 and style_font(table_style) == "仿宋_GB2312"
        # number cells centred
        last = table.rows[-1].cells[-1].paragraphs[0]
        assert last.style.name == "Table Text"
        assert (last.alignment or table_style.paragraph_format.alignment) == WD_ALIGN_PARAGRAPH.CENTER


def test_docx_subheadings_and_run_in_heads():
    obj = {
        "agency": "某某区街道办事处",
        "year": 2025,
        **read_report(FIXTURES / "madian_2024.txt").to_dict(with_sections=False),
        "sections": {
            "overview": "2025年，本街道扎实推进政务公开。\n（一）主动公开\n全年主动公开政府信息。\n"
            "（二）依申请公开：规范受理、登记、办理、答复各环节，所有申请均在法定期限内答复申请人。",
            "problems": "一是公开不够全面。",
            "other_matters": "本年度未收取信息处理费。",
        },
    }
    doc = open_docx(render_document(obj, "docx"))
    by_text = {p.text: p for p in doc.paragraphs}
    assert by_text["（一）主动公开"].style.name == "Heading 2"
    lead_para = by_text["（二）依申请公开：规范受理、登记、办理、答复各环节，所有申请均在法定期限内答复申请人。"]
    assert lead_para.style.name == "Normal"
    assert lead_para.runs[0].text == "（二）依申请公开：" and lead_para.runs[0].style.name == "Run-in Heading"
    assert style_font(doc.styles["Run-in Heading"]) == "楷体_GB2312"


@settings(max_examples=examples(10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(obj=report_objs())
def test_docx_numbers_random(obj):
    """Every official number lands in its cell of the Word tables, unchanged."""
    doc = open_docx(render_document(obj, "docx"))
    expected = grids(obj)
    for table, key in zip(doc.tables, TABLE_KEYS):
        assert docx_cells(table) == grid_cells(expected[key])
    fmt = NumberStyle()
    values = [
        text
        for table, key in zip(doc.tables, TABLE_KEYS)
        for (r, c), (text, _, _) in sorted(docx_cells(table).items())
        if expected[key][r][c].value
    ]
    assert values == [fmt(get_cell(obj, cell.path)) for cell in CELLS]


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200))
def test_docx_and_html_hold_any_text(text):
    """Any narrative text, control characters included, gives a valid document with that text."""
    obj = {"agency": "某镇人民政府", "year": 2024, **blank_figures()}
    obj["sections"] = {"overview": text, "problems": "（一）" + text, "other_matters": "本年度未收取信息处理费。"}
    expected = [clean_text(p).strip() for p in text.split("\n") if clean_text(p).strip()]
    doc = open_docx(render_document(obj, "docx", preamble=text))
    body = [p.text for p in doc.paragraphs]
    start = body.index(HEADINGS[0]) + 1
    assert body[start: start + len(expected)] == expected
    assert body[1: 1 + len(expected)] == expected
    root = parse_html(render_document(obj, "html", preamble=text))
    assert [p.text_content() for p in root.iter("p")][: len(expected)] == expected
    assert not list(root.iter("script"))


# --- HTML ------------------------------------------------------------------------------


def parse_html(text: str):
    import lxml.html

    return lxml.html.document_fromstring(text)


def html_cells(table) -> dict[tuple[int, int], tuple[str, int, int]]:
    """Origin cells of an HTML table by grid position, rowspan/colspan expanded."""
    taken: set[tuple[int, int]] = set()
    out = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            cs, rs = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
            out[(r, c)] = (cell.text_content(), cs, rs)
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs
    return out


def test_html_structure(real):
    page = render_document(real, "html", preamble=PREAMBLE.format(y=real["year"]))
    assert page.startswith("<!DOCTYPE html>")
    root = parse_html(page)
    assert root.get("lang") == "zh-CN"
    assert root.find(".//meta[@charset]").get("charset").lower() == "utf-8"
    title = f"{real['agency']}{real['year']}年政府信息公开工作年度报告"
    assert root.findtext(".//title") == title
    assert [h.text_content() for h in root.iter("h1")] == [title]
    assert [h.text_content() for h in root.iter("h2")] == HEADINGS
    tables = list(root.iter("table"))
    assert len(tables) == 3
    expected = grids(real)
    for table, key in zip(tables, TABLE_KEYS):
        cells = html_cells(table)
        assert cells == grid_cells(expected[key])
        rows, cols = SHAPES[key]
        assert max(r + rs for (r, _), (_, _, rs) in cells.items()) == rows
        assert max(c + cs for (_, c), (_, cs, _) in cells.items()) == cols
        assert table.xpath(".//*[@colspan]") and (key == "active_disclosure" or table.xpath(".//*[@rowspan]"))
    paras = [p.text_content() for p in root.iter("p")]
    for key in ("overview", "problems", "other_matters"):
        for para in real["sections"][key].split("\n"):
            if para.strip() and not is_subheading(para):
                assert para.strip() in paras


def test_html_escapes_everything_and_is_self_contained():
    obj = read_report(FIXTURES / "madian_2024.txt").to_dict()
    evil = '<script>alert("x")</script> & <img src="http://example.com/a.png">'
    obj["agency"] = "某镇<b>人民政府</b>"
    obj["sections"] = {
        "overview": f"（一）主动公开：{evil}。\n{evil}",
        "problems": "（二）<i>问题</i>",
        "other_matters": "本年度未收取信息处理费。",
    }
    page = render_document(obj, "html", preamble=evil)
    root = parse_html(page)
    assert not list(root.iter("script")) and not list(root.iter("img"))
    assert not list(root.iter("b")) and not list(root.iter("i")) and not list(root.iter("link"))
    assert root.findtext(".//h1") == "某镇<b>人民政府</b>2024年政府信息公开工作年度报告"
    texts = [p.text_content() for p in root.iter("p")]
    assert texts.count(evil) == 2  # preamble and the plain overview paragraph
    assert f"（一）主动公开：{evil}。" in texts
    assert "（二）<i>问题</i>" in [h.text_content() for h in root.iter("h3")]
    # no external resources: nothing that loads a URL
    assert not root.xpath("//*[@src or @href]")
    clean = render_document(read_report(FIXTURES / "madian_2024.txt").to_dict(), "html")
    assert not parse_html(clean).xpath("//*[@src or @href]")
    assert "url(" not in clean and "@import" not in clean and "http" not in clean


def test_html_print_style(real):
    page = render_document(real, "html")
    style = parse_html(page).findtext(".//style")
    assert "@page" in style and "size: A4" in style and "37mm 26mm 35mm 28mm" in style
    assert "仿宋_GB2312" in style and "16pt" in style


# --- round trips through the format readers (issue 6) ----------------------------------


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_read_back_with_format_readers(real, fmt, tmp_path):
    from nianbao.read import REPORT_SUFFIXES

    if f".{fmt}" not in REPORT_SUFFIXES:
        pytest.skip(f"read_report does not read .{fmt} files yet (issue 6 readers)")
    path = tmp_path / f"report.{fmt}"
    data = render_document(real, fmt, preamble=PREAMBLE.format(y=real["year"]))
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    assert_same_report(read_report(path), real)


# --- lazy imports ------------------------------------------------------------------------


def test_document_module_does_not_import_heavy_libraries():
    code = (
        "import sys, nianbao.render.document as d\n"
        "d.render_document({'agency': 'x', 'year': 2024, **__import__('nianbao.model').model.blank_figures()}, 'html')\n"
        "print(sorted(m for m in ('docx', 'lxml', 'jieba', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
