"""``nianbao init``, ``nianbao draft`` and ``nianbao summarize``."""

import sys
from pathlib import Path
from typing import Optional

import typer

from .. import LongLived
from ..errors import NianbaoError, OutputExists
from . import app
from .common import SETTINGS, LazyErrConsole, emit, err_console
from .options import DraftFormat, Force, SummaryFormat, format_option
from .polish_options import AllowRemote, Device, Endpoint, Model, ModelName, PolishOptions, Prompt


def _read_prior(path: Optional[Path]):
    if path is None:
        return None
    from ..read import read_report

    return read_report(path)


@app.command()
def init(
    prior: Optional[Path] = typer.Option(None, "--prior", "-p", help="上一年度的报告：据此填写机关、年度、上年结转和现行有效件数"),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="报告年度（默认：上年报告的下一年；没有上年报告时为去年）"),
    agency: Optional[str] = typer.Option(None, "--agency", help="报告机关全称（默认取自上年报告）；与上年报告的名称不同时，视为同一机关（如更名）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入此文件：.yaml，或 .xlsx（Excel 工作簿，按官方表格排版）；默认输出 YAML 到屏幕"),
    force: Force = False,
):
    """生成本年度的数字文件（YAML 或 Excel 工作簿），每个单元格都带官方表格中的名称。

    有上年报告时，预先填好机关、年度、表三“上年结转”（= 上年“结转下年度继续办理”）和
    表二“现行有效件数”；其余填 0，待按本年度台账修改。文件末尾的 facts 是起草正文用的补充事实（可不填）。

    例：nianbao init --prior 2024年报.txt -o 2025.yaml
        nianbao init --prior 2024年报.txt -o 2025年数字.xlsx
    """
    from datetime import date

    from ..figures.init import init_text, init_warnings

    kind = "xlsx" if output is not None and output.suffix.lower() == ".xlsx" else "yaml"
    if output is not None and output.suffix.lower() in (".json", ".xls", ".csv", ".docx", ".doc", ".md", ".html"):
        raise typer.BadParameter(f"数字文件只能是 .yaml 或 .xlsx（Excel 工作簿），不能是“{output.name}”", param_hint="--output")
    if output is not None and output.exists() and not force:
        raise OutputExists(output)

    prior_report = _read_prior(prior)
    if year is None and (prior_report is None or not prior_report.year):
        year = date.today().year - 1
    if year is None:
        year = prior_report.year + 1
    console = err_console()
    for warning in init_warnings(prior_report, year, str(prior) if prior else "", agency):
        console.print(f"注意：{warning}", highlight=False, markup=False, soft_wrap=True)
    if kind == "xlsx":
        from ..figures.xlsx import init_workbook

        emit(init_workbook(prior_report, year, agency), output, force)
        return  # the workbook holds its own 工作记录 sheet
    emit(init_text(prior_report, year, agency, str(prior) if prior else ""), output, force)
    _write_notes_template(output)


def _write_notes_template(figures_path: Optional[Path]) -> None:
    """The notes file next to a figures file written by ``init`` (never replacing the drafter's own)."""
    if figures_path is None:
        return
    from ..draft.notes import NOTES_TEMPLATE, notes_path_for
    from ..io import write_atomic

    notes_file = notes_path_for(figures_path)
    if notes_file.exists():  # the drafter's own work: never replaced, not even with --force
        err_console().print(f"工作记录文件 {notes_file} 已存在，未改动", highlight=False)
    else:
        write_atomic(notes_file, NOTES_TEMPLATE)
        err_console().print(f"已写入 {notes_file}（本年度工作记录：起草时用 --notes {notes_file}）", highlight=False)


def _format(fmt: Optional[DraftFormat], output: Optional[Path]) -> str:
    if fmt is not None:
        return fmt.value
    if output is None:
        return "md"
    from ..render.document import format_for_path

    found = format_for_path(output)
    if found is None:
        raise typer.BadParameter(f"无法从文件名“{output.name}”判断输出格式；请用 .md、.txt、.docx、.html 结尾，或用 --format 指定",
                                 param_hint="--output")
    return found


