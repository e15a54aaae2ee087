"""A report as a Word document in the look of a Chinese official document (GB/T 9704).

Title 方正小标宋简体 二号 centred, broken between words into balanced lines (机关名称 / 年度报告);
body 仿宋_GB2312 三号 with a two-character first-line indent and fixed 28.95 pt lines; part
headings 黑体, sub-headings 楷体_GB2312; the three tables with full single borders and merged
cells exactly as in the official form, number columns wide enough for five digits; A4 with
margins 37/35/28/26 mm; page numbers “— N —” in 宋体 四号 at the outer edge (odd pages right,
even pages left, one character in); the 落款 (agency, then the date to fill in) at the end.
Each official font is declared with a fall-back (仿宋_GB2312 → 仿宋 → serif) so a machine without
it shows a serif face, not a sans one. All formatting lives in named styles (Normal, Title,
Heading 1, Heading 2, Table Text, Run-in Heading, Signature) so a user can restyle the whole document.

python-docx is imported inside :func:`render_docx` only.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from io import BytesIO
from itertools import combinations

from ..textutil import display_width
from .document import Block, marked
from .tables import GridCell

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
TABLE_PT = 10  # as the official template's tables (五号 10.5 leaves no room for five digits)
PAGE_NUMBER_PT = 14  # 四号
LINE_PT = 28.95  # fixed line pitch: 22 lines on the type area
TITLE_LINE_PT = 36
INDENT_CHARS = 2

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_MM = 24  # page number about 7 mm below the type area

TABLE_STYLE = "Table Text"
LEAD_STYLE = "Run-in Heading"
SIGNATURE_STYLE = "Signature"

#: what a machine without the official font shows instead: (alternative names, generic family).
#: Word and WPS read w:altName (a comma-separated list) and the generic family (roman = serif);
#: LibreOffice ignores both and asks the system (fontconfig) for the name itself.
FONT_FALLBACKS: dict[str, tuple[tuple[str, ...], str]] = {
    "方正小标宋简体": (("方正小标宋_GBK", "华文中宋", "宋体", "SimSun"), "roman"),
    "仿宋_GB2312": (("仿宋", "FangSong", "宋体", "SimSun"), "roman"),
    "楷体_GB2312": (("楷体", "KaiTi", "宋体", "SimSun"), "roman"),
    "黑体": (("SimHei",), "swiss"),
    "宋体": (("SimSun",), "roman"),
}

_TWIPS_PER_MM = 1440 / 25.4
TEXT_WIDTH_TWIPS = int((PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * _TWIPS_PER_MM)
CELL_MARGIN_TWIPS = 57  # about 1 mm left and right, as in the official template


#: a digit of 仿宋/宋体 is half an em; a fall-back face runs wider (DejaVu Sans, LibreOffice's
#: choice on a machine without the official fonts: 0.636 em), so allow 0.64 em
DIGIT_EM = 0.64
NUMBER_DIGITS = 5  # table 三's counts up to 99999 stay on one line


def number_column_twips(digits: int = NUMBER_DIGITS, size_pt: float = TABLE_PT) -> int:
    """The narrowest column that holds ``digits`` digits of the table font on one line."""
    return int(digits * DIGIT_EM * size_pt * 20 + 2 * CELL_MARGIN_TWIPS + 0.999)


def label_column_twips(chars: int, size_pt: float = TABLE_PT) -> int:
    """A column ``chars`` table characters wide."""
    return int(chars * size_pt * 20 + 2 * CELL_MARGIN_TWIPS + 0.999)


def column_widths(key: str, columns: int) -> list[int]:
    """Column widths in twips over the text width. Table 三: seven number columns that each hold
    five digits; as in the official template, the first label column three characters wide
    (“三、本年度办理结果”), the second four (“（三）不予公开”), the third the rest."""
    if key == "applications" and columns == 10:
        values = [number_column_twips()] * 7
        first = [label_column_twips(3), label_column_twips(4)]
        return first + [TEXT_WIDTH_TWIPS - sum(values) - sum(first)] + values
    each = TEXT_WIDTH_TWIPS // columns
    return [each] * columns


# --- the title: broken between words --------------------------------------------------

TITLE_LINE_CHARS = 20  # 二号 characters on one line of the type area (156 mm / 22 pt)
#: words a title line never breaks inside, whatever the segmenter says
_UNBREAKABLE_RE = re.compile(
    r"管理委员会|常务委员会|人民代表大会|委员会|人民政府|办事处|办公室|办公厅|开发区|试验区|"
    r"政府信息公开工作年度报告|政府信息公开|工作年度报告|年度报告|\d{4}年度?"
)


#: a line that ends a name part (宿迁市 / 宿城区 / 自由贸易试验区 / 人民政府) ends at a natural break
_STRONG_END_RE = re.compile(r"(?:[省市县区镇乡旗州盟局厅委处室院府）)]|街道|集团|公司|中心|总局)$")


def text_width(text: str) -> float:
    """Width in characters: a CJK character (and “”…—, set full width by a Chinese font) is 1, a Latin letter ½."""
    return display_width(text, page=True)


def _break_points(text: str) -> list[int]:
    """Where a line of ``text`` may end: between two words of two or more characters (jieba), after
    “的”, before a bracket; never inside a name part such as 人民政府 or next to another one-character
    word (马店|镇, 发展|和|改革)."""
    from ..compare.words import cut

    tokens = cut(text)
    ends, pos = [], 0
    for n, token in enumerate(tokens[:-1]):
        pos += len(token)
        after = tokens[n + 1]
        if (len(token.strip()) >= 2 or token == "的") and (len(after.strip()) >= 2 or after in ("（", "(")) \
                and not token.endswith(("（", "(", "“")):
            ends.append(pos)
    inside = {i for m in _UNBREAKABLE_RE.finditer(text) for i in range(m.start() + 1, m.end())}
    return [p for p in ends if p not in inside]


def _balanced(text: str, width: float) -> list[str]:
    """``text`` on as few lines of at most ``width`` as word breaks allow, the longest line as short
    as possible; a text without a usable break stays one line (Word then wraps it)."""
    if text_width(text) <= width:
        return [text]
    points = _break_points(text)
    best: tuple | None = None
    for n in range(1, len(points) + 1):
        for cuts in combinations(points, n):
            bounds = (0, *cuts, len(text))
            lines = [text[a:b] for a, b in zip(bounds, bounds[1:])]
            widest = max(text_width(ln) for ln in lines)
            if widest <= width:
                # fewest lines, then breaks after a name part, the most even, the shorter line first
                weak = sum(1 for c in cuts if not _STRONG_END_RE.search(text[:c]))
                key = (weak, widest, text_width(lines[0]) > text_width(lines[-1]))
                if best is None or key < best[0]:
                    best = (key, lines)
        if best is not None:
            return best[1]
    return [text]


def title_lines(title: str, agency: str = "", width: float = TITLE_LINE_CHARS) -> list[str]:
    """The title as GB/T 9704 sets it: one line when it fits, else the agency on its own line(s)
    and “2025年政府信息公开工作年度报告” below, every line broken between words, never inside one."""
    title = title.strip()
    if text_width(title) <= width:
        return [title]
    if agency and title.startswith(agency) and len(title) > len(agency):
        return _balanced(agency, width) + _balanced(title[len(agency):], width)
    return _balanced(title, width)


# --- low-level helpers ----------------------------------------------------------------


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _set_fonts(rpr, name: str) -> None:
    """Set one font for Latin and East Asian text; python-docx's ``font.name`` sets only
    w:ascii/w:hAnsi, and theme fonts (w:asciiTheme…) would override explicit names."""
    from docx.oxml import OxmlElement

    rfonts = rpr.find(_qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(_qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(_qn(attr), name)
    rfonts.set(_qn("w:hint"), "eastAsia")


def _drop(element, *tags: str) -> None:
    for tag in tags:
        for child in element.findall(_qn(tag)):
            element.remove(child)


def _indent(pf, chars: int, size_pt: float) -> None:
    """First-line indent of ``chars`` characters (w:firstLineChars, with w:firstLine to match)."""
    from docx.shared import Pt

    pf.first_line_indent = Pt(chars * size_pt)
    ind = pf._element.get_or_add_pPr().get_or_add_ind()
    ind.set(_qn("w:firstLineChars"), str(chars * 100))


def _spacing(pf, line_pt: float | None, before: float = 0, after: float = 0) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line_pt is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing = Pt(line_pt)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _font(style, name: str, size_pt: float) -> None:
    from docx.shared import Pt

    rpr = style.element.get_or_add_rPr()
    _drop(rpr, "w:b", "w:bCs", "w:i", "w:iCs", "w:color", "w:spacing", "w:kern", "w:sz", "w:szCs")
    _set_fonts(rpr, name)
    style.font.size = Pt(size_pt)
    szcs = rpr.find(_qn("w:szCs"))
    if szcs is None:
        from docx.oxml import OxmlElement

        szcs = OxmlElement("w:szCs")
        rpr.find(_qn("w:sz")).addnext(szcs)
    szcs.set(_qn("w:val"), str(int(size_pt * 2)))


def _paragraph_style(doc, name: str, font: str, size_pt: float, *, line_pt: float | None, indent: int,
                     align, after: float = 0, keep_with_next: bool = False):
    from docx.enum.style import WD_STYLE_TYPE

    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
    ppr = style.element.get_or_add_pPr()
    _drop(ppr, "w:pBdr", "w:contextualSpacing", "w:spacing", "w:ind")
    _font(style, font, size_pt)
    pf = style.paragraph_format
    _spacing(pf, line_pt, after=after)
    _indent(pf, indent, size_pt)
    pf.alignment = align
    if keep_with_next:
        pf.keep_with_next = True
        pf.keep_together = True
    return style


def _setup_styles(doc) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement

    # document defaults: body font and Chinese as the East Asian language
    defaults = doc.styles.element.find(_qn("w:docDefaults"))
    rpr = defaults.find(_qn("w:rPrDefault")).find(_qn("w:rPr"))
    _set_fonts(rpr, BODY_FONT)
    lang = rpr.find(_qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(_qn("w:eastAsia"), "zh-CN")

    justify, center = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(doc, "Normal", BODY_FONT, BODY_PT, line_pt=LINE_PT, indent=INDENT_CHARS, align=justify)
    _paragraph_style(doc, "Title", TITLE_FONT, TITLE_PT, line_pt=TITLE_LINE_PT, indent=0, align=center, after=LINE_PT)
    _paragraph_style(doc, "Heading 1", HEADING_FONT, BODY_PT, line_pt=LINE_PT, indent=INDENT_CHARS, align=justify,
                     keep_with_next=True)
    _paragraph_style(doc, "Heading 2", SUBHEADING_FONT, BODY_PT, line_pt=LINE_PT, indent=INDENT_CHARS, align=justify,
                     keep_with_next=True)
    _paragraph_style(doc, TABLE_STYLE, BODY_FONT, TABLE_PT, line_pt=None, indent=0, align=center)
    _paragraph_style(doc, "Footer", PAGE_NUMBER_FONT, PAGE_NUMBER_PT, line_pt=None, indent=0, align=center)
    _paragraph_style(doc, SIGNATURE_STYLE, BODY_FONT, BODY_PT, line_pt=LINE_PT, indent=0, align=WD_ALIGN_PARAGRAPH.RIGHT)
    lead = doc.styles.add_style(LEAD_STYLE, WD_STYLE_TYPE.CHARACTER)
    _set_fonts(lead.element.get_or_add_rPr(), SUBHEADING_FONT)
    _declare_fonts(doc)


def _declare_fonts(doc) -> None:
    """Declare each official font in the font table with its fall-back: w:altName (Word uses it
    when the font is missing), the GB2312 character set and the generic family, so a substitute is
    a serif face (仿宋/宋体) and not a sans one."""
    from lxml import etree

    part = next((p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for old in [f for f in root.findall(_qn("w:font")) if f.get(_qn("w:name")) in FONT_FALLBACKS]:
        root.remove(old)
    for name, (alternatives, family) in FONT_FALLBACKS.items():
        font = etree.SubElement(root, _qn("w:font"))
        font.set(_qn("w:name"), name)
        for tag, value in (("w:altName", ",".join(alternatives)), ("w:charset", "86"), ("w:family", family),
                           ("w:pitch", "variable")):
            etree.SubElement(font, _qn(tag)).set(_qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    # East Asian text is Chinese: theme fonts and fall-backs are chosen for zh-CN, not ja-JP
    lang = doc.settings.element.find(_qn("w:themeFontLang"))
    if lang is not None:
        lang.set(_qn("w:eastAsia"), "zh-CN")


def _setup_page(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(FOOTER_MM)
    doc.settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _page_number(paragraph, odd: bool) -> None:
    """“— N —” with N a PAGE field (GB/T 9704: 4号 宋体, 一字线 on both sides) at the outer edge:
    odd pages right, even pages left, one character in from the type area."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    paragraph.style = "Footer"
    pf = paragraph.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    side = "right" if odd else "left"
    setattr(pf, f"{side}_indent", Pt(PAGE_NUMBER_PT))
    pf._element.get_or_add_pPr().get_or_add_ind().set(_qn(f"w:{side}Chars"), "100")
    paragraph.add_run("— ")

    def fld(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(_qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    fld("begin")
    instr = OxmlElement("w:instrText")
    instr.set(_qn("xml:space"), "preserve")
    instr.text = " PAGE "
    paragraph.add_run()._r.append(instr)
    fld("separate")
    paragraph.add_run("1")
    fld("end")
    paragraph.add_run(" —")


# --- tables ---------------------------------------------------------------------------


def _single_borders():
    from docx.oxml import OxmlElement

    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(_qn("w:val"), "single")
        el.set(_qn("w:sz"), "4")
        el.set(_qn("w:space"), "0")
        el.set(_qn("w:color"), "000000")
        borders.append(el)
    return borders


def _cell_margins():
    from docx.oxml import OxmlElement

    mar = OxmlElement("w:tblCellMar")
    for side, width in (("top", 0), ("left", CELL_MARGIN_TWIPS), ("bottom", 0), ("right", CELL_MARGIN_TWIPS)):
        el = OxmlElement(f"w:{side}")
        el.set(_qn("w:w"), str(width))
        el.set(_qn("w:type"), "dxa")
        mar.append(el)
    return mar


def _header_rows(key: str, grid: list[list[GridCell]]) -> int:
    """Leading rows made only of header cells (repeated on each page); table 2 has none."""
    if key == "active_disclosure":
        return 0
    n = 0
    for row in grid:
        live = [c for c in row if not c.merged]
        if not (live and all(c.header for c in live)):
            break
        n += 1
    return n


def _layout(grid: list[list[GridCell]]) -> list[list[tuple[GridCell, int, str | None]]]:
    """Per row, the Word cells to write: (grid cell, grid span, vMerge value).

    A cell spanning rows starts a vertical merge (“restart”); each row it covers below gets a
    “continue” cell of the same width; positions covered horizontally get no cell at all.
    """
    covered: dict[tuple[int, int], int | None] = {}  # position → span of a continue cell, None: skip
    out: list[list[tuple[GridCell, int, str | None]]] = []
    for r, row in enumerate(grid):
        cells: list[tuple[GridCell, int, str | None]] = []
        for c, cell in enumerate(row):
            if (r, c) in covered:
                span = covered[(r, c)]
                if span is not None:
                    cells.append((GridCell(""), span, "continue"))
                continue
            if cell.merged:  # a covered position the grid did not describe: keep the row full
                cells.append((GridCell(""), 1, None))
                continue
            for i in range(cell.rowspan):
                for j in range(cell.colspan):
                    if i or j:
                        covered[(r + i, c + j)] = cell.colspan if (i and not j) else None
            cells.append((cell, cell.colspan, "restart" if cell.rowspan > 1 else None))
        out.append(cells)
    return out


def _add_table(doc, key: str, grid: list[list[GridCell]]) -> None:
    """One official table, its cells and merges written directly (python-docx's ``Table.cell``
    and ``merge`` rescan the whole table on every call)."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Twips
    from docx.table import _Cell

    n_cols = len(grid[0])
    widths = column_widths(key, n_cols)
    table = doc.add_table(rows=0, cols=n_cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl = table._tbl
    for col, width in zip(tbl.tblGrid.gridCol_lst, widths):
        col.w = Twips(width)

    table_style_id = doc.styles[TABLE_STYLE].style_id
    heads = _header_rows(key, grid)
    for r, cells in enumerate(_layout(grid)):
        tr = tbl._add_tr()
        trpr = tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if r < heads:
            trpr.append(OxmlElement("w:tblHeader"))
        pos = 0
        for cell, span, vmerge in cells:
            tc = tr.add_tc()
            tc.width = Twips(sum(widths[pos: pos + span]))
            if span > 1:
                tc.grid_span = span
            if vmerge:
                tc.vMerge = vmerge
            pos += span
            target = _Cell(tc, table)
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = target.paragraphs[0]
            paragraph._p.get_or_add_pPr().style = table_style_id
            if vmerge == "continue":
                continue
            if not (cell.header or cell.value):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT  # row labels, as in the official form
            if cell.text:
                paragraph.add_run(cell.text)

    tblpr = tbl.tblPr
    tblw = tblpr.find(_qn("w:tblW"))
    tblw.set(_qn("w:w"), str(sum(widths)))
    tblw.set(_qn("w:type"), "dxa")
    _drop(tblpr, "w:tblBorders", "w:tblCellMar")
    tblpr.insert_element_before(_single_borders(), "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                "w:tblCaption", "w:tblDescription")
    tblpr.insert_element_before(_cell_margins(), "w:tblLook", "w:tblCaption", "w:tblDescription")


# --- the document ---------------------------------------------------------------------


def _add_text(paragraph, text: str, style: str | None = None) -> None:
    """Runs for ``text``; each 【待核实：…】 marker highlighted so the user cannot miss it."""
    from docx.enum.text import WD_COLOR_INDEX

    for piece, is_mark in marked(text):
        run = paragraph.add_run(piece, style=style)
        if is_mark:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _add_title(doc, title: str, agency: str) -> None:
    """The title paragraph, its lines separated by line breaks (one paragraph, one title)."""
    p = doc.add_paragraph(style="Title")
    for n, line in enumerate(title_lines(title, agency)):
        run = p.add_run(line)
        if n:
            run._r.insert(0, run._r.makeelement(_qn("w:br"), {}))


def signature_lines(obj: dict) -> list[tuple[str, int]]:
    """The 落款 as (text, characters of space on the right): the agency, and below it the date of
    the following January-to-fill (“2026年　月　日”: the day of signing is the drafter's). As GB/T
    9704 places them without a seal: the agency two characters in from the right, the date starting
    two characters right of the agency's first; a date longer than that keeps two characters."""
    agency = str(obj.get("agency") or "").strip()
    year = obj.get("year")
    if not agency:
        return []
    date = f"{int(year) + 1}年\u3000月\u3000日" if isinstance(year, int) else "\u3000\u3000年\u3000月\u3000日"
    a, d = text_width(agency), text_width(date)
    if a - d >= 2:
        return [(agency, 2), (date, int(a - d + 0.5))]
    return [(agency, int(4 + d - a + 0.5)), (date, 2)]


def _add_signature(doc, obj: dict) -> None:
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt

    lines = signature_lines(obj)
    if not lines:
        return
    body = doc.element.body
    last = body[-2] if len(body) > 1 else None  # the last block before w:sectPr
    if last is not None and last.tag == _qn("w:p"):  # the 落款 never stands alone on a page
        from docx.text.paragraph import Paragraph

        Paragraph(last, doc._body).paragraph_format.keep_with_next = True
    blank = doc.add_paragraph()  # one blank line below the text
    blank.paragraph_format.keep_with_next = True
    for n, (text, chars) in enumerate(lines):
        p = doc.add_paragraph(style=SIGNATURE_STYLE)
        p.paragraph_format.keep_with_next = n < len(lines) - 1
        p.paragraph_format.right_indent = Pt(chars * BODY_PT)
        p._p.get_or_add_pPr().get_or_add_ind().set(_qn("w:rightChars"), str(chars * 100))
        run = p.add_run(text)
        if n == 1:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW  # the day is left to fill in


def render_docx(blocks: list[Block], obj: dict) -> bytes:
    """The .docx bytes for the blocks of :func:`nianbao.render.document.blocks`."""
    import docx

    doc = docx.Document()
    _setup_styles(doc)
    _setup_page(doc)
    title = ""
    for b in blocks:
        if b.kind == "title":
            title = b.text
            _add_title(doc, b.text, str(obj.get("agency") or ""))
        elif b.kind == "preamble":
            _add_text(doc.add_paragraph(), b.text)
        elif b.kind == "part":
            doc.add_paragraph(b.text, style="Heading 1")
        elif b.kind == "subheading":
            _add_text(doc.add_paragraph(style="Heading 2"), b.text)
        elif b.kind == "paragraph":
            p = doc.add_paragraph()
            if b.lead:
                _add_text(p, b.lead, LEAD_STYLE)
            _add_text(p, b.text[len(b.lead):])
        elif b.kind == "table":
            _add_table(doc, b.key, b.grid)
    _add_signature(doc, obj)

    props = doc.core_properties
    props.created = props.modified = datetime.now(timezone.utc).replace(microsecond=0)
    props.revision = 1
    props.title = title
    props.subject = "政府信息公开工作年度报告"
    props.author = str(obj.get("agency") or "")
    props.last_modified_by = "nianbao"
    props.language = "zh-CN"
    props.comments = ""
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
