"""Reading reports as published: Word (.docx), saved web pages (.html/.mht), PDF, Markdown.

Documents are built here the way the wild makes them (a portal page in GBK with navigation and
words split across ``<span>``s; a Word file with merged cells, text split across runs and
automatic numbering; a PDF drawn with ruled tables and page marks; Markdown from an OCR tool
with split tables) and must read back to exactly the figures they were made from. Files the
readers cannot read must give one Chinese message and exit status 2.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from html import escape

import pytest

from nianbao.catalog import CELLS, PARTS
from nianbao.errors import ReportReadError
from nianbao.read import REPORT_SUFFIXES, read_bytes, read_report
from nianbao.read.detect import sniff
from nianbao.render.tables import GridCell, grids

from .builders import NumberStyle, reportlab_table
from .conftest import FIXTURES

KEYS = ("agency", "year", "active_disclosure", "applications", "review_litigation")
TEXT_COPY = FIXTURES / "huaian_2024.txt"


@pytest.fixture(scope="module")
def huaian():
    """The canonical object of the 淮安 2024 report (text copy), with its title and preamble."""
    r = read_report(TEXT_COPY)
    return {"obj": r.to_dict(), "title": r.title, "preamble": r.preamble}


def figures_of(report) -> dict:
    return report.to_dict(with_sections=False)


def nonblank(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- builders: documents as published ---------------------------------------------------


def _paragraphs(obj: dict, key: str) -> list[str]:
    return [p for p in (obj["sections"].get(key) or "").split("\n") if p]


def _split_words(text: str, every: int = 7) -> list[str]:
    """Pieces of ``text`` cut every few characters (as Word runs and web ``<span>``s cut words)."""
    return [text[i: i + every] for i in range(0, len(text), every)] or [""]


def portal_html(obj: dict, title: str, preamble: str, style: NumberStyle | None = None, charset: str = "gb2312") -> str:
    """A report page as saved from a government portal: navigation, a sidebar listing other
    years' reports, the article in a layout table, Word-ish markup (``<o:p>``, ``&nbsp;``,
    ``<span>`` runs), tables with rowspan/colspan and wrapped labels, scripts and a footer."""
    tables = grids(obj, style or NumberStyle())

    def para(text: str, bold: bool = False) -> str:
        runs = "".join(f'<span style="font-family:仿宋_GB2312;font-size:16pt">{escape(p)}</span>' for p in _split_words(text))
        if bold:
            runs = f"<strong>{runs}</strong>"
        return f'<p class="MsoNormal" style="text-indent:32pt">&nbsp;&nbsp;{runs}<o:p></o:p></p>\n'

    def cell(c: GridCell) -> str:
        attrs = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
        text = c.text
        if not c.value and len(text) > 6:  # a wrapped label: two paragraphs in the cell
            inner = f"<p><span>{escape(text[:4])}</span></p><p><span>{escape(text[4:])}</span></p>"
        elif c.value and len(text) > 2:
            inner = f"<p align=center><span lang=EN-US>{escape(text[:2])}</span><span lang=EN-US>{escape(text[2:])}</span></p>"
        else:
            inner = f"<p><span>{escape(text) if text else '&nbsp;'}</span></p>"
        return f'<td width="60" valign="center"{attrs}>{inner}</td>'

    def table(grid) -> str:
        rows = "".join("<tr>" + "".join(cell(c) for c in row if not c.merged) + "</tr>\n" for row in grid)
        return f'<div align=center><table class="MsoNormalTable" border="1" cellspacing="0"><tbody>{rows}</tbody></table></div>\n'

    article = para(preamble) if preamble else ""
    for part in PARTS:
        article += para(part.heading, bold=True)
        if part.kind == "table":
            article += table(tables[part.key])
        else:
            article += "".join(para(p) for p in _paragraphs(obj, part.key))
    year = obj["year"]
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{escape(title)}_{escape(obj['agency'])}</title>
<link rel="stylesheet" href="/css/main.css" />
<script type="text/javascript">var nav = "<p>一、总体情况</p>"; document.write("<table><tr><td>二、主动公开政府信息情况</td></tr></table>");</script>
<style>p.MsoNormal {{ margin:0 }} </style>
</head>
<body>
<div class="header"><img src="/images/logo.png" alt="{escape(obj['agency'])}" /><div class="search"><input type="text" value="请输入关键字" /><button>搜索</button></div></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zwfw/">政务服务</a></li></ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 政府信息公开年报</div>
<table width="1000" border="0" cellspacing="0" cellpadding="0" class="layout"><tr>
<td width="240" valign="top" class="side">
  <div class="side-title">政府信息公开年报</div>
  <ul>
    <li><a href="/nb/{year - 1}.html">{escape(obj['agency'])}{year - 1}年政府信息公开工作年度报告</a></li>
    <li><a href="/nb/{year - 2}.html">{escape(obj['agency'])}{year - 2}年政府信息公开工作年度报告</a></li>
  </ul>
</td>
<td width="760" valign="top" class="main">
  <div class="article-title"><h1>{escape(title)}</h1></div>
  <div class="article-info">发布日期：{year + 1}-01-20&nbsp;&nbsp;来源：{escape(obj['agency'])}办公室&nbsp;&nbsp;浏览次数：<span id="hits">1024</span>&nbsp;&nbsp;【<a href="javascript:window.print()">打印</a>】</div>
  <div class="TRS_Editor"><div class="Custom_UnionStyle">
{article}  </div></div>
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
  <div class="related"><h3>相关文件</h3><ul><li><a href="/nb/{year - 1}.html">{escape(obj['agency'])}{year - 1}年政府信息公开工作年度报告</a></li></ul></div>
  <div style="display:none">一、总体情况 隐藏的重复内容</div>
</td></tr></table>
<div class="footer">主办：{escape(obj['agency'])}办公室 &nbsp; 网站标识码：3208000001 &nbsp; 苏ICP备05000000号<br />地址：翔宇南道1号 &nbsp; 联系电话：0517-83605210</div>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
</body>
</html>
"""


