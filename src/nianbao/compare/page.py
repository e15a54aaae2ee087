"""HTML view: one self-contained, offline page (no script, no external resource).

Rendered with a Jinja2 template whose autoescaping covers every piece of report text; the
only markup not written by the template is the SVG chart, whose texts are escaped in chart.py.
"""

from __future__ import annotations

from importlib import resources

from .. import __version__
from ..catalog import NARRATIVE_KEYS, PART_BY_KEY
from .chart import trend_svg
from .figures import display_label
from .result import Comparison, PairComparison
from .terminal import number, pct, signed, similarity_note


def _change_view(c: dict) -> dict:
    return dict(c, display=display_label(c["path"]), old_s=number(c["old"]), new_s=number(c["new"]), delta_s=signed(c["delta"]))


def _unit_view(unit) -> dict:
    return {
        "name": unit.name.split("·", 1)[-1] if "·" in unit.name else "",
        "present": unit.present,
        "rate": unit.repetition.rate,
        "verbatim": unit.repetition.verbatim_share,
        "jaccard": unit.repetition.jaccard_share,
        "lcs": unit.repetition.lcs_dice,
        "old_heading": unit.old_heading,
        "new_heading": unit.new_heading,
        "rows": [{"kind": r.kind, "old": r.segments("old"), "new": r.segments("new")} for r in unit.rows],
    }


def _pair_view(n: int, pair: PairComparison) -> dict:
    parts = []
    for part in pair.parts:
        view = {
            "id": f"p{n}-{part.key}",
            "key": part.key,
            "heading": part.heading,
            "kind": part.kind,
            "old_heading": part.old_heading,
            "new_heading": part.new_heading,
        }
        if part.kind == "narrative":
            rep = part.repetition
            view.update(rate=rep.rate, verbatim=rep.verbatim_share, jaccard=rep.jaccard_share, lcs=rep.lcs_dice,
                        units=[_unit_view(u) for u in part.units])
        else:
            view["changes"] = [_change_view(c) for c in part.changes]
        parts.append(view)
    repeated = [
        {"text": m.sentence.text, "old": m.old.text, "verbatim": m.verbatim, "note": similarity_note(m)}
        for m in pair.overall.matches
        if m.repeated
    ]
    return {
        "n": n,
        "id": f"p{n}",
        "old": pair.old,
        "new": pair.new,
        "notes": pair.notes,
        "overall": pair.overall,
        "parts": parts,
        "repeated": repeated,
        "figures": pair.figures,
        "top_changes": [_change_view(c) for c in pair.figures.changes[:10]],
        "links": pair.links,
    }


def _environment():
    from jinja2 import Environment

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = pct
    env.filters["width"] = lambda x: 0 if x is None else round(x * 100, 1)
    return env


def render_html(result: Comparison) -> str:
    """The whole comparison as one HTML document."""
    from markupsafe import Markup

    source = resources.files("nianbao").joinpath("compare/templates/compare.html.j2").read_text(encoding="utf-8")
    template = _environment().from_string(source)
    labels = [r.label for r in result.reports]
    agency = next((r.agency for r in reversed(result.reports) if r.agency), "")
    return template.render(
        title=f"{agency or '年报'}对比：" + " → ".join(labels),
        agency=agency,
        reports=result.reports,
        notes=result.notes,
        pairs=[_pair_view(i + 1, p) for i, p in enumerate(result.pairs)],
        series=len(result.reports) >= 3,
        chain=result.chain,
        part_columns=[(key, PART_BY_KEY[key].column) for key in NARRATIVE_KEYS],  # as the terminal's chain table
        trend=[dict(t, values_s=[number(v) for v in t["values"]]) for t in result.trend],
        chart=Markup(trend_svg(labels, result.trend)) if len(result.reports) >= 3 else "",
        version=__version__,
    )
