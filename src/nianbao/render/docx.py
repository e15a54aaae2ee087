"""A report as a Word document in the look of a Chinese official document (GB/T 9704).

Title 方正小标宋简体 二号 centred; body 仿宋_GB2312 三号 with a two-character first-line indent and
fixed 28.95 pt lines; part headings 黑体, sub-headings 楷体_GB2312; the three tables with full
single borders and merged cells exactly as in the official form; A4 with margins 37/35/28/26 mm;
page numbers “— N —” in the footer. All formatting lives in named styles (Normal, Title,
Heading 1, Heading 2, Table Text, Run-in Heading) so a user can restyle the whole document.

python-docx is imported inside :func:`render_docx` only.
"""

from __future__ import annotations

from datetime import datetime, timezone
from io import BytesIO

from .document import Block, marked
from .tables import GridCell

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
TABLE_PT = 10.5  # 五号
PAGE_NUMBER_PT = 14  # 四号
LINE_PT = 28.95  # fixed line pitch: 22 lines on the type area
TITLE_LINE_PT = 36
INDENT_CHARS = 2

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_MM = 24  # page number about 7 mm below the type area

TABLE_STYLE = "Table Text"
LEAD_STYLE = "Run-in Heading"

_TWIPS_PER_MM = 1440 / 25.4
TEXT_WIDTH_TWIPS = int((PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * _TWIPS_PER_MM)
CELL_MARGIN_TWIPS = 57  # about 1 mm left and right, as in the official template


def column_widths(key: str, columns: int) -> list[int]:
    """Column widths in twips over the text width, in the proportions of the official form."""
    if key == "applications" and columns == 10:
        values = [600] * 7
        labels = TEXT_WIDTH_TWIPS - sum(values)
        official = (785, 959, 3406)  # the label columns of the official template
        first = [labels * w // sum(official) for w in official[:2]]
        return first + [labels - sum(first)] + values
    each = TEXT_WIDTH_TWIPS // columns
    return [each] * columns


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
    lead = doc.styles.add_style(LEAD_STYLE, WD_STYLE_TYPE.CHARACTER)
    _set_fonts(lead.element.get_or_add_rPr(), SUBHEADING_FONT)


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
    _page_number(section.footer.paragraphs[0])


def _page_number(paragraph) -> None:
    """“— N —” with N a PAGE field, centred (GB/T 9704: 4号 宋体, 一字线 on both sides)."""
    from docx.oxml import OxmlElement

    paragraph.style = "Footer"
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
            doc.add_paragraph(b.text, style="Title")
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
