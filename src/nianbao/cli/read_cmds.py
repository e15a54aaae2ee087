"""``nianbao extract`` and ``nianbao check``."""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path
from typing import Optional

import typer

from ..catalog import LEVELS
from ..errors import ExitStatus, NianbaoError, OutputExists, ReportReadError
from . import app
from .common import emit, expand_inputs, out_console, output_format, plain_stdout, progress_bar, warn_unreadable
from .options import CheckFormat, Choice, ExtractFormat, Force, format_option
from .parallel import ReadFailure, jobs_option, ordered_map, read_reports

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
    fmt: Optional[ExtractFormat] = format_option("输出格式：json、yaml 或 xlsx（数字工作簿；默认按 -o 的扩展名，否则 json）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入此文件（默认输出到屏幕）"),
    force: Force = False,
    jobs: int = jobs_option(),
):
    """读出报告的三张表格和正文，输出标准结构（figures.schema.json）。

    例：nianbao extract 2024年报.txt -o 2024.json
    """
    fmt = output_format(fmt, output, ExtractFormat.values(), "json")
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter("Excel 工作簿不能输出到屏幕，请用 -o 指定文件名（如 -o 2024年数字.xlsx）", param_hint="--format")
    paths, problems = expand_inputs(files)
    for p in problems:
        warn_unreadable(p)
    status = ExitStatus.UNREADABLE if problems else ExitStatus.OK
    objects = []
    with progress_bar(len(paths), "读取") as advance:
        read = read_reports(paths, jobs, advance)
    for path, (report, message) in zip(paths, read):
        try:
            if report is None:
                raise ReadFailure(message)
            if report.format == "pre-2021":
                raise ReportReadError(
                    path, "这是 2021 年以前格式的报告，表格栏目与现行格式不同，无法按现行格式提取表格数字",
                    "nianbao 只读取国办公开办函〔2021〕30号规定的新格式",
                )
        except NianbaoError as err:
            warn_unreadable(err)
            status = ExitStatus.UNREADABLE
            continue
        objects.append(report.to_dict())
        from ..check.structure import duplicate_report

        notes = [f for f in report.findings if f.severity != "info"]
        notes += [f for f in (duplicate_report(report),) if f is not None]
        for f in notes:
            sys.stderr.write(f"{'错误' if f.severity == 'error' else '注意'}：{path}：{f.message}\n")
        if any(f.severity == "error" for f in notes) and status == ExitStatus.OK:
            status = ExitStatus.FINDINGS
    if objects and fmt == "xlsx":
        if len(objects) > 1:
            raise typer.BadParameter("Excel 数字工作簿一次只能写一份报告的数字；多份报告请用 .json 或 .yaml", param_hint="--output")
        from ..figures.xlsx import figures_workbook

        emit(figures_workbook({k: v for k, v in objects[0].items() if k != "sections"}, formulas=False), output, force)
    elif objects:
        emit(dump(objects[0] if len(objects) == 1 and len(paths) == 1 else objects, fmt), output, force)
    raise typer.Exit(int(status))


def pair_priors(paths: list[Path], current: list, prior_paths: list[Path], prior_read: list) -> list:
    """Each report's prior from a folder of last year's reports, paired as ``compare --pair-by agency`` does."""
    from ..compare.batch import Entry, pair_by_agency

    new = [Entry(p, r, ReadFailure(m) if m else None) for p, (r, m) in zip(paths, current)]
    old = [Entry(p, r, ReadFailure(m) if m else None) for p, (r, m) in zip(prior_paths, prior_read)]
    for entry in old:
        if entry.error:
            sys.stderr.write(f"注意：上年报告无法读取，未用于核对：{entry.error}\n")
    pairing = pair_by_agency(old, new)
    index = {id(e): i for i, e in enumerate(new)}
    priors: list = [None] * len(paths)
    for o, n, how in pairing.pairs:
        priors[index[id(n)]] = o.report
    if pairing.by_filename:
        sys.stderr.write(f"注意：{len(pairing.by_filename)} 份报告没有识别出机关名称，按文件名（去掉年份）与上年报告配对："
                         + "、".join(pairing.by_filename) + "\n")
    lonely_new = [e for e, _ in pairing.unpaired if e in new and not e.error]
    lonely_old = [e for e, _ in pairing.unpaired if e in old and not e.error]
    if lonely_new:
        sys.stderr.write(f"未配对：{len(lonely_new)} 份报告在上年文件夹中没有同一机关的报告，没有做跨年度核对："
                         + "、".join(str(e.path) for e in lonely_new) + "\n")
    if lonely_old:
        sys.stderr.write(f"未配对：上年文件夹中 {len(lonely_old)} 份报告没有对应的本年报告："
                         + "、".join(str(e.path) for e in lonely_old) + "\n")
    return priors