@app.command()
def draft(
    figures: Path = typer.Argument(..., help="本年度数字文件（nianbao init 生成的 YAML 或 Excel 工作簿，或 nianbao extract 输出的 JSON）", show_default=False),
    prior: Optional[Path] = typer.Option(None, "--prior", "-p", help="上一年度的报告：沿用其中的常规做法（年份顺延、件数更新），上年的具体事项不当作今年的写（放进【沿用上年，请核实：…】或不沿用），回应其存在的问题"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入此文件；格式由扩展名决定（.md .txt .docx .html）"),
    fmt: Optional[DraftFormat] = format_option("输出格式：md、txt、docx、html（默认按 -o 的扩展名，否则 md）"),
    notes: Optional[list[Path]] = typer.Option(None, "--notes", "-n", help="本年度工作记录（.txt、.md、.docx 或工作簿的“工作记录”表，可给多次）：每行一件工作，原文照录，按标题或内容归入各方面"),
    templates: Optional[Path] = typer.Option(None, "--templates", help="自定义模板文件夹：其中的 .j2 文件替换同名的内置模板"),
    explain: bool = typer.Option(False, "--explain", help="说明每一句是生成的、沿用上年的，还是待核实的（输出到标准错误）"),
    agency: Optional[str] = typer.Option(None, "--agency", help="本报告机关全称（代替数字文件中的名称）；同时说明上年报告是同一机关的（如机关更名）"),
    allow_inconsistent: bool = typer.Option(False, "--allow-inconsistent", help="表格数字不平衡时也照样起草（草稿将通不过 check）"),
    polish: bool = typer.Option(False, "--polish", help="起草后用本地大模型润色正文（需 --model 或 --endpoint；数字一律不变）"),
    model: Model = None,
    endpoint: Endpoint = None,
    model_name: ModelName = None,
    device: Device = "auto",
    prompt: Prompt = "default",
    allow_remote: AllowRemote = False,
    polish_report: Optional[Path] = typer.Option(None, "--polish-report", help="把润色结果写成 JSON 文件"),
    force: Force = False,
):
    """根据本年度数字和上年报告起草完整的年度报告。

    草稿包括标题、前言、六个部分和三张官方表格；每个数字都来自数字文件，
    或放在【待核实：…】标记中等待确认。标记全部核实、删去后，草稿能通过 nianbao check --prior。

    例：nianbao draft 2025.yaml --prior 2024年报.txt --notes 2025.notes.md -o 2025年报草稿.docx
    """
    kind = _format(fmt, output)
    if kind == "docx" and output is None:
        raise typer.BadParameter("Word 文档不能输出到屏幕，请用 -o 指定文件名（如 -o 草稿.docx）", param_hint="--format")
    if agency is not None and not agency.strip():
        raise typer.BadParameter("请给出报告机关全称，如 --agency 洛宁县马店镇人民政府", param_hint="--agency")
    with LongLived():  # the drafting modules, the figures, last year's report and the draft: kept to the end
        from ..draft import draft_report
        from ..figures import accept_prior_body, ensure_consistent, load_figures

        inp = load_figures(figures)
        if agency is not None:
            inp.obj["agency"] = agency.strip()
        prior_report = _read_prior(prior)
        console = LazyErrConsole()
        for note in inp.findings:
            console.print(f"提示：{note.message}", highlight=False, markup=False)
        # whose report the prior is: decided here, whatever --allow-inconsistent says
        remarks = accept_prior_body(inp.obj["agency"], prior_report, str(prior), declared=agency is not None)
        if not allow_inconsistent:
            remarks += [warning.message for warning in ensure_consistent(inp, prior_report)]
        for remark in dict.fromkeys(remarks):
            console.print(f"注意：{remark}", highlight=False, markup=False, soft_wrap=True)
        if polish and model is None and endpoint is None:
            raise typer.BadParameter("润色需要 --model（本地模型文件夹）或 --endpoint（模型服务地址）", param_hint="--polish")
        for path in (output, polish_report):
            if path is not None and path.exists() and not force:
                raise OutputExists(path)
        note_items = None
        notes = list(notes or [])
        sheet = inp.work_notes  # read with the figures: the workbook is opened once
        if sheet and figures not in notes and any(not line.startswith("## ") for line in sheet):
            notes.insert(0, figures)  # the workbook's own 工作记录 sheet
        if notes:
            from ..draft.notes import read_notes

            note_items = read_notes(notes, prior_report, {figures: sheet} if sheet is not None else None)
        result = draft_report(inp, prior_report, templates, allow_inconsistent=allow_inconsistent, notes=note_items)
    if polish:
        options = PolishOptions(model=model, endpoint=endpoint, model_name=model_name, device=device, prompt=prompt,
                                templates=templates, allow_remote=allow_remote, report=polish_report, force=force)
        _polish(result, prior_report, options, allow_inconsistent)
    document = result.render(kind)
    if explain:
        from ..draft.explain import print_explain

        print_explain(result, console)
    if isinstance(document, bytes):
        from ..io import write_atomic

        write_atomic(output, document, force=force)
        console.print(f"已写入 {output}")
    else:
        emit(document, output, force)
    if output is not None and not explain and not SETTINGS["quiet"]:
        from ..draft.explain import summary_line

        sys.stderr.write(summary_line(result) + "\n")
    if result.note_conflicts:
        for f in result.note_conflicts:
            console.print(f"注意：工作记录与表格不一致——{f.message}", highlight=False, markup=False)
        raise typer.Exit(1)


def _polish(result, prior_report, options: PolishOptions, allow_inconsistent: bool) -> None:
    """Polish the draft's narrative in place (the fact guard decides every paragraph)."""
    from ..polish.drafts import draft_polishable, polish_draft
    from .common import progress_bar

    console = err_console()
    backend = options.backend()
    options.load(backend, console)
    with progress_bar(draft_polishable(result), "润色") as advance:
        outcome = polish_draft(result, backend, prompt=options.prompt, templates=options.templates, prior=prior_report,
                               allow_inconsistent=allow_inconsistent, progress=advance)
    for line in outcome.summary_lines():
        console.print(line, highlight=False, markup=False)
    options.write_report(outcome.to_dict(), console)


@app.command()
def summarize(
    file: Path = typer.Argument(..., help="年度报告文件", show_default=False),
    prior: Optional[Path] = typer.Option(None, "--prior", "-p", help="上一年度的报告：给出各项数字的同比变化"),
    fmt: Optional[SummaryFormat] = format_option("输出格式：txt 或 json（默认按 -o 的扩展名，否则 txt）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入此文件（默认输出到屏幕）"),
    force: Force = False,
):
    """为领导写一份简短摘要：关键数字及同比变化、正文关键词、存在问题的要点。

    例：nianbao summarize 2025年报.docx --prior 2024年报.txt
    """
    import json

    from ..read import read_report
    from ..summarize import summarize_report

    from .common import output_format

    fmt = output_format(fmt, output, SummaryFormat.values(), "txt")
    report = read_report(file)
    if report.format != "2021":
        raise NianbaoError(f"{file}：这是 2021 年以前格式的报告，表格栏目与现行格式不同，无法摘要其数字")
    summary = summarize_report(report, _read_prior(prior))
    text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) if fmt == "json" else summary.to_text()
    emit(text, output, force)
