"""``nianbao extract`` and ``nianbao check``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from ..catalog import LEVELS
from ..errors import ExitStatus, NianbaoError, ReportReadError
from . import app
from .common import emit, expand_inputs, out_console, progress_bar, warn_unreadable

FILES_ARG = typer.Argument(..., help="报告文件（.txt、.md、.docx、.html、.pdf），可给多个，或给一个文件夹批量处理", show_default=False)


def _read(path: Path):
    from ..read import read_report

    return read_report(path)


def dump(obj, fmt: str) -> str:
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(obj, allow_unicode=True, sort_keys=False, width=1000)
    return json.dumps(obj, ensure_ascii=False, indent=2)


@app.command()
def extract(
    files: list[Path] = FILES_ARG,
    fmt: str = typer.Option("json", "--format", "-f", help="输出格式：json 或 yaml"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入此文件（默认输出到屏幕）"),
    force: bool = typer.Option(False, "--force", help="允许覆盖已存在的输出文件"),
):
    """读出报告的三张表格和正文，输出标准结构（figures.schema.json）。

    例：nianbao extract 2024年报.txt -o 2024.json
    """
    if fmt not in ("json", "yaml"):
        raise typer.BadParameter("只能是 json 或 yaml", param_hint="--format")
    paths, problems = expand_inputs(files)
    for p in problems:
        warn_unreadable(p)
    status = ExitStatus.UNREADABLE if problems else ExitStatus.OK
    objects = []
    with progress_bar(len(paths), "读取") as advance:
        for path in paths:
            try:
                report = _read(path)
                if report.format == "pre-2021":
                    raise ReportReadError(
                        path, "这是 2021 年以前格式的报告，表格栏目与现行格式不同，无法按现行格式提取表格数字",
                        "nianbao 只读取国办公开办函〔2021〕30号规定的新格式",
                    )
            except NianbaoError as err:
                warn_unreadable(err)
                status = ExitStatus.UNREADABLE
                advance()
                continue
            objects.append(report.to_dict())
            notes = [f for f in report.findings if f.severity != "info"]
            for f in notes:
                sys.stderr.write(f"{'错误' if f.severity == 'error' else '注意'}：{path}：{f.message}\n")
            if any(f.severity == "error" for f in notes) and status == ExitStatus.OK:
                status = ExitStatus.FINDINGS
            advance()
    if objects:
        emit(dump(objects[0] if len(objects) == 1 and len(paths) == 1 else objects, fmt), output, force)
    raise typer.Exit(int(status))


SEVERITY_LABEL = {"error": ("错误", "bold red"), "warning": ("警告", "yellow"), "info": ("提示", "cyan")}


def _where(loc: dict) -> str:
    bits = [loc.get("section"), loc.get("row"), loc.get("column")]
    text = " / ".join(str(b) for b in bits if b)
    if loc.get("page"):
        text += f"（PDF 第 {loc['page']} 页）"
    elif loc.get("line"):
        text += f"（第 {loc['line']} 行）"
    return text


def _print_file(console, result: dict) -> None:
    from rich.markup import escape
    from rich.text import Text

    if "error" in result:
        return  # said on stderr already
    head = Text(result["file"], style="bold")
    if result.get("agency") or result.get("year"):
        head.append(f"  {result.get('agency') or '（机关不明）'} {result.get('year') or '？'}年")
    console.print(head)
    findings = result["findings"]
    if not findings:
        console.print("  [green]✓ 未发现问题[/]")
    for f in findings:
        label, style = SEVERITY_LABEL[f["severity"]]
        console.print(f"  [{style}]{label}[/] {escape(f['rule'])}  [dim]{escape(_where(f['location']))}[/]")
        console.print(f"        {escape(f['message'])}")
    e, w = (sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning"))
    console.print(f"  共 {e} 个错误，{w} 个警告\n")


def _summary(console, results: list[dict]) -> None:
    from rich.table import Table

    readable = [r for r in results if "error" not in r]
    errors = sum(sum(1 for f in r["findings"] if f["severity"] == "error") for r in readable)
    warnings = sum(sum(1 for f in r["findings"] if f["severity"] == "warning") for r in readable)
    with_errors = sum(1 for r in readable if any(f["severity"] == "error" for f in r["findings"]))
    console.print(
        f"[bold]汇总[/]：{len(results)} 个文件，{with_errors} 个有错误，共 {errors} 个错误、{warnings} 个警告"
        + (f"，{len(results) - len(readable)} 个无法读取" if len(readable) < len(results) else "")
    )

    def badness(r):
        if "error" in r:
            return (1, 0, 0)
        return (0, sum(1 for f in r["findings"] if f["severity"] == "error"), sum(1 for f in r["findings"] if f["severity"] == "warning"))

    worst = sorted(results, key=badness, reverse=True)[:10]
    table = Table(title="问题最多的文件", show_lines=False)
    for col in ("文件", "机关", "年度", "错误", "警告"):
        table.add_column(col)
    for r in worst:
        if "error" in r:
            table.add_row(r["file"], "", "", "无法读取", "")
        else:
            table.add_row(
                r["file"], r.get("agency") or "", str(r.get("year") or ""),
                str(sum(1 for f in r["findings"] if f["severity"] == "error")),
                str(sum(1 for f in r["findings"] if f["severity"] == "warning")),
            )
    console.print(table)


def _level(value: Optional[str]) -> Optional[str]:
    if value is None or value in LEVELS:
        return value
    raise typer.BadParameter(f"“{value}”不是可选的层级；可选：{'、'.join(LEVELS)}", param_hint="--level")


@app.command()
def check(
    files: list[Path] = FILES_ARG,
    prior: Optional[Path] = typer.Option(None, "--prior", "-p", help="上一年度的报告，用于跨年度核对（上年结转、现行有效件数）"),
    level: Optional[str] = typer.Option(None, "--level", callback=_level, help=f"报告机关层级（{'|'.join(LEVELS)}）；不给则从机关名称推断"),
    agency: Optional[str] = typer.Option(None, "--agency", help="说明上年报告是这个机关的（机关更名等名称不同时，仍按同一机关核对）"),
    fmt: str = typer.Option("text", "--format", "-f", help="输出格式：text 或 json"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="把结果写入此文件"),
    force: bool = typer.Option(False, "--force", help="允许覆盖已存在的输出文件"),
):
    """检查报告：表格勾稽关系、正文与表格是否一致、年份、结构、跨年度衔接。

    退出码：0 = 没有错误；1 = 发现错误；2 = 有文件无法读取。

    例：nianbao check 2024年报.txt --prior 2023年报.txt
    """
    from ..check import check_report

    if fmt not in ("text", "json"):
        raise typer.BadParameter("只能是 text 或 json", param_hint="--format")
    prior_report = _read(prior) if prior else None
    if prior_report is not None and agency and agency.strip():
        prior_report.known_as.append(agency.strip())  # the user's word: the prior is this body's
    paths, problems = expand_inputs(files)
    results: list[dict] = [{"file": str(p.path), "agency": None, "year": None, "error": str(p), "findings": []} for p in problems]
    for p in problems:
        warn_unreadable(p)
    with progress_bar(len(paths), "检查") as advance:
        for path in paths:
            try:
                report = _read(path)
            except NianbaoError as err:
                warn_unreadable(err)
                results.append({"file": str(path), "agency": None, "year": None, "error": str(err), "findings": []})
                advance()
                continue
            findings = check_report(report, prior_report, level)
            results.append(
                {"file": str(path), "agency": report.agency, "year": report.year, "findings": [f.to_dict() for f in findings]}
            )
            advance()
    if any("error" in r for r in results):
        status = ExitStatus.UNREADABLE
    elif any(f["severity"] == "error" for r in results for f in r["findings"]):
        status = ExitStatus.FINDINGS
    else:
        status = ExitStatus.OK
    if fmt == "json":
        emit(dump(results[0] if len(results) == 1 else results, "json"), output, force)
    else:
        if output is not None:
            import io

            from rich.console import Console

            console = Console(record=True, width=120, file=io.StringIO())
        else:
            console = out_console()
        for r in results:
            _print_file(console, r)
        if len(results) > 1:
            _summary(console, results)
        if output is not None:
            emit(console.export_text(), output, force)
    raise typer.Exit(int(status))