#: table key → the table with its cells merged as the official form merges them (merging with python-docx is
#: slow, and the spans never depend on the numbers): each document gets a copy
_MERGED_TABLES: dict = {}


def _merged_table(key: str, grid: list[list[GridCell]]):
    """A ``<w:tbl>`` of ``grid``'s shape with its spans merged, empty, for :func:`word_docx` to copy."""
    import copy

    import docx

    if key not in _MERGED_TABLES:
        t = docx.Document().add_table(rows=len(grid), cols=len(grid[0]))
        for r, row in enumerate(grid):
            for c, g in enumerate(row):
                if g.merged or (g.colspan == 1 and g.rowspan == 1):
                    continue
                t.cell(r, c).merge(t.cell(r + g.rowspan - 1, c + g.colspan - 1))
        _MERGED_TABLES[key] = t._tbl
    return copy.deepcopy(_MERGED_TABLES[key])


def word_docx(obj: dict, title: str, preamble: str, style: NumberStyle | None = None) -> bytes:
    """A .docx as drafted in Word: the official tables with merged cells (gridSpan/vMerge),
    text split across runs, labels wrapped over two paragraphs in a cell, a page-break run."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.table import Table

    doc = docx.Document()

    def para(text: str, bold: bool = False):
        p = doc.add_paragraph()
        for piece in _split_words(text, 5):
            p.add_run(piece).bold = bold
        return p

    para(title, bold=True)
    if preamble:
        para(preamble)
    tables = grids(obj, style or NumberStyle())
    for part in PARTS:
        para(part.heading, bold=True)
        if part.kind == "narrative":
            for p in _paragraphs(obj, part.key):
                para(p)
            continue
        grid = tables[part.key]
        t = doc.add_table(rows=0, cols=len(grid[0]))
        merged = _merged_table(part.key, grid)
        t._tbl.getparent().replace(t._tbl, merged)
        t = Table(merged, t._parent)
        t.style = "Table Grid"
        width = len(grid[0])
        all_cells = t._cells  # one pass over the grid (t.cell() walks the whole table each call)
        for r, row in enumerate(grid):
            for c, g in enumerate(row):
                if g.merged:
                    continue
                cell = all_cells[r * width + c]
                cell.paragraphs[0].text = ""
                if not g.value and len(g.text) > 8:
                    cell.paragraphs[0].add_run(g.text[:5])
                    cell.add_paragraph().add_run(g.text[5:])
                else:
                    for piece in _split_words(g.text, 3):
                        cell.paragraphs[0].add_run(piece)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _cjk_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def printed_pdf(obj: dict, title: str, preamble: str, style: NumberStyle | None = None, ruled: bool = True) -> bytes:
    """A PDF as printed from Word: A4, wrapped paragraphs, ruled tables with spans, “- N -” marks."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = _cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=14, leading=24, wordWrap="CJK", firstLineIndent=28)
    head = ParagraphStyle("head", parent=body, firstLineIndent=0)
    cells = ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9, wordWrap="CJK")
    story = [Paragraph(escape(title), head), Spacer(1, 12)]
    if preamble:
        story.append(Paragraph(escape(preamble), body))
    tables = grids(obj, style or NumberStyle())
    for part in PARTS:
        story.append(Paragraph(escape(part.heading), head))
        if part.kind == "narrative":
            story += [Paragraph(escape(p), body) for p in _paragraphs(obj, part.key)]
            continue
        grid = tables[part.key]
        widths = [30, 40, 110] + [40] * 7 if part.key == "applications" else None
        story.append(reportlab_table(grid, cells, font, 7.5, ruled, 460, widths))
        story.append(Spacer(1, 12))

    def page_mark(canvas, doc):
        canvas.setFont(font, 12)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=70, rightMargin=70).build(story, onFirstPage=page_mark, onLaterPages=page_mark)
    return out.getvalue()


