"""The pre-2021 check's shortcut (read.text._may_be_pre2021: with all three tables' parts found, the
words are looked for in the span from the first table to the last, joined at once) reads every
report as the plain check of the table regions does: every fixture, generated reports in every
layout, and reports with a pre-2021 table label written into any one line around and inside the
tables (first and last lines of each region, the headings between them, the lines just outside)."""

from __future__ import annotations

import random
from pathlib import Path

from nianbao.errors import ReportReadError
from nianbao.read import text as text_mod
from nianbao.read.text import read_text

from .builders import LAYOUTS, NumberStyle, render_text

FIXTURES = Path(__file__).parent / "fixtures"
#: a pre-2021 table label (the hint words and the full pattern both find it)
_LABEL = "本年新制作数量"


def _state(text: str):
    try:
        report = read_text(text)
    except ReportReadError:
        return None
    return report.format, report.to_dict(), [f.to_dict() for f in report.findings], sorted(report.unread_cells)


def _both(text: str, monkeypatch) -> tuple:
    new = _state(text)
    monkeypatch.setattr(text_mod, "_may_be_pre2021", lambda report, lines: True)
    old = _state(text)
    monkeypatch.undo()
    return new, old


def _around_tables(text: str) -> list[int]:
    """Indices of the lines at the edges of the table parts' regions (and their headings)."""
    try:
        report = read_text(text)
    except ReportReadError:
        return []
    out = set()
    for key in ("active_disclosure", "applications", "review_litigation"):
        part = report.parts.get(key)
        if part:
            out.update((part["start"] - 2, part["start"] - 1, part["start"], part["end"] - 1, part["end"]))
    return sorted(i for i in out if 0 <= i < len(report.lines))


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt"))]
    base = read_text((FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")).to_dict()
    rng = random.Random(5)
    for i, layout in enumerate(LAYOUTS * 2):
        style = NumberStyle(zero=rng.choice(["0", "", "/", "—"]), thousands=False, fullwidth=False)
        texts.append(render_text(base, layout, style, page_every=rng.choice([0, 7])))
    return texts


def test_the_span_check_reads_every_report_as_the_region_check(monkeypatch):
    texts = _texts()
    pre = 0
    for text in texts:
        new, old = _both(text, monkeypatch)
        assert new == old
        pre += new is not None and new[0] == "pre-2021"
    assert pre >= 1  # (the 2019 Shanghai fixture)


def test_a_pre2021_label_in_any_line_at_the_tables_edges_is_found_either_way(monkeypatch):
    found = seen = 0
    for text in _texts():
        lines = text.split("\n")
        for i in _around_tables(text):
            changed = "\n".join(lines[:i] + [lines[i] + _LABEL] + lines[i + 1:])
            new, old = _both(changed, monkeypatch)
            assert new == old, (i, lines[i])
            seen += 1
            found += new is not None and new[0] == "pre-2021"
    assert seen > 100 and found > 50
