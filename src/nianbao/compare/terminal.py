"""Terminal view (rich): summary first, then the diff; readable without colour (+/- markers)."""

from __future__ import annotations

from pathlib import Path

from ..catalog import NARRATIVE_KEYS, PART_BY_KEY
from .figures import display_label
from .result import Comparison, PairComparison, Row

BAR_WIDTH = 12
MARK_DEL = ("[-", "-]")
MARK_INS = ("{+", "+}")


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def bar(x: float | None, width: int = BAR_WIDTH, ascii_only: bool = False):
    """A share as a bar of block characters (# and - on consoles that cannot show them, e.g. GBK)."""
    from rich.text import Text

    full, empty, none = ("#", "-", ".") if ascii_only else ("█", "░", "·")
    if x is None:
        return Text(none * width, style="dim")
    n = round(x * width)
    style = "red" if x >= 0.5 else "yellow" if x >= 0.2 else "green"
    return Text(full * n, style=style) + Text(empty * (width - n), style="dim")


def ascii_console(console) -> bool:
    """Whether ``console`` writes to a stream that cannot encode the block and check marks."""
    try:
        "█░✓".encode(console.encoding or "utf-8")
        return False
    except (UnicodeEncodeError, LookupError):
        return True


def shorten_middle(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns in the middle; the end (what usually tells names apart:
    the file name, its extension, the last words) keeps two thirds of the room."""
    from rich.cells import cell_len

    if cell_len(text) <= width or width < 5:
        return text
    budget = width - 1  # the "…"
    tail_room = budget - budget // 3
    tail = ""
    for ch in reversed(text):
        if cell_len(ch + tail) > tail_room:
            break
        tail = ch + tail
    head = ""
    for ch in text:
        if cell_len(head + ch) + cell_len(tail) > budget:
            break
        head += ch
    return head + "…" + tail


def report_labels(reports) -> list[str]:
    """A label per report that tells them apart: the year, else the file name, else the path."""
    labels = [r.label for r in reports]
    if len(set(labels)) == len(labels):
        return labels
    names = [Path(r.source).name for r in reports]
    if len(set(names)) == len(names):
        return names
    return [r.source for r in reports]


def number(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.4f}".rstrip("0").rstrip(".")
    return f"{v:,}"


def signed(v) -> str:
    return ("+" if v > 0 else "") + number(v)


def similarity_note(m) -> str:
    """逐字相同 / 只有数字或标点不同 / 相似度 0.93."""
    if m.verbatim:
        return "逐字相同"
    if m.similarity == 1.0:
        return "只有数字或标点不同"
    return f"相似度 {m.similarity:.2f}"


def render_terminal(result: Comparison, console, top: int = 10, max_sentences: int = 10) -> None:
    """Print a comparison to a rich console."""
    from rich.text import Text

    for note in result.notes:
        console.print(Text(f"注意：{note}", style="yellow"))
    if len(result.reports) >= 3:
        _series(result, console)
    for pair in result.pairs:
        _pair(pair, console, top, max_sentences)


def _series(result: Comparison, console) -> None:
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table

    labels = report_labels(result.reports)
    if any(cell_len(label) > 8 for label in labels):  # file names: numbered, with a legend, never cut
        from rich.text import Text

        console.print(Text("报告：", style="bold"))
        for i, label in enumerate(labels, start=1):
            console.print(Text(f"  [{i}] {label}"))
        labels = [f"[{i}]" for i in range(1, len(labels) + 1)]
    chain = Table(title="重复率链（每份报告与上一份相比）", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    for col in ("对比", "全文", *(PART_BY_KEY[k].column for k in NARRATIVE_KEYS), "逐字相同", "数字变化"):
        if col == "对比":
            chain.add_column(col, overflow="fold")
        else:
            chain.add_column(col, justify="right", no_wrap=True, min_width=cell_len(col))
    for i, c in enumerate(result.chain):
        chain.add_row(
            f"{labels[i]} → {labels[i + 1]}", pct(c["overall"]), pct(c["overview"]), pct(c["problems"]),
            pct(c["other_matters"]), pct(c["verbatim_share"]), f"{c['figure_changes']} 处",
        )
    console.print(chain)
    trend = Table(title="主要数字逐年", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    trend.add_column("项目", overflow="fold")
    for label in labels:
        trend.add_column(label, justify="right", no_wrap=True)
    for row in result.trend:
        trend.add_row(row["label"], *(number(v) for v in row["values"]))
    console.print(trend)
    console.print()


def _pair(pair: PairComparison, console, top: int, max_sentences: int) -> None:
    from rich.rule import Rule
    from rich.text import Text

    console.print(Rule(Text(f"{pair.old.label} → {pair.new.label}", style="bold")))
    head = Text()
    head.append("旧：", style="bold")
    head.append(f"{pair.old.source}  {pair.old.agency or '（机关名称未识别）'} {pair.old.year or '？'}年\n")
    head.append("新：", style="bold")
    head.append(f"{pair.new.source}  {pair.new.agency or '（机关名称未识别）'} {pair.new.year or '？'}年")
    console.print(head)
    for note in pair.notes:
        console.print(Text(f"注意：{note}", style="yellow"))
    console.print()
    _repetition(pair, console, max_sentences)
    _figures(pair, console, top)
    _diff(pair, console)


def _repetition(pair: PairComparison, console, max_sentences: int) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title="重复率（新报告中与旧报告相似度≥0.9 的句子所占字数）", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    table.add_column("部分", overflow="fold", min_width=12)
    table.add_column("重复率", no_wrap=True)
    table.add_column("逐字相同", justify="right", no_wrap=True)
    table.add_column("Jaccard≥.88", justify="right", no_wrap=True)
    table.add_column("LCS Dice", justify="right", no_wrap=True)

    plain = ascii_console(console)

    def add(name, rep, style=""):
        if rep is None:
            table.add_row(Text(name, style=style), bar(None, ascii_only=plain) + Text("     —"), "—", "—", "—")
            return
        table.add_row(
            Text(name, style=style), bar(rep.rate, ascii_only=plain) + Text(f" {pct(rep.rate):>6}"),
            f"{rep.verbatim_sentences}/{rep.sentences}", pct(rep.jaccard_share), pct(rep.lcs_dice),
        )

    for part in pair.parts:
        if part.kind != "narrative":
            continue
        add(part.heading, part.repetition, "bold")
        if len(part.units) > 1:
            for u in part.units:
                add("  " + u.name.split("·", 1)[-1], u.repetition)
    add("全文", pair.overall, "bold")
    console.print(table)

    repeated = [m for m in pair.overall.matches if m.repeated]
    if repeated:
        shown = repeated[:max_sentences]
        title = f"重复的句子（共 {len(repeated)} 句" + (f"，列出前 {len(shown)} 句；全部见 --format json 或 html）" if len(shown) < len(repeated) else "）")
        console.print(Text(title, style="bold"))
        for m in shown:
            line = Text("  ≈ ")
            line.append(m.sentence.text)
            line.append(f"  （{similarity_note(m)}）", style="dim")
            console.print(line)
    console.print()


def _figures(pair: PairComparison, console, top: int) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    changes = pair.figures.changes
    if pair.figures.skipped:
        console.print(Text(f"表格数字：{pair.figures.skipped}", style="yellow"))
    elif not changes:
        console.print(Text("表格数字：没有变化", style="bold"))
    else:
        shown = changes[:top]
        table = Table(
            title=f"表格数字变化（共 {len(changes)} 处，按变化幅度排序" + (f"，前 {len(shown)} 处）" if len(shown) < len(changes) else "）"),
            title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
        )
        for col, just in (("单元格", "left"), ("旧", "right"), ("新", "right"), ("增减", "right")):
            table.add_column(col, justify=just, overflow="fold")  # wrapped, never cut: the end tells cells apart
        for c in shown:
            table.add_row(display_label(c["path"]), number(c["old"]), number(c["new"]),
                          Text(signed(c["delta"]), style="green" if c["delta"] > 0 else "red"))
        console.print(table)
    if pair.figures.uncompared:
        console.print(Text(f"未对比 {len(pair.figures.uncompared)} 个没有读出的单元格", style="yellow"))
    links = pair.links
    if not links.checked:
        console.print(Text(f"跨年度衔接：未核对（{links.reason}）", style="dim"))
    elif not links.findings:
        console.print(Text("跨年度衔接：✓ 本年“上年结转”与上年“结转下年度继续办理”一致，现行有效件数衔接一致", style="green"))
    else:
        console.print(Text(f"跨年度衔接：{links.errors} 个错误，{links.warnings} 个警告", style="bold red" if links.errors else "yellow"))
        for f in links.findings:
            line = Text("  ✗ " if f.severity == "error" else "  ! ", style="red" if f.severity == "error" else "yellow")
            line.append(f.message)
            console.print(line)
    console.print()


def _diff(pair: PairComparison, console) -> None:
    from rich.text import Text

    console.print(Text("正文差异", style="bold"))
    console.print(Text("“- ”删去的段落  “+ ”新增的段落  “~ ”改动的段落，其中 [-删去的文字-] {+新增的文字+}", style="dim"))
    for part in pair.parts:
        if part.kind != "narrative":
            continue
        for unit in part.units:
            title = f"{part.heading}" + (f" · {unit.name.split('·', 1)[1]}" if "·" in unit.name else "")
            console.print(Text(f"\n── {title} ──", style="bold cyan"))
            if unit.present != "both":
                console.print(Text(f"（只有{'旧' if unit.present == 'old' else '新'}报告有这一段）", style="dim"))
            same = 0
            for row in unit.rows:
                if row.kind == "same":
                    same += 1
                    continue
                if same:
                    console.print(Text(f"= {same} 段相同，略", style="dim"))
                    same = 0
                console.print(_row_text(row))
            if same:
                console.print(Text(f"= {same} 段相同，略" if same < len(unit.rows) else "= 完全相同", style="dim"))


def _row_text(row: Row):
    from rich.text import Text

    if row.kind == "added":
        return Text("+ ", style="green bold") + Text(row.new, style="green")
    if row.kind == "removed":
        return Text("- ", style="red bold") + Text(row.old, style="red")
    if row.ops is None:  # word diff not computed: the two versions one after the other
        return Text("- ", style="red bold") + Text(row.old + "\n", style="red") + Text("+ ", style="green bold") + Text(row.new, style="green")
    line = Text("~ ", style="yellow bold")
    for tag, a, b in row.ops:
        if tag == "equal":
            line.append(b)
            continue
        if a:
            line.append(MARK_DEL[0] + a + MARK_DEL[1], style="red strike")
        if b:
            line.append(MARK_INS[0] + b + MARK_INS[1], style="green bold")
    return line