# --- format detection -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,kind",
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\n\n%PDF-1.4 junk", "pdf"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"\xef\xbb\xbf  <html><body>x</body></html>", "html"),
        (b"<!-- saved from url=(0040)http://www.gov.cn/ -->\n<html>", "html"),
        (b'<?xml version="1.0" encoding="gb2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        ("<table><tr><td>规章</td></tr></table>".encode("gb18030"), "html"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n", "mhtml"),
        ("# 2024年报\n\n## 一、总体情况\n".encode(), "text"),
        ("一、总体情况\n<正文>".encode("gb18030"), "text"),
    ],
)
def test_sniff_by_content(data, kind):
    assert sniff(data, "report.txt") == kind


def test_sniff_zip_kinds_and_refusals(tmp_path):
    def zipped(names):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for n in names:
                zf.writestr(n, "<x/>")
        return buf.getvalue()

    assert sniff(zipped(["[Content_Types].xml", "word/document.xml"]), "a.pdf") == "docx"
    for names, words in ((["xl/workbook.xml"], "Excel"), (["mimetype", "content.xml"], "OpenDocument"), (["a.txt"], "压缩包")):
        with pytest.raises(ReportReadError, match=words):
            sniff(zipped(names), "a.docx")
    with pytest.raises(ReportReadError, match=r"\.doc.*另存为 \.docx"):
        sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "2024年报.doc")
    with pytest.raises(ReportReadError, match=r"WPS 文档（\.wps）"):
        sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "2024年报.wps")
    from nianbao.read import ocr

    if ocr.available():  # a page image is read by text recognition
        assert sniff(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "scan.png") == "image"
    else:
        with pytest.raises(ReportReadError, match=r"nianbao\[ocr\]"):
            sniff(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "scan.png")
    with pytest.raises(ReportReadError, match="Word 2003 XML"):
        sniff(b'<?xml version="1.0"?>\n<?mso-application progid="Word.Document"?>\n<w:wordDocument>', "a.doc")


def test_folders_pick_up_every_format():
    for suffix in (".docx", ".html", ".htm", ".shtml", ".pdf", ".md", ".txt"):
        assert suffix in REPORT_SUFFIXES


# --- the real files -----------------------------------------------------------------------


def test_real_pdf_reads_exactly_as_its_text_copy():
    text = read_report(TEXT_COPY)
    pdf = read_report(FIXTURES / "huaian_2024.pdf")
    assert figures_of(pdf) == figures_of(text)
    assert pdf.sections == text.sections
    assert (pdf.title, pdf.preamble) == (text.title, text.preamble)
    assert pdf.findings == [] and pdf.unread_cells == set()


def test_real_pdf_tables_come_from_the_table_structure():
    from nianbao.read.pdf import pdf_text

    pdf = pdf_text((FIXTURES / "huaian_2024.pdf").read_bytes(), "huaian_2024.pdf")
    lines = pdf.text.split("\n")
    # table rows are tab-separated cells with the wrapped labels re-joined
    assert "（五）不予处理\t1.信访举报投诉类申请\t56\t6\t0\t0\t0\t0\t62" in lines
    assert "5.要求行政机关确认或重新出具已获取信息\t1\t0\t0\t0\t0\t0\t1" in lines
    assert pdf.page_count == 6 and pdf.pages_without_text == []
    assert set(pdf.line_pages) == {1, 2, 3, 4, 5, 6}


