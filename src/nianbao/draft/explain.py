"""``draft --explain``: which sentences were generated, carried from last year, or need checking."""

from __future__ import annotations

from ..catalog import PART_BY_KEY
from ..sections import AREA_NAMES

KIND_LABELS = {"generated": ("生成", "green"), "carried": ("沿用", "cyan"), "notes": ("记录", "blue"),
               "marked": ("待核实", "bold yellow")}
AREA_LABELS = {"intro": "开头", "extra": "其他小节", **AREA_NAMES}


def summary_line(draft) -> str:
    c = draft.counts
    total = len(draft.sentences)
    notes = f"取自工作记录 {c['notes']} 句，" if c["notes"] else ""
    return (
        f"共 {total} 句：根据本年度数字生成 {c['generated']} 句，{notes}沿用上年 {c['carried']} 句，"
        f"含待核实标记 {c['marked']} 句；沿用上年文字的句子占 {draft.carried_share:.0%}"
    )


def print_explain(draft, console) -> None:
    """Every narrative sentence with its origin, then what was left out of last year's text."""
    from rich.markup import escape
    from rich.table import Table

    console.print(f"[bold]起草说明[/]  {escape(summary_line(draft))}")
    console.print("[dim]生成 = 由本年度数字和补充事实生成；记录 = 工作记录（--notes）原文；沿用 = 上年报告中的常规做法"
                  "（年份已顺延，表格件数已更新）；待核实 = 含【待核实：…】或【沿用上年，请核实：…】标记，须人工确认或改写[/]")
    table = None
    part = area = None
    for s in draft.sentences:
        if s.part != part:
            if table is not None:
                console.print(table)
            part, area = s.part, None
            console.print(f"\n[bold]{escape(PART_BY_KEY[s.part].heading)}[/]")
            table = Table(show_header=False, box=None, padding=(0, 1), expand=False)
            table.add_column(no_wrap=True)
            table.add_column(overflow="fold")
        if s.part == "overview" and s.area != area:
            area = s.area
            table.add_row("", f"[bold dim]{escape(AREA_LABELS.get(s.area, s.area))}[/]")
        label, style = KIND_LABELS[s.kind]
        origin = "（上年）" if s.kind == "marked" and s.origin == "carried" else ""
        where = f"  [dim]（{escape(s.source)}）[/]" if s.source else ""
        table.add_row(f"[{style}]{label}{origin}[/]", escape(s.text) + where)
    if table is not None:
        console.print(table)
    placed = [it for it in draft.notes if it.by == "classifier"]
    if placed:
        from .notes import NOTE_AREA_NAMES

        console.print(f"\n[bold]工作记录中没有标题、由 nianbao 按内容归类的条目（{len(placed)} 条）[/]")
        for it in placed:
            sure = "" if it.confident else "[bold yellow]（把握不大，请确认）[/]"
            console.print(f"  [bold]{escape(NOTE_AREA_NAMES[it.area])}[/]{sure} ← {escape(it.where)}\n"
                          f"    {escape(it.text[:60])}{'…' if len(it.text) > 60 else ''}\n    [dim]{escape(it.reason)}[/]")
    if draft.dropped:
        console.print(f"\n[bold]上年报告中没有沿用的句子（{len(draft.dropped)} 句；标“上年做法，供参考”的可据实改写后写入工作记录）[/]")
        for sentence, why in draft.dropped:
            console.print(f"  [dim]{escape(sentence)}[/]\n    → {escape(why)}")
