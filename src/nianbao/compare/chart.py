"""A small inline SVG chart of key figures by year (hand-written SVG: no JavaScript, no library)."""

from __future__ import annotations

from html import escape

PANEL_W, PANEL_H = 240, 140
PAD_L, PAD_R, PAD_T, PAD_B = 30, 30, 44, 24
COLUMNS = 3


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{v:,}"


def _panel(x0: int, y0: int, title: str, labels: list[str], values: list) -> list[str]:
    out = [
        f'<g transform="translate({x0},{y0})">',
        f'<rect class="panel" x="0" y="0" width="{PANEL_W - 8}" height="{PANEL_H - 8}" rx="4"/>',
        f'<text class="ptitle" x="10" y="20">{escape(title)}</text>',
    ]
    known = [v for v in values if v is not None]
    top = max(known) if known else 0
    top = top or 1
    n = len(values)
    inner_w = PANEL_W - 8 - PAD_L - PAD_R
    inner_h = PANEL_H - 8 - PAD_T - PAD_B

    def xy(i, v):
        x = PAD_L + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)
        y = PAD_T + inner_h * (1 - v / top)
        return round(x, 1), round(y, 1)

    base = PAD_T + inner_h
    out.append(f'<line class="axis" x1="{PAD_L}" y1="{base}" x2="{PAD_L + inner_w}" y2="{base}"/>')
    points = [xy(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        out.append('<polyline class="line" points="' + " ".join(f"{x},{y}" for x, y in points) + '"/>')
    for i, v in enumerate(values):
        x, _ = xy(i, 0)
        out.append(f'<text class="xlab" x="{x}" y="{base + 15}" text-anchor="middle">{escape(labels[i])}</text>')
        if v is None:
            out.append(f'<text class="val" x="{x}" y="{base - 4}" text-anchor="middle">—</text>')
            continue
        x, y = xy(i, v)
        out.append(f'<circle class="dot" cx="{x}" cy="{y}" r="3"><title>{escape(labels[i])}：{escape(_fmt(v))}</title></circle>')
        out.append(f'<text class="val" x="{x}" y="{max(y - 6, PAD_T - 2)}" text-anchor="middle">{escape(_fmt(v))}</text>')
    out.append("</g>")
    return out


def trend_svg(labels: list[str], rows: list[dict]) -> str:
    """Small multiples: one panel per charted key figure (``row["chart"]``), values by report."""
    charted = [r for r in rows if r["chart"]]
    n_rows = (len(charted) + COLUMNS - 1) // COLUMNS
    width, height = COLUMNS * PANEL_W, n_rows * PANEL_H
    body = []
    for k, row in enumerate(charted):
        body += _panel((k % COLUMNS) * PANEL_W, (k // COLUMNS) * PANEL_H, row["short"], labels, row["values"])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="主要数字逐年变化">' + "".join(body) + "</svg>"
    )