def test_official_blank_template_reads_as_structure_without_numbers(cli):
    path = FIXTURES / "official_blank_template.docx"
    r = read_report(path)
    assert set(r.parts) == {p.key for p in PARTS}
    assert all(v is None for v in _values(r.figures))  # unknown is null, never 0
    assert r.unread_cells == {c.path for c in CELLS}  # the numbers are unknown, not zero
    rules = [f.rule for f in r.findings]
    assert rules.count("read.tables_blank") == 1 and "read.blank_as_zero" not in rules
    blank = next(f for f in r.findings if f.rule == "read.tables_blank")
    assert blank.severity == "error" and "空白模板" in blank.message
    res = cli("check", path)
    assert res.code == 1 and "空白模板" in res.out and "Traceback" not in res.out + res.err


def _values(figures):
    from nianbao.model import iter_cells

    return [v for _, v in iter_cells(figures)]


def test_one_blank_table_is_a_warning_not_invented(huaian):
    obj = json.loads(json.dumps(huaian["obj"]))
    for block in obj["review_litigation"].values():
        for k in block:
            block[k] = 0
    html = portal_html(obj, huaian["title"], huaian["preamble"], NumberStyle(zero=""))
    # only table 4 is entirely blank (zeros written as blank cells)
    r = read_bytes(html.encode("gb18030"), "page.html")
    assert figures_of(r) == {k: obj[k] for k in KEYS}
    blank = [f for f in r.findings if f.rule.startswith("read.table")]
    assert [(f.rule, f.severity, f.area) for f in blank] == [("read.table_blank", "warning", "table4")]


# --- round trips: documents built as published read back exactly -------------------------


def test_portal_page_in_gbk_reads_exactly(huaian):
    obj = huaian["obj"]
    page = portal_html(obj, huaian["title"], huaian["preamble"])
    r = read_bytes(page.encode("gb18030"), "淮安市人民政府2024年报.html")
    assert figures_of(r) == {k: obj[k] for k in KEYS}
    assert r.sections == obj["sections"]
    assert r.findings == []
    # navigation, sidebar, hidden text, scripts and footer stay out of the report
    assert "首页" not in "\n".join(r.lines) and "隐藏" not in "\n".join(r.lines)
    assert "ICP" not in r.sections["other_matters"] and "分享" not in r.sections["other_matters"]


def test_portal_page_title_comes_from_above_the_article(huaian):
    obj = huaian["obj"]
    page = portal_html(obj, "淮安市人民政府2024年政府信息公开工作年度报告", huaian["preamble"])
    r = read_bytes(page.encode("gb18030"), "page.htm")
    # the sidebar lists the 2023 and 2022 reports before the article: the article's own title wins
    assert (r.agency, r.year) == ("淮安市人民政府", 2024)


def test_page_title_element_is_the_last_resort(huaian):
    obj = huaian["obj"]
    page = portal_html(obj, "淮安市人民政府2024年政府信息公开工作年度报告", huaian["preamble"])
    page = re.sub(r"<h1>.*?</h1>", "", page)
    page = re.sub(r'<div class="side-title">.*?</ul>', "", page, flags=re.S)
    r = read_bytes(page.encode("utf-8"), "page.html")
    assert (r.agency, r.year) == ("淮安市人民政府", 2024)


@pytest.mark.parametrize("charset,encoding", [("utf-8", "utf-8"), ("gbk", "gbk"), ("GB2312", "gb18030"), ("", "gb18030"), ("", "utf-8")])
def test_page_charsets(huaian, charset, encoding):
    obj = huaian["obj"]
    page = portal_html(obj, huaian["title"], huaian["preamble"], charset=charset or "x")
    if not charset:
        page = page.replace('<meta http-equiv="Content-Type" content="text/html; charset=x" />', "")
    r = read_bytes(page.encode(encoding), "page.shtml")
    assert figures_of(r) == {k: obj[k] for k in KEYS}


def test_mhtml_single_file_page(huaian):
    import quopri

    obj = huaian["obj"]
    page = portal_html(obj, huaian["title"], huaian["preamble"]).encode("gb18030")
    mht = (
        b"From: <Saved by Blink>\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        b"------B\r\nContent-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        + quopri.encodestring(page) + b"\r\n------B--\r\n"
    )
    r = read_bytes(mht, "report.mht")
    assert figures_of(r) == {k: obj[k] for k in KEYS}


