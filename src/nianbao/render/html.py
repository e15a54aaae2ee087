"""A report as one self-contained HTML page: inline CSS, no scripts, no external resources.

Tables keep the official layout with ``rowspan``/``colspan``; every piece of report text is
escaped. The print style follows the look of an official document (A4, 仿宋 三号, 28.95 pt lines).
"""

from __future__ import annotations

from html import escape

from .. import __version__
from .document import Block, marked
from .tables import GridCell

#: font stacks: the GB fonts of an official document first, then what Windows, macOS and Linux have
FANGSONG = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif'
HEITI = '"黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", sans-serif'
KAITI = '"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", serif'
XIAOBIAOSONG = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun", serif'

CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
html {{ background: #f3f3f3; }}
body {{ margin: 0; color: #000; font-family: {FANGSONG}; font-size: 16pt; line-height: 28.95pt; }}
main {{ box-sizing: border-box; max-width: 210mm; margin: 12mm auto; padding: 37mm 26mm 35mm 28mm;
  background: #fff; box-shadow: 0 0 4mm rgba(0, 0, 0, .15); }}
h1 {{ font-family: {XIAOBIAOSONG}; font-size: 22pt; font-weight: normal; line-height: 1.4;
  text-align: center; margin: 0 0 28.95pt; }}
h2 {{ font-family: {HEITI}; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em;
  page-break-after: avoid; break-after: avoid; }}
h3 {{ font-family: {KAITI}; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em;
  page-break-after: avoid; break-after: avoid; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.lead {{ font-family: {KAITI}; }}
mark {{ background: #ffeb3b; color: inherit; }}
table {{ border-collapse: collapse; width: 100%; margin: 6pt 0 14pt; font-size: 10.5pt; line-height: 1.2;
  table-layout: fixed; page-break-inside: avoid; break-inside: avoid; }}
th, td {{ border: 1px solid #000; padding: 1.5pt 3pt; vertical-align: middle; word-break: break-all; }}
th {{ font-weight: normal; text-align: center; }}
td {{ text-align: left; }}
td.num {{ text-align: center; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; break-inside: avoid; }}
@media print {{
  html {{ background: none; }}
  main {{ max-width: none; margin: 0; padding: 0; box-shadow: none; }}
}}
"""

#: relative column widths of the official tables (as in the official template's grid)
COLUMN_WIDTHS = {
    "active_disclosure": (25, 25, 25, 25),
    "applications": (7.7, 9.4, 33.6) + (7.04,) * 7,
    "review_litigation": (100 / 15,) * 15,
}


def _cell(cell: GridCell) -> str:
    tag = "th" if cell.header else "td"
    attrs = ""
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.value:
        attrs += ' class="num"'
    return f"<{tag}{attrs}>{escape(cell.text)}</{tag}>"


def table_html(key: str, grid: list[list[GridCell]]) -> str:
    """One official table; header rows (those holding only header cells) go in ``<thead>``."""
    widths = COLUMN_WIDTHS.get(key)
    cols = ""
    if widths:
        cols = "<colgroup>" + "".join(f'<col style="width:{w:.2f}%">' for w in widths) + "</colgroup>"
    head_rows = 0
    for row in grid:
        live = [c for c in row if not c.merged]
        if live and all(c.header for c in live) and key != "active_disclosure":
            head_rows += 1
        else:
            break

    def tr(row: list[GridCell]) -> str:
        return "<tr>" + "".join(_cell(c) for c in row if not c.merged) + "</tr>"

    head = "".join(tr(r) for r in grid[:head_rows])
    body = "".join(tr(r) for r in grid[head_rows:])
    return (
        f'<table class="{escape(key)}">{cols}'
        + (f"<thead>{head}</thead>" if head else "")
        + f"<tbody>{body}</tbody></table>"
    )


def text_html(text: str) -> str:
    """Escaped text with each 【待核实：…】 marker in ``<mark>``."""
    return "".join(f"<mark>{escape(piece)}</mark>" if is_mark else escape(piece) for piece, is_mark in marked(text))


def render_html(blocks: list[Block]) -> str:
    """The page for the blocks of :func:`nianbao.render.document.blocks`."""
    title = next((b.text for b in blocks if b.kind == "title"), "")
    body: list[str] = []
    in_part = False
    for b in blocks:
        if b.kind == "title":
            body.append(f"<h1>{escape(b.text)}</h1>")
        elif b.kind == "preamble":
            body.append(f'<p class="preamble">{text_html(b.text)}</p>')
        elif b.kind == "part":
            if in_part:
                body.append("</section>")
            body.append(f'<section id="{escape(b.key)}"><h2>{escape(b.text)}</h2>')
            in_part = True
        elif b.kind == "subheading":
            body.append(f"<h3>{text_html(b.text)}</h3>")
        elif b.kind == "paragraph":
            if b.lead:
                rest = b.text[len(b.lead):]
                body.append(f'<p><span class="lead">{text_html(b.lead)}</span>{text_html(rest)}</p>')
            else:
                body.append(f"<p>{text_html(b.text)}</p>")
        elif b.kind == "table":
            body.append(table_html(b.key, b.grid))
    if in_part:
        body.append("</section>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="nianbao {escape(__version__)}">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
