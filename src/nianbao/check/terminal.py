"""Terminal view of check results (rich): each file's findings, then a summary of a batch.

A result is the dict ``check`` builds per file: ``file``, ``agency``, ``year``, ``findings`` (``Finding.to_dict()``)
and ``error`` for a file that could not be read (said on stderr already, so printed as nothing here).
"""

from __future__ import annotations

from ..export.findings_table import location_text
from .markers import RULE as MARKER_RULE

SEVERITY_LABEL = {"error": ("错误", "bold red"), "warning": ("警告", "yellow"), "info": ("提示", "cyan")}

#: characters rich's markup or text handling would change (markup, emoji codes, control codes, tabs): a result
#: holding any of them is printed by rich, everything else is written as it is — the same bytes, faster
_RICH_SENSITIVE = frozenset("[]\\:\x7f") | frozenset(map(chr, range(32))) - {"\n"}


def markers_left(findings: list[dict]) -> int:
    """How many 【待核实】 markers a file still holds."""
    return sum(1 for f in findings if f["rule"] == MARKER_RULE)


def _counts(findings: list[dict]) -> tuple[int, int]:
    from ..findings import count

    return count(findings, "error"), count(findings, "warning")


def _head(result: dict) -> str:
    if result.get("agency") or result.get("year"):
        return f"  {result.get('agency') or '（机关不明）'} {result.get('year') or '？'}年"
    return ""


def _tail(findings: list[dict]) -> str:
    severities = [f["severity"] for f in findings]
    e, w = severities.count("error"), severities.count("warning")  # (as _counts, in one look at each)
    left = [f["rule"] for f in findings].count(MARKER_RULE)  # (as markers_left)
    return f"  共 {e} 个错误，{w} 个警告" + (f"；仍有 {left} 处待核实标记，全部核实并删去标记后才是定稿" if left else "") + "\n"


def print_result(console, result: dict) -> None:
    """One file's findings on a rich console."""
    from rich.markup import escape
    from rich.text import Text

    if "error" in result:
        return  # said on stderr already
    head = Text(result["file"], style="bold")
    head.append(_head(result))
    console.print(head)
    findings = result["findings"]
    if not findings:
        console.print("  [green]✓ 未发现问题[/]")
    for f in findings:
        label, style = SEVERITY_LABEL[f["severity"]]
        console.print(f"  [{style}]{label}[/] {escape(f['rule'])}  [dim]{escape(location_text(f['location']))}[/]")
        console.print(f"        {escape(f['message'])}")
    console.print(_tail(findings))


def plain_result(result: dict) -> str | None:
    """What :func:`print_result` prints for ``result`` to a non-terminal, or None when rich must print it."""
    if "error" in result:
        return ""
    findings = result["findings"]
    lines = [result["file"] + _head(result)]
    if not findings:
        lines.append("  ✓ 未发现问题")
    for f in findings:
        lines.append(f"  {SEVERITY_LABEL[f['severity']][0]} {f['rule']}  {location_text(f['location'])}")
        lines.append(f"        {f['message']}")
    lines.append(_tail(findings))
    text = "\n".join(lines) + "\n"
    # every field (file, agency, year, rule, location, message) is in the text, and nothing else in it is sensitive
    return None if _sensitive(text) else text


def _sensitive(text: str) -> bool:
    """Does ``text`` hold a character of :data:`_RICH_SENSITIVE`? They are all ASCII, so only the text's
    ASCII characters are looked at: the ASCII encoder keeps them as their bytes and drops every other
    character (a lone surrogate from a file name too), and the few bytes left are searched at once — far
    quicker than a pattern's scan, or encoding the whole text, of a long result."""
    data = text.encode("ascii", "ignore")
    return len(data.translate(None, _SENSITIVE_BYTES)) != len(data)


_SENSITIVE_BYTES = "".join(sorted(_RICH_SENSITIVE)).encode("ascii")


def print_summary(console, results: list[dict]) -> None:
    """A batch's totals and the ten files with the most problems."""
    from rich.table import Table

    from ..compare.terminal import shorten_middle

    readable = [r for r in results if "error" not in r]
    errors = sum(_counts(r["findings"])[0] for r in readable)
    warnings = sum(_counts(r["findings"])[1] for r in readable)
    with_errors = sum(1 for r in readable if any(f["severity"] == "error" for f in r["findings"]))
    left = sum(markers_left(r["findings"]) for r in readable)
    console.print(
        f"[bold]汇总[/]：{len(results)} 个文件，{with_errors} 个有错误，共 {errors} 个错误、{warnings} 个警告"
        + (f"，仍有 {left} 处待核实标记" if left else "")
        + (f"，{len(results) - len(readable)} 个无法读取" if len(readable) < len(results) else "")
    )

    def badness(r):
        return (1, 0, 0) if "error" in r else (0, *_counts(r["findings"]))

    worst = sorted(results, key=badness, reverse=True)[:10]
    table = Table(title="问题最多的文件", show_lines=False)
    for col in ("文件", "机关", "年度", "错误", "警告"):
        table.add_column(col, overflow="fold", no_wrap=col in ("年度", "错误", "警告"))
    width = max(16, console.width - 50)  # file names shortened in the middle: their ends tell them apart
    for r in worst:
        if "error" in r:
            table.add_row(shorten_middle(r["file"], width), "", "", "无法读取", "")
        else:
            e, w = _counts(r["findings"])
            table.add_row(shorten_middle(r["file"], width), r.get("agency") or "", str(r.get("year") or ""), str(e), str(w))
    console.print(table)
