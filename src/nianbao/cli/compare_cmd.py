"""``nianbao compare``: year-over-year comparison of one body's reports, or two folders in batch."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .. import LongLived
from ..errors import ExitStatus, NianbaoError
from . import app
from .common import emit, expand_inputs, out_console, output_format, plain_stdout, progress_bar, warn_unreadable
from .options import CompareFormat, Force, format_option
from .parallel import ReadFailure, jobs_option, ordered_map, read_reports

SINGLE_FORMATS = ("txt", "json", "html")
BATCH_FORMATS = ("txt", "csv", "json", "xlsx")


def _console_to(output: Optional[Path]):
    """(console, finish) — the screen, or a recording console whose text goes to ``output``."""
    if output is None:
        return out_console(), lambda force: None
    import io

    from rich.console import Console

    console = Console(record=True, width=120, file=io.StringIO(), highlight=False)
    return console, lambda force: emit(console.export_text(), output, force)


def _write_plain(result, top: int) -> bool:
    """The text view written to a non-terminal stdout without rich (the same bytes); False where rich must print."""
    from ..compare.plaintext import console_width, supported
    from ..compare.terminal import render_plain

    encoding = getattr(sys.stdout, "encoding", None)
    if not supported(encoding):
        return False
    text = render_plain(result, console_width(), encoding, top=top)
    if text is None:
        return False
    sys.stdout.write(text)
    sys.stdout.flush()
    return True


@app.command()
def compare(
    files: list[Path] = typer.Argument(
        ..., help="同一机关不同年度的报告，按年度从早到晚排列（至少两份）；批量时为两个文件夹：旧年度、新年度", show_default=False
    ),
    fmt: Optional[CompareFormat] = format_option("输出格式：txt、json、html；批量时 txt、csv、json、xlsx（默认按 -o 的扩展名，否则 txt；批量写文件时 csv）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入此文件（默认输出到屏幕）"),
    force: Force = False,
    pair_by: Optional[str] = typer.Option(None, "--pair-by", help="批量对比两个文件夹：agency = 按机关名称配对"),
    top: int = typer.Option(10, "--top", min=1, help="屏幕摘要中列出的数字变化条数"),
    jobs: int = jobs_option(),
):
    """逐年对比报告：正文重复率、逐词差异、表格数字变化、跨年度衔接。

    给两个文件夹（旧年度、新年度）时批量对比：按机关名称配对（同 --pair-by agency），每对一行。

    例：nianbao compare 2023年报.txt 2024年报.txt
        nianbao compare 2023年报.txt 2024年报.txt --format html -o 对比.html
        nianbao compare 2023年/ 2024年/ -o 汇总.xlsx
    """
    if pair_by is None and len(files) == 2 and all(f.is_dir() for f in files):
        pair_by = "agency"  # two folders: the batch comparison, paired by agency as check --prior DIR does
    if pair_by is not None:
        _batch(files, pair_by, fmt, output, force, jobs)
        return
    fmt = output_format(fmt, output, SINGLE_FORMATS, "txt")
    if len(files) < 2:
        raise typer.BadParameter("至少需要两份报告（旧年度在前，新年度在后）", param_hint="FILES")
    with LongLived():  # the modules a comparison loads, the reports and their comparison: kept to the end
        from ..compare import compare_reports
        from ..read import read_report

        reports = []
        for path in files:
            if path.is_dir():
                raise NianbaoError(f"{path}：这是一个文件夹。批量对比两个文件夹请加 --pair-by agency")
            reports.append(read_report(path))
        result = compare_reports(reports, words=True)
    if fmt == "json":
        emit(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), output, force)
    elif fmt == "html":
        from ..compare.page import render_html

        emit(render_html(result), output, force)
    else:
        from ..compare.terminal import render_terminal

        if output is None and plain_stdout() and _write_plain(result, top):
            return
        console, finish = _console_to(output)
        render_terminal(result, console, top=top)
        finish(force)


def _batch(folders: list[Path], pair_by: str, fmt: Optional[CompareFormat], output: Optional[Path], force: bool, jobs: int = 0) -> None:
    from ..compare import batch

    if pair_by != "agency":
        raise typer.BadParameter("目前只支持 agency（按机关名称配对）", param_hint="--pair-by")
    if len(folders) != 2 or not all(f.is_dir() for f in folders):
        raise typer.BadParameter("批量对比需要两个文件夹：旧年度的、新年度的", param_hint="FILES")
    fmt = output_format(fmt, output, BATCH_FORMATS, "csv" if output is not None else "txt")
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter("Excel 工作簿不能输出到屏幕，请用 -o 指定文件名（如 -o 对比.xlsx）", param_hint="--format")

    sides = []
    problems: list[NianbaoError] = []
    for folder in folders:
        paths, bad = expand_inputs([folder])
        problems += bad
        sides.append(paths)
    total = len(sides[0]) + len(sides[1])
    with progress_bar(total, "读取") as advance:
        read = read_reports(sides[0] + sides[1], jobs, advance)
    entries = [batch.Entry(p, r, ReadFailure(m) if m else None) for p, (r, m) in zip(sides[0] + sides[1], read)]
    old_entries, new_entries = entries[:len(sides[0])], entries[len(sides[0]):]
    for entry in old_entries + new_entries:
        if entry.error:
            warn_unreadable(entry.error)
    for p in problems:
        warn_unreadable(p)
    result = batch.pair_by_agency(old_entries, new_entries)
    with progress_bar(len(result.pairs), "对比") as advance:
        rows = list(ordered_map(batch.compare_row, result.pairs, jobs, advance))

    if result.by_filename:
        sys.stderr.write(
            f"注意：{len(result.by_filename)} 对报告没有识别出机关名称，按文件名（去掉年份）配对："
            + "、".join(result.by_filename) + "\n"
        )
    if fmt != "txt":  # the text table lists them itself
        for entry, why in result.unpaired:
            sys.stderr.write(f"未配对：{entry.path}（{why}）\n")

    if fmt == "csv":
        emit(batch.to_csv(rows), output, force)
    elif fmt == "xlsx":
        emit(batch.to_xlsx(rows, result.unpaired), output, force)
    elif fmt == "json":
        doc = {"pairs": rows, "unpaired": [{"file": str(e.path), "reason": why} for e, why in result.unpaired]}
        emit(json.dumps(doc, ensure_ascii=False, indent=2), output, force)
    else:
        console, finish = _console_to(output)
        batch.render_table(rows, result.unpaired, console)
        finish(force)
    unreadable = problems or any(e.error for e in old_entries + new_entries)
    raise typer.Exit(int(ExitStatus.UNREADABLE if unreadable else ExitStatus.OK))