@pytest.mark.parametrize("zero", ["0", "", "/", "—"])
def test_word_document_reads_exactly(huaian, zero):
    obj = huaian["obj"]
    data = word_docx(obj, huaian["title"], huaian["preamble"], NumberStyle(zero=zero))
    r = read_bytes(data, "2024年报.docx")
    assert figures_of(r) == {k: obj[k] for k in KEYS}
    assert r.sections == obj["sections"]
    assert [f for f in r.findings if f.severity != "info"] == []


def test_word_document_with_a_wrong_extension(huaian):
    obj = huaian["obj"]
    data = word_docx(obj, huaian["title"], huaian["preamble"])
    assert figures_of(read_bytes(data, "年报.doc")) == {k: obj[k] for k in KEYS}


def test_word_merged_cells_are_given_once_at_their_origin(huaian):
    from nianbao.read.docx import docx_text

    data = word_docx(huaian["obj"], huaian["title"], huaian["preamble"], NumberStyle(zero=""))
    lines = docx_text(data, "x.docx")[0].split("\n")
    # vMerge: the outer label only on its first row; gridSpan: a label across columns once;
    # blank value cells kept in their columns
    assert any(ln.startswith("三、本年度办理结果\t（一）予以公开\t1288\t21\t\t\t50\t3\t1362") for ln in lines)
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t447\t7\t\t\t\t\t454" in lines
    assert "行政许可\t447228" in lines
    assert "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他" in lines


def _raw_docx(body_xml: str, numbering_xml: str = "") -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {w}><w:body>{body_xml}</w:body></w:document>')
        if numbering_xml:
            zf.writestr("word/numbering.xml", f'<?xml version="1.0"?><w:numbering {w}>{numbering_xml}</w:numbering>')
    return buf.getvalue()


def _p(text: str, num: int | None = None, level: int = 0) -> str:
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>' if num else ""
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"


def test_word_automatic_numbering_is_written_out():
    from nianbao.read.docx import docx_text

    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = (_p("总体情况", 1) + _p("主动公开", 1, 1) + _p("依申请公开", 1, 1) + _p("主动公开政府信息情况", 1)
            + _p("其他", 1, 2) + _p("其他", 1, 2) + _p("其他", 1, 2) + _p("收到和处理政府信息公开申请情况", 1))
    lines = [ln for ln in docx_text(_raw_docx(body, numbering), "n.docx")[0].split("\n") if ln]
    assert lines == ["一、总体情况", "（一）主动公开", "（二）依申请公开", "二、主动公开政府信息情况",
                     "1.其他", "2.其他", "3.其他", "三、收到和处理政府信息公开申请情况"]


def test_word_tracked_deletions_and_field_codes_are_not_text():
    from nianbao.read.docx import docx_text

    body = ('<w:p><w:r><w:t>行政</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>删掉的</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="a"><w:r><w:t>许可</w:t></w:r></w:ins>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>')
    assert docx_text(_raw_docx(body), "t.docx")[0].strip() == "行政许可"


@pytest.mark.parametrize("ruled", [True, False])
def test_printed_pdf_reads_exactly(huaian, ruled):
    obj = huaian["obj"]
    data = printed_pdf(obj, huaian["title"], huaian["preamble"], ruled=ruled)
    r = read_bytes(data, "2024年报.pdf")
    assert figures_of(r) == {k: obj[k] for k in KEYS}
    assert {k: nonblank(v) for k, v in r.sections.items()} == {k: nonblank(v) for k, v in obj["sections"].items()}
    assert [f for f in r.findings if f.severity != "info"] == []


def test_printed_pdf_blank_cells_keep_their_columns(huaian):
    """Zeros printed as blank cells: only a ruled table (read by structure) keeps their columns."""
    obj = huaian["obj"]
    data = printed_pdf(obj, huaian["title"], huaian["preamble"], NumberStyle(zero=""))
    r = read_bytes(data, "blank-zeros.pdf")
    assert figures_of(r) == {k: obj[k] for k in KEYS}


# --- Markdown -----------------------------------------------------------------------------


def _markdown(obj: dict, title: str) -> str:
    from nianbao.render.text import render_text

    return render_text(obj, "pipe", title=title, markdown=True)


