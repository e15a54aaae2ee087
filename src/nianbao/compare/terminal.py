"""Terminal view: summary first, then the diff; readable without colour (+/- markers).

The view is built once as plain data (:class:`Line`, :class:`TableView`, :class:`RuleView`) and then
printed by rich (:func:`render_terminal`) or, for a stream that is not a terminal, laid out as rich would
lay it out without loading rich (:func:`render_plain`, see :mod:`nianbao.compare.plaintext`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Union

from ..catalog import NARRATIVE_KEYS, PART_BY_KEY
from .figures import display_label
from .result import Comparison, PairComparison, Row

BAR_WIDTH = 12
MARK_DEL = ("[-", "-]")
MARK_INS = ("{+", "+}")


class Line:
    """A rich ``Text``: pieces of (text, style or None) over a base style."""

    __slots__ = ("pieces", "style")

    def __init__(self, pieces: tuple[tuple[str, str | None], ...], style: str = ""):
        self.pieces = pieces
        self.style = style

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def __add__(self, other: Line) -> Line:  # as rich's Text + Text: the right one's base style becomes a piece style
        return Line(self.pieces + tuple((t, _join(other.style, s)) for t, s in other.pieces), self.style)

    def to_rich(self):
        from rich.text import Text

        text = Text(style=self.style)
        for piece, style in self.pieces:
            text.append(piece, style)
        return text


def _join(base: str, style: str | None) -> str | None:
    if not base:
        return style
    return f"{base} {style}" if style else base


def line(text: str = "", style: str = "") -> Line:
    return Line(((text, None),) if text else (), style)


#: a table cell: a string (rich reads it as console markup) or a Line
Cell = Union[str, Line]


class TableView:
    """A rich ``Table`` with box SIMPLE_HEAD and a bold title on the left."""

    def __init__(self, title: str):
        self.title = title
        self.columns: list[tuple[str, dict]] = []  # (header, Table.add_column keyword arguments)
        self.rows: list[list[Cell]] = []

    def add_column(self, header: str, **options) -> None:
        self.columns.append((header, options))

    def add_row(self, *cells: Cell) -> None:
        self.rows.append(list(cells))

    def to_rich(self):
        from rich import box
        from rich.table import Table

        table = Table(title=self.title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
        for header, options in self.columns:
            table.add_column(header, **options)
        for row in self.rows:
            table.add_row(*(c.to_rich() if isinstance(c, Line) else c for c in row))
        return table


class RuleView:
    """A rich ``Rule`` with a title in the middle."""

    __slots__ = ("title",)

    def __init__(self, title: Line):
        self.title = title

    def to_rich(self):
        from rich.rule import Rule

        return Rule(self.title.to_rich())


#: what the view is made of; None is an empty line
Block = Union[Line, TableView, RuleView, None]


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def bar(x: float | None, width: int = BAR_WIDTH, ascii_only: bool = False) -> Line:
    """A share as a bar of block characters (# and - on consoles that cannot show them, e.g. GBK)."""
    full, empty, none = ("#", "-", ".") if ascii_only else ("█", "░", "·")
    if x is None:
        return line(none * width, "dim")
    n = round(x * width)
    style = "red" if x >= 0.5 else "yellow" if x >= 0.2 else "green"
    return line(full * n, style) + line(empty * (width - n), "dim")


def ascii_console(console) -> bool:
    """Whether ``console`` writes to a stream that cannot encode the block and check marks."""
    return ascii_encoding(console.encoding)


def ascii_encoding(encoding: str | None) -> bool:
    """Whether text in ``encoding`` cannot hold the block and check marks."""
    try:
        "█░✓".encode(encoding or "utf-8")
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
    for block in view(result, top, max_sentences, ascii_console(console)):
        if block is None:
            console.print()
        else:
            console.print(block.to_rich())


def render_plain(result: Comparison, width: int, encoding: str | None = "utf-8", top: int = 10,
                 max_sentences: int = 10) -> str | None:
    """The text :func:`render_terminal` prints to a non-terminal rich console ``width`` columns wide
    writing ``encoding``, made without rich; None when only rich can lay it out (see plaintext.py)."""
    from .plaintext import layout

    return layout(view(result, top, max_sentences, ascii_encoding(encoding)), width, encoding)


def view(result: Comparison, top: int = 10, max_sentences: int = 10, ascii_only: bool = False):
    """The blocks of the terminal view, in order."""
    for note in result.notes:
        yield line(f"注意：{note}", "yellow")
    if len(result.reports) >= 3:
        yield from _series(result)
    for pair in result.pairs:
        yield from _pair(pair, top, max_sentences, ascii_only)


def _series(result: Comparison):
    from rich.cells import cell_len

    labels = report_labels(result.reports)
    if any(cell_len(label) > 8 for label in labels):  # file names: numbered, with a legend, never cut
        yield line("报告：", "bold")
        for i, label in enumerate(labels, start=1):
            yield line(f"  [{i}] {label}")
        labels = [f"[{i}]" for i in range(1, len(labels) + 1)]
    chain = TableView("重复率链（每份报告与上一份相比）")
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
    yield chain
    trend = TableView("主要数字逐年")
    trend.add_column("项目", overflow="fold")
    for label in labels:
        trend.add_column(label, justify="right", no_wrap=True)
    for row in result.trend:
        trend.add_row(row["label"], *(number(v) for v in row["values"]))
    yield trend
    yield None


def _pair(pair: PairComparison, top: int, max_sentences: int, ascii_only: bool):
    yield RuleView(line(f"{pair.old.label} → {pair.new.label}", "bold"))
    yield Line((
        ("旧：", "bold"), (f"{pair.old.source}  {pair.old.agency or '（机关名称未识别）'} {pair.old.year or '？'}年\n", None),
        ("新：", "bold"), (f"{pair.new.source}  {pair.new.agency or '（机关名称未识别）'} {pair.new.year or '？'}年", None),
    ))
    for note in pair.notes:
        yield line(f"注意：{note}", "yellow")
    yield None
    yield from _repetition(pair, max_sentences, ascii_only)
    yield from _figures(pair, top)
    yield from _diff(pair)


def _repetition(pair: PairComparison, max_sentences: int, ascii_only: bool):
    table = TableView("重复率（新报告中与旧报告相似度≥0.9 的句子所占字数）")
    table.add_column("部分", overflow="fold", min_width=12)
    table.add_column("重复率", no_wrap=True)
    table.add_column("逐字相同", justify="right", no_wrap=True)
    table.add_column("Jaccard≥.88", justify="right", no_wrap=True)
    table.add_column("LCS Dice", justify="right", no_wrap=True)

    def add(name, rep, style=""):
        if rep is None:
            table.add_row(line(name, style), bar(None, ascii_only=ascii_only) + line("     —"), "—", "—", "—")
            return
        table.add_row(
            line(name, style), bar(rep.rate, ascii_only=ascii_only) + line(f" {pct(rep.rate):>6}"),
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
    yield table

    repeated = [m for m in pair.overall.matches if m.repeated]
    if repeated:
        shown = repeated[:max_sentences]
        title = f"重复的句子（共 {len(repeated)} 句" + (f"，列出前 {len(shown)} 句；全部见 --format json 或 html）" if len(shown) < len(repeated) else "）")
        yield line(title, "bold")
        for m in shown:
            yield Line((("  ≈ ", None), (m.sentence.text, None), (f"  （{similarity_note(m)}）", "dim")))
    yield None


def _figures(pair: PairComparison, top: int):
    changes = pair.figures.changes
    if pair.figures.skipped:
        yield line(f"表格数字：{pair.figures.skipped}", "yellow")
    elif not changes:
        yield line("表格数字：没有变化", "bold")
    else:
        shown = changes[:top]
        table = TableView(
            f"表格数字变化（共 {len(changes)} 处，按变化幅度排序" + (f"，前 {len(shown)} 处）" if len(shown) < len(changes) else "）"),
        )
        for col, just in (("单元格", "left"), ("旧", "right"), ("新", "right"), ("增减", "right")):
            table.add_column(col, justify=just, overflow="fold")  # wrapped, never cut: the end tells cells apart
        for c in shown:
            table.add_row(display_label(c["path"]), number(c["old"]), number(c["new"]),
                          line(signed(c["delta"]), "green" if c["delta"] > 0 else "red"))
        yield table
    if pair.figures.uncompared:
        yield line(f"未对比 {len(pair.figures.uncompared)} 个没有读出的单元格", "yellow")
    links = pair.links
    if not links.checked:
        yield line(f"跨年度衔接：未核对（{links.reason}）", "dim")
    elif not links.findings:
        yield line("跨年度衔接：✓ 本年“上年结转”与上年“结转下年度继续办理”一致，现行有效件数衔接一致", "green")
    else:
        yield line(f"跨年度衔接：{links.errors} 个错误，{links.warnings} 个警告", "bold red" if links.errors else "yellow")
        for f in links.findings:
            yield line("  ✗ " if f.severity == "error" else "  ! ", "red" if f.severity == "error" else "yellow") + line(f.message)
    yield None


def _diff(pair: PairComparison):
    yield line("正文差异", "bold")
    yield line("“- ”删去的段落  “+ ”新增的段落  “~ ”改动的段落，其中 [-删去的文字-] {+新增的文字+}", "dim")
    for part in pair.parts:
        if part.kind != "narrative":
            continue
        for unit in part.units:
            title = f"{part.heading}" + (f" · {unit.name.split('·', 1)[1]}" if "·" in unit.name else "")
            yield line(f"\n── {title} ──", "bold cyan")
            if unit.present != "both":
                yield line(f"（只有{'旧' if unit.present == 'old' else '新'}报告有这一段）", "dim")
            same = 0
            for row in unit.rows:
                if row.kind == "same":
                    same += 1
                    continue
                if same:
                    yield line(f"= {same} 段相同，略", "dim")
                    same = 0
                yield _row_text(row)
            if same:
                yield line(f"= {same} 段相同，略" if same < len(unit.rows) else "= 完全相同", "dim")


def _row_text(row: Row) -> Line:
    if row.kind == "added":
        return line("+ ", "green bold") + line(row.new, "green")
    if row.kind == "removed":
        return line("- ", "red bold") + line(row.old, "red")
    if row.ops is None:  # word diff not computed: the two versions one after the other
        return line("- ", "red bold") + line(row.old + "\n", "red") + line("+ ", "green bold") + line(row.new, "green")
    pieces: list[tuple[str, str | None]] = [("~ ", None)]
    for tag, a, b in row.ops:
        if tag == "equal":
            pieces.append((b, None))
            continue
        if a:
            pieces.append((MARK_DEL[0] + a + MARK_DEL[1], "red strike"))
        if b:
            pieces.append((MARK_INS[0] + b + MARK_INS[1], "green bold"))
    return Line(tuple(pieces), "yellow bold")