FIGURES_SUFFIXES = (".xlsx", ".yaml", ".yml", ".json")


def _check_figures(path: Path, prior_report, level) -> dict:
    """check's result for a figures file: its own problems, or the table (and cross-year) rules' findings."""
    from ..errors import FiguresError
    from ..figures import load_figures, table_findings

    try:
        inp = load_figures(path)
    except FiguresError as err:
        warn_unreadable(err)
        return {"file": str(path), "agency": None, "year": None, "error": str(err), "findings": []}
    findings = table_findings(inp, prior_report, level) + inp.findings
    order = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: order[f.severity])
    out = []
    for f in findings:
        d = f.to_dict()
        line = d["location"].get("line")
        if isinstance(line, str):  # a workbook cell: "表格!E26"
            d["location"]["cell"] = d["location"].pop("line")
        out.append(d)
    return {"file": str(path), "agency": inp.obj["agency"], "year": inp.obj["year"], "findings": out}


def _checked(path: Path, report, prior, level: Optional[str], batch: bool) -> tuple:
    """(agency, year, findings, batch key) of a report: the check's findings, and in a batch the file
    name's (the duplicates across the batch are added later, from the keys)."""
    from ..check import check_report
    from ..check.batch import ReportKey, name_findings

    findings = check_report(report, prior, level, final=True)
    if not batch:
        return report.agency, report.year, findings, None
    return report.agency, report.year, findings + name_findings(path, report), ReportKey.of(report)


def _check_one(path: Path, prior, level: Optional[str], batch: bool) -> tuple:
    """A report read and checked (in a worker process): (:func:`_checked`'s tuple, None), or (None, the
    reader's message). Only these come back, not the report."""
    from ..read import read_report

    try:
        report = read_report(path)
    except NianbaoError as err:
        return None, str(err)
    return _checked(path, report, prior, level, batch), None


class _LevelChoice(Choice):
    @classmethod
    def problem(cls, value: str) -> str:
        return f"“{value}”不是可选的层级；可选：{'、'.join(cls.values())}"


#: ``--level``: the catalog's levels
Level = _LevelChoice("Level", [(level, level) for level in LEVELS])