def test_markdown_with_bold_headings_and_labels(huaian):
    obj = huaian["obj"]
    md = _markdown(obj, huaian["title"])
    md = re.sub(r"(?m)^## (.+)$", r"## **\1**", md)
    md = md.replace("| 行政许可 |", "| **行政许可** |").replace("| 规章 |", "| __规章__ |")
    md = md.replace("| 1288 |", "| **1288** |")
    md = md.replace("（二）部分公开（区分处理的，只计这一情形，", "（二）部分公开<br>（区分处理的，只计这一情形，")
    r = read_bytes(md.encode(), "年报.md")
    assert figures_of(r) == {k: obj[k] for k in KEYS}
    assert r.findings == []


def test_markdown_tables_split_into_sub_tables_as_ocr_tools_write_them(huaian):
    obj = huaian["obj"]
    md = _markdown(obj, huaian["title"])
    lines = md.split("\n")
    # break table 3 in two places: a new sub-table whose header is the next data row, and one
    # that repeats the column headers (a table continued on the next page)
    i = next(n for n, ln in enumerate(lines) if ln.startswith("| ") and "4.保护第三方合法权益" in ln)
    lines[i:i] = ["", lines[i], "|---|---|---|---|---|---|---|---|---|---|"]
    del lines[i + 3]
    j = next(n for n, ln in enumerate(lines) if "（五）不予处理" in ln)
    lines[j:j] = ["", "<!-- page 5 -->", "", "| | | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
    r = read_bytes("\n".join(lines).encode(), "ocr.md")
    assert figures_of(r) == {k: obj[k] for k in KEYS}
    assert [f for f in r.findings if f.severity != "info"] == []


def test_markdown_with_html_tables_from_an_ocr_tool(huaian):
    """OCR tools write tables with merged cells as HTML inside the Markdown."""
    from nianbao.render.html import table_html

    obj = huaian["obj"]
    tables = grids(obj)
    md = [f"# {huaian['title']}", ""]
    for part in PARTS:
        md += [f"## {part.heading}", ""]
        if part.kind == "table":
            md += [table_html(part.key, tables[part.key]), ""]
        else:
            md += [p + "\n" for p in _paragraphs(obj, part.key)]
    r = read_bytes("\n".join(md).encode(), "mineru.md")
    assert figures_of(r) == {k: obj[k] for k in KEYS}
    assert r.sections == obj["sections"]


# --- the shared writer (nianbao.render.document) ------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "docx"])
def test_documents_from_our_writer_read_back_exactly(huaian, fmt):
    document = pytest.importorskip("nianbao.render.document")
    obj = huaian["obj"]
    data = document.render_document(obj, fmt, title=huaian["title"], preamble=huaian["preamble"])
    r = read_bytes(data if isinstance(data, bytes) else data.encode(), f"out.{fmt}")
    assert r.to_dict() == obj
    assert (r.agency, r.year) == (obj["agency"], obj["year"])


# --- refusing clearly ---------------------------------------------------------------------


def _truncated_docx(huaian) -> bytes:
    return word_docx(huaian["obj"], huaian["title"], huaian["preamble"])[:5000]


def _scanned_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.rect(72, 72, 400, 600, fill=1)  # a page that is one picture: no text layer
    c.showPage()
    c.save()
    return out.getvalue()


NO_REPORT_PAGE = """<html><head><meta charset="utf-8"><title>政府信息公开年报_某市人民政府</title></head><body>
<ul class="nav"><li>首页</li><li>政务公开</li></ul>
<h1>某市人民政府2024年政府信息公开工作年度报告</h1>
<p>附件：<a href="/att/2024nb.pdf">某市人民政府2024年政府信息公开工作年度报告.pdf</a></p>
<div class="footer">版权所有</div></body></html>"""


@pytest.mark.parametrize(
    "name,make,words",
    [
        ("truncated.docx", _truncated_docx, "损坏或不完整"),
        ("nothing.html", lambda h: NO_REPORT_PAGE.encode(), "附件"),
        ("scan.pdf", lambda h: _scanned_pdf(), "没有文字层"),
        ("cut.pdf", lambda h: (FIXTURES / "huaian_2024.pdf").read_bytes()[:3000], "PDF"),
        ("empty.html", lambda h: b"   \n", "空"),
        ("old.doc", lambda h: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为 .docx"),
        ("notes.docx", lambda h: _raw_docx(_p("会议纪要") + _p("今天开会。")), "没有找到"),
    ],
)
def test_unreadable_files_give_one_message_and_exit_2(cli, tmp_path, huaian, name, make, words):
    path = tmp_path / name
    path.write_bytes(make(huaian))
    with pytest.raises(ReportReadError, match=words):
        read_report(path)
    res = cli("check", path)
    assert res.code == 2, res.out + res.err
    assert words in res.out + res.err and str(path) in res.out + res.err
    assert "Traceback" not in res.out + res.err and "内部错误" not in res.out + res.err
    res = cli("extract", path)
    assert res.code == 2 and res.err.count("错误：") == 1


# --- the commands on every format ---------------------------------------------------------


def test_check_and_extract_give_the_same_figures_for_every_format(cli, tmp_path, huaian):
    obj = huaian["obj"]
    files = {
        "某局2024年报.html": portal_html(obj, huaian["title"], huaian["preamble"]).encode("gb18030"),
        "某局2024年报.docx": word_docx(obj, huaian["title"], huaian["preamble"]),
        "某局2024年报.pdf": printed_pdf(obj, huaian["title"], huaian["preamble"]),
        "某局2024年报.md": _markdown(obj, huaian["title"]).encode(),
    }
    expected = cli("extract", TEXT_COPY)
    assert expected.code == 0
    want = {k: v for k, v in json.loads(expected.out).items() if k in KEYS}
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        res = cli("extract", path)
        assert res.code == 0, (name, res.err)
        got = json.loads(res.out)
        assert {k: got[k] for k in KEYS} == want, name
        res = cli("check", path)
        assert res.code == 0 and "未发现问题" in res.out, (name, res.out)
    res = cli("check", tmp_path)  # a folder: every format is picked up
    assert res.code == 0 and "4 个文件" in res.out


def test_checking_text_imports_no_document_library(tmp_path):
    """``nianbao check x.txt`` (and .md) must not load the Word, HTML or PDF libraries."""
    md = tmp_path / "r.md"
    md.write_text((FIXTURES / "madian_2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    code = (
        "import sys\nfrom nianbao.cli import main\n"
        f"for f in ({str(TEXT_COPY)!r}, {str(md)!r}):\n"
        "    sys.argv = ['nianbao', 'check', f]\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "heavy = [m for m in ('docx', 'lxml', 'pdfplumber', 'pdfminer', 'reportlab') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def _canvas_pdf(lines: list[str], per_page: int = 45, picture_pages: int = 0) -> bytes:
    """Lines of text drawn on A4 pages (no ruled tables: the number-run reader reads them),
    then pages holding only a picture (a scanned page)."""
    from reportlab.pdfgen import canvas

    font = _cjk_font()
    out = io.BytesIO()
    c = canvas.Canvas(out)
    for start in range(0, len(lines), per_page):
        c.setFont(font, 11)
        for n, line in enumerate(lines[start: start + per_page]):
            c.drawString(60, 800 - n * 16, line)
        c.showPage()
    for _ in range(picture_pages):
        c.rect(72, 72, 400, 600, fill=1)
        c.showPage()
    c.save()
    return out.getvalue()


def test_pdf_without_ruled_tables_and_with_a_scanned_page(cli, tmp_path):
    from .builders import render_text

    text = read_report(FIXTURES / "madian_2024.txt")
    obj = text.to_dict()
    lines = render_text(obj, "pdf", title=text.title).split("\n")
    path = tmp_path / "马店镇2024年报.pdf"
    path.write_bytes(_canvas_pdf(lines, picture_pages=1))
    r = read_report(path)
    assert figures_of(r) == {k: obj[k] for k in KEYS}
    scanned = [f for f in r.findings if f.rule == "read.pdf_pages_without_text"]
    assert len(scanned) == 1 and "第 3 页" in scanned[0].message and scanned[0].severity == "warning"
    res = cli("check", path)
    assert res.code == 0 and "没有文字层" in res.out


def test_pdf_findings_name_the_page(cli, tmp_path, huaian):
    obj = huaian["obj"]
    data = printed_pdf(obj, huaian["title"], huaian["preamble"], NumberStyle(zero="-1"))
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    r = read_report(path)
    bad = [f for f in r.findings if f.rule == "read.not_a_number"]
    assert bad and all(f.location.get("page") in (1, 2, 3, 4, 5) for f in bad)
    pages = {area: {f.location["page"] for f in bad if f.area == area} for area in ("table2", "table3")}
    assert pages["table2"] and pages["table3"] and max(pages["table2"]) <= min(pages["table3"])
    res = cli("check", path)
    assert res.code == 1 and re.search(r"（PDF 第 \d 页）", res.out)


def test_tables_put_in_as_pictures_are_named(huaian):
    obj = huaian["obj"]
    page = portal_html(obj, huaian["title"], huaian["preamble"])
    start = page.index("二、主动公开政府信息情况")
    t_start = page.index("<div align=center><table", start)
    t_end = page.index("</table></div>", t_start) + len("</table></div>")
    page = page[:t_start] + '<p><img src="/upload/2025/table2.png" width="600" /></p>' + page[t_end:]
    r = read_bytes(page.encode("gb18030"), "page.html")
    image = [f for f in r.findings if f.rule == "read.table_as_image"]
    assert [(f.area, f.severity) for f in image] == [("table2", "error")]
    assert "图片" in image[0].message and "OCR" in image[0].message
    # the other tables still read
    assert r.figures["applications"] == obj["applications"]

    body = (_p("某县2024年政府信息公开工作年度报告") + _p("一、总体情况") + _p("2024年，我县认真落实条例。")
            + _p("二、主动公开政府信息情况") + '<w:p><w:r><w:drawing/></w:r></w:p>'
            + _p("三、收到和处理政府信息公开申请情况") + '<w:p><w:r><w:pict/></w:r></w:p>'
            + _p("四、政府信息公开行政复议、行政诉讼情况") + '<w:p><w:r><w:drawing/></w:r></w:p>'
            + _p("五、存在的主要问题及改进情况") + _p("无。") + _p("六、其他需要报告的事项") + _p("无。"))
    r = read_bytes(_raw_docx(body), "pictures.docx")
    assert sorted(f.area for f in r.findings if f.rule == "read.table_as_image") == ["table2", "table3", "table4"]


def test_committed_portal_page_fixture_reads_as_the_text_copy():
    page = read_report(FIXTURES / "huaian_2024_portal.html")
    text = read_report(TEXT_COPY)
    assert page.to_dict() == text.to_dict() and page.findings == []


def test_pdf_table_cells_missing_a_ruling_line_or_wrapping_a_number():
    from nianbao.read.grid import cell_text
    from nianbao.read.pdf import _split_numbers

    assert _split_numbers("1288 21") == ["1288", "21"]  # two columns run together
    assert _split_numbers("1 —") == ["1", "—"]
    assert [cell_text(c) for c in _split_numbers("39857\n58")] == ["3985758"]  # one number, wrapped
    assert _split_numbers("结 果\n维持") == ["结 果\n维持"] and cell_text("结 果\n维持") == "结果维持"


def test_a_part_written_as_prose_is_not_called_a_blank_table():
    text = (FIXTURES / "madian_2024.txt").read_text(encoding="utf-8")
    start, end = text.index("四、政府信息公开行政复议"), text.index("五、存在的主要问题")
    text = text[:start] + "四、政府信息公开行政复议、行政诉讼情况\n本年度未发生政府信息公开行政复议、行政诉讼。\n" + text[end:]
    rules = [f.rule for f in read_bytes(text.encode(), "prose.txt").findings]
    assert "read.table_missing" in rules and "read.table_blank" not in rules and "read.tables_blank" not in rules


def test_site_blocks_inside_the_article_container_are_left_out(huaian):
    obj = huaian["obj"]
    page = portal_html(obj, huaian["title"], huaian["preamble"])
    share = page.index('  <div class="share">')
    related_end = page.index("</div>", page.index('<div class="related">')) + len("</div>")
    close = page.rindex("  </div></div>\n", 0, share)
    # the share bar and the related list moved inside the article's own container
    page = page[:close] + page[share:related_end] + "\n" + page[close:share] + page[related_end:]
    r = read_bytes(page.encode("gb18030"), "page.html")
    assert r.sections == obj["sections"]


def test_page_saved_as_utf8_that_still_declares_gb2312(huaian):
    obj = huaian["obj"]
    page = portal_html(obj, huaian["title"], huaian["preamble"], charset="gb2312")
    r = read_bytes(page.encode("utf-8"), "resaved.html")
    assert figures_of(r) == {k: obj[k] for k in KEYS} and r.sections == obj["sections"]
