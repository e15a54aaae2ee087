"""The three official tables as grids of cell texts, in the official layout.

A grid is a list of rows; a row is a list of :class:`GridCell` (text plus merge spans), so the
same grids feed plain text, Markdown, HTML and Word output.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import (
    APPLICANT_COLUMNS,
    APPLICANT_GROUP_LABEL,
    G_RESULTS,
    ORG_GROUP_LABEL,
    TABLE2_LABEL_HEADER,
    TABLE2_ROWS,
    TABLE3_CORNER,
    TABLE3_ROWS,
    TABLE4_BLOCKS,
)
from ..numbers import decimal_text


@dataclass
class GridCell:
    """One cell of a rendered table grid."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    value: bool = False  # a number cell of the table
    merged: bool = False  # covered by another cell's span (rendered blank or skipped)


class NumberStyle:
    """How the tables write a value: integers as they are, amounts in full (never an exponent).

    (The tests derive the styles real reports also use — blanks or dashes for zero, thousands
    separators, full-width digits — to build their inputs.)"""

    def __call__(self, value) -> str:
        return decimal_text(value) if isinstance(value, float) else str(value)


def _span(cells: list[GridCell], width: int) -> list[GridCell]:
    """Expand colspans into covered placeholder cells so every row has ``width`` cells."""
    out: list[GridCell] = []
    for c in cells:
        out.append(c)
        out.extend(GridCell("", merged=True) for _ in range(c.colspan - 1))
    out.extend(GridCell("") for _ in range(width - len(out)))
    return out


def table2_grid(ad: dict, fmt: NumberStyle) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = []
    groups: dict[str, list] = {}
    for row in TABLE2_ROWS:
        groups.setdefault(row.group, []).append(row)
    for group, members in groups.items():
        rows.append(_span([GridCell(group, colspan=4, header=True)], 4))
        cols = members[0].columns
        if len(cols) == 3:
            rows.append([GridCell(TABLE2_LABEL_HEADER, header=True)] + [GridCell(c.label, header=True) for c in cols])
        else:
            rows.append(_span([GridCell(TABLE2_LABEL_HEADER, header=True),
                                GridCell(cols[0].label, colspan=3, header=True)], 4))
        for row in members:
            value = ad[row.key]
            if len(cols) == 3:
                rows.append([GridCell(row.label)] + [GridCell(fmt(value[c.key]), value=True) for c in cols])
            else:
                rows.append(_span([GridCell(row.label), GridCell(fmt(value), colspan=3, value=True)], 4))
    return rows


def table3_grid(apps: dict, fmt: NumberStyle) -> list[list[GridCell]]:
    """10 columns: three label columns (merged as in the official form) and seven values."""
    grid: list[list[GridCell]] = [
        _span(
            [GridCell(TABLE3_CORNER, colspan=3, rowspan=3, header=True),
             GridCell(APPLICANT_GROUP_LABEL, colspan=7, header=True)],
            10,
        ),
        [GridCell("", merged=True)] * 3
        + [GridCell(APPLICANT_COLUMNS[0].label, rowspan=2, header=True),
           GridCell(ORG_GROUP_LABEL, colspan=5, header=True)]
        + [GridCell("", merged=True)] * 4
        + [GridCell(APPLICANT_COLUMNS[-1].label, rowspan=2, header=True)],
        [GridCell("", merged=True)] * 4
        + [GridCell(c.label, header=True) for c in APPLICANT_COLUMNS[1:6]]
        + [GridCell("", merged=True)],
    ]
    rows = TABLE3_ROWS
    group_sizes: dict[str, int] = {}
    for row in rows:
        if row.group:
            group_sizes[row.group] = group_sizes.get(row.group, 0) + 1
    sub_sizes: dict[str, int] = {}
    for row in rows:
        if row.group and row.group != G_RESULTS:
            sub_sizes[row.group] = sub_sizes.get(row.group, 0) + 1
    results_rows = [r for r in rows if r.group]
    seen: set[str] = set()
    for row in rows:
        values = [GridCell(fmt(apps[row.key][c.key]), value=True) for c in APPLICANT_COLUMNS]
        if not row.group:  # 一、二、四: label across the three label columns
            grid.append(_span([GridCell(row.label, colspan=3)], 3) + values)
            continue
        first = results_rows[0] is row
        outer = GridCell(G_RESULTS, rowspan=len(results_rows)) if first else GridCell("", merged=True)
        if row.group == G_RESULTS:  # （一）（二）（七）: label across two columns
            grid.append([outer, GridCell(row.label, colspan=2), GridCell("", merged=True)] + values)
        else:
            if row.group in seen:
                middle = GridCell("", merged=True)
            else:
                middle = GridCell(row.group, rowspan=sub_sizes[row.group])
                seen.add(row.group)
            grid.append([outer, middle, GridCell(row.label)] + values)
    return grid


def table4_grid(rl: dict, fmt: NumberStyle) -> list[list[GridCell]]:
    """15 columns: 行政复议 (5) and 行政诉讼 (未经复议直接起诉 5, 复议后起诉 5)."""
    cols = TABLE4_BLOCKS[0].columns
    review, direct, after = TABLE4_BLOCKS
    head1 = _span(
        [GridCell(review.label, colspan=5, header=True), GridCell(direct.group, colspan=10, header=True)], 15
    )
    head2 = [GridCell(c.label, rowspan=2, header=True) for c in cols] + _span(
        [GridCell(direct.label, colspan=5, header=True), GridCell(after.label, colspan=5, header=True)], 10
    )
    head3 = [GridCell("", merged=True)] * 5 + [GridCell(c.label, header=True) for c in cols] * 2
    values = [GridCell(fmt(rl[b.key][c.key]), value=True) for b in TABLE4_BLOCKS for c in cols]
    return [head1, head2, head3, values]


def grids(figures: dict, fmt: NumberStyle | None = None) -> dict[str, list[list[GridCell]]]:
    fmt = fmt or NumberStyle()
    return {
        "active_disclosure": table2_grid(figures["active_disclosure"], fmt),
        "applications": table3_grid(figures["applications"], fmt),
        "review_litigation": table4_grid(figures["review_litigation"], fmt),
    }