@app.command()
def check(
    files: list[Path] = FILES_ARG,
    prior: Optional[Path] = typer.Option(None, "--prior", "-p", help="上一年度的报告或报告文件夹，用于跨年度核对（上年结转、现行有效件数）"),
    level: Optional[Level] = typer.Option(None, "--level", help=f"报告机关层级（{'|'.join(LEVELS)}）；不给则从机关名称推断"),
    fmt: Optional[CheckFormat] = format_option("输出格式：txt、json、csv、xlsx（默认按 -o 的扩展名，否则 txt）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="把结果写入此文件；.xlsx = Excel 工作簿（汇总、问题清单），.csv = 问题清单，.json、.txt"),
    agency: Optional[str] = typer.Option(None, "--agency", help="说明上年报告是这个机关的（机关更名等名称不同时，仍按同一机关核对）"),
    force: Force = False,
    jobs: int = jobs_option(),
):
    """检查报告：表格勾稽关系、正文与表格是否一致、年份、结构、跨年度衔接。

    --prior 可以是一份上年报告，也可以是上年报告的文件夹：这时按机关名称把每份报告与其上年报告配对
    （与 compare --pair-by agency 的配对方法相同），没有配上的文件会列出来。
    批量检查时还会指出重复的报告，以及文件名写的机关或年度与报告内容不符的文件。
    也可以检查数字文件（init 生成的 .xlsx、.yaml，或 extract 输出的 .json）：按表格规则和跨年度衔接核对。

    退出码：0 = 没有错误；1 = 发现错误；2 = 有文件无法读取。

    例：nianbao check 2024年报.txt --prior 2023年报.txt
        nianbao check 2024年/ --prior 2023年/ -o 结果.xlsx
    """
    from ..check.batch import duplicate_findings
    from ..export.findings_table import report_extras

    level = level.value if level is not None else None
    fmt = output_format(fmt, output, CheckFormat.values(), "txt")
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter("Excel 工作簿不能输出到屏幕，请用 -o 指定文件名（如 -o 结果.xlsx）", param_hint="--format")
    if output is not None and output.exists() and not force:
        raise OutputExists(output)
    paths, problems = expand_inputs(files)
    results: list[dict] = [{"file": str(p.path), "agency": None, "year": None, "error": str(p), "findings": []} for p in problems]
    extras: list[dict] = [{} for _ in problems]
    for p in problems:
        warn_unreadable(p)
    prior_paths: list[Path] = []
    prior_report = None
    if prior is not None and prior.is_dir():
        prior_paths, prior_problems = expand_inputs([prior])
        for p in prior_problems:
            warn_unreadable(p)
    elif prior is not None:
        prior_report = _read(prior)
        if agency and agency.strip():
            prior_report.known_as.append(agency.strip())  # the user's word: the prior is this body's
    figure_files = [p for p in paths if p.suffix.lower() in FIGURES_SUFFIXES]
    paths = [p for p in paths if p.suffix.lower() not in FIGURES_SUFFIXES]
    batch = len(paths) > 1
    if not prior_paths and fmt != "xlsx":  # each report read and checked where it is read (a worker): no report sent back
        with progress_bar(len(paths), "读取") as advance:
            done = list(ordered_map(partial(_check_one, prior=prior_report, level=level, batch=batch), paths, jobs, advance))
        row_extras = [{} for _ in paths]
    else:
        with progress_bar(len(paths) + len(prior_paths), "读取") as advance:
            read = read_reports(paths + prior_paths, jobs, advance)
        current = read[:len(paths)]
        priors = pair_priors(paths, current, prior_paths, read[len(paths):]) if prior_paths else [prior_report] * len(paths)
        done = [(_checked(path, report, priors[i], level, batch), None) if report is not None else (None, message)
                for i, (path, (report, message)) in enumerate(zip(paths, current))]
        row_extras = [report_extras(report, priors[i]) if fmt == "xlsx" and report is not None else {}
                      for i, (report, _) in enumerate(current)]
    readable = [(path, checked[3]) for path, (checked, _) in zip(paths, done) if checked is not None]
    duplicates = {str(readable[i][0]): found for i, found in duplicate_findings(readable).items()} if batch else {}
    order = {"error": 0, "warning": 1, "info": 2}
    for i, (path, (checked, message)) in enumerate(zip(paths, done)):
        if checked is None:
            warn_unreadable(ReadFailure(message))
            results.append({"file": str(path), "agency": None, "year": None, "error": message, "findings": []})
            extras.append({})
            continue
        agency, year, findings, _ = checked
        findings = findings + duplicates.get(str(path), [])
        findings.sort(key=lambda f: order[f.severity])
        extras.append(row_extras[i])
        results.append({"file": str(path), "agency": agency, "year": year, "findings": [f.to_dict() for f in findings]})
    for path in figure_files:  # a figures file (YAML, JSON, workbook): the table rules, as draft applies them
        results.append(_check_figures(path, prior_report, level))
        extras.append({})
    if any("error" in r for r in results):
        status = ExitStatus.UNREADABLE
    elif any(f["severity"] == "error" for r in results for f in r["findings"]):
        status = ExitStatus.FINDINGS
    else:
        status = ExitStatus.OK
    if fmt == "json":
        emit(dump(results[0] if len(results) == 1 else results, "json"), output, force)
    elif fmt == "csv":
        from ..export.findings_table import findings_csv

        text = findings_csv(results)
        emit(text if output is not None else text.lstrip("\ufeff"), output, force)
    elif fmt == "xlsx":
        from ..export.findings_table import findings_workbook

        emit(findings_workbook(results, extras), output, force)
    else:
        if output is not None:
            import io

            from rich.console import Console

            console = Console(record=True, width=120, file=io.StringIO())
        else:
            console = None if plain_stdout() else out_console()
        from ..check.terminal import plain_result, print_result, print_summary

        for r in results:
            text = plain_result(r) if console is None else None
            if text is not None:
                sys.stdout.write(text)
                continue
            if console is None:
                console = out_console()
            print_result(console, r)
        if len(results) > 1:
            print_summary(console or out_console(), results)
        if output is not None:
            emit(console.export_text(), output, force)
    raise typer.Exit(int(status))

