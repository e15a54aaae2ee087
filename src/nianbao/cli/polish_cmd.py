"""``nianbao polish``: polish the narrative with a local model; every figure guarded."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import OutputExists
from . import app
from .common import err_console, progress_bar
from .options import Force
from .polish_options import AllowRemote, Device, Endpoint, Model, ModelName, PolishOptions, Prompt


def default_output(path: Path) -> Path:
    return path.with_name(f"{path.stem}.polished{path.suffix}")


@app.command()
def polish(
    file: Path = typer.Argument(..., help="要润色的报告（.txt、.md、.docx、.html）", show_default=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="润色后的文件（默认：原名.polished.扩展名）"),
    model: Model = None,
    endpoint: Endpoint = None,
    model_name: ModelName = None,
    prompt: Prompt = "default",
    templates: Optional[Path] = typer.Option(None, "--templates", help="自定义模板文件夹（先找其中的 polish/名称/）"),
    device: Device = "auto",
    batch_size: int = typer.Option(4, "--batch-size", help="本地模型每批润色的段落数"),
    report: Optional[Path] = typer.Option(None, "--report", help="把润色结果（每段采用或保留原文及原因）写成 JSON 文件"),
    allow_remote: AllowRemote = False,
    force: Force = False,
):
    """用本地大模型润色正文（第一、五、六部分），数字和事实一律不变。

    每段润色结果都要通过核对：数字（含中文数字、百分比、日期）完全一致，《》“”【】中的内容和机关名称原样保留，长度相近，不含标题、表格或说明文字；不通过的段落保留原文。标题、前言和表格从不改动。

    例：nianbao polish 2024年报.txt --model ~/models/Qwen2.5-7B-Instruct -o 2024年报.润色.txt

    例：nianbao polish 2024年报.docx --endpoint http://127.0.0.1:11434/v1 --model-name qwen2.5:7b
    """
    from ..io import write_atomic
    from ..polish import open_document, polish_paragraphs, polishable_count

    options = PolishOptions(model=model, endpoint=endpoint, model_name=model_name, device=device, prompt=prompt,
                            templates=templates, allow_remote=allow_remote, batch_size=batch_size, report=report,
                            force=force)
    target = output or default_output(file)
    for path in (target, report):
        if path is not None and path.exists() and not force:
            raise OutputExists(path)
    backend = options.backend()
    document = open_document(file)
    console = err_console()
    options.load(backend, console)
    with progress_bar(polishable_count(document.texts, document.skip), "润色") as advance:
        result = polish_paragraphs(
            document.texts, backend, prompt=prompt, templates=templates, agency=document.agency, year=document.year,
            sections=document.sections, where=document.where, skip=document.skip, progress=advance,
        )
    data = document.render(result)
    write_atomic(target, data, force=force)
    sys.stdout.write("\n".join(result.summary_lines()) + "\n")
    sys.stdout.write(f"模型：{result.backend}\n")
    console.print(f"已写入 {target}")
    options.write_report({"source": str(file), "output": str(target), **result.to_dict()}, console)
