"""`compare` to a pipe lays its text view out without rich: the bytes must be the ones rich would print."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from nianbao.compare import compare_reports
from nianbao.compare.plaintext import layout
from nianbao.compare.terminal import Line, TableView, render_plain, render_terminal
from nianbao.read import read_report

from .conftest import EXAMPLE, FIXTURES, ROOT


def rich_console(width: int) -> tuple[Console, io.StringIO]:
    """What `compare` prints to on a non-terminal stdout (cli.common.out_console), ``width`` columns wide."""
    out = io.StringIO()
    return Console(file=out, width=width, highlight=False, soft_wrap=True), out


def rich_text(result, width: int, top: int = 10) -> str:
    console, out = rich_console(width)
    render_terminal(result, console, top=top)
    return out.getvalue()


def rich_blocks(blocks, width: int) -> str:
    console, out = rich_console(width)
    for block in blocks:
        console.print() if block is None else console.print(block.to_rich())
    return out.getvalue()


@pytest.fixture(scope="module")
def suqian():
    return compare_reports([read_report(FIXTURES / "suqian_2023.txt"), read_report(FIXTURES / "suqian_2024.txt")])


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    """Four reports of one year under different file names: the legend, the chain and the trend tables."""
    folder = tmp_path_factory.mktemp("series")
    reports = [read_report(EXAMPLE)]
    for ext in ("md", "txt", "html"):
        shutil.copy(EXAMPLE, folder / f"madian-2025-draft.{ext}")
        reports.append(read_report(folder / f"madian-2025-draft.{ext}"))
    return compare_reports(reports, words=False)


@pytest.mark.parametrize("width", [20, 33, 47, 61, 71, 80, 89, 100, 120, 157])
def test_real_comparison_is_what_rich_prints(suqian, width):
    text = render_plain(suqian, width, top=12)
    if width >= 60:  # narrower, a table may squeeze a column to nothing: left to rich
        assert text is not None
    assert text is None or text == rich_text(suqian, width, top=12)


@pytest.mark.parametrize("width", [20, 41, 64, 70, 80, 99, 130])
def test_series_of_reports_is_what_rich_prints(series, width):
    text = render_plain(series, width)
    if width >= 70:
        assert text is not None and "[1] report.txt" in text  # the legend's "[1]" is no markup: laid out here
    assert text is None or text == rich_text(series, width)


def test_other_reports_pair_is_what_rich_prints():
    result = compare_reports([read_report(FIXTURES / "huaian_2024.txt"), read_report(FIXTURES / "suqian_2024.txt")])
    for width in (64, 80, 120):
        assert render_plain(result, width) == rich_text(result, width)


def test_what_rich_would_change_goes_to_rich():
    for cell in ("[bold]粗体[/]", "见:smile:说明", "a\\b", "第一行\n第二行"):
        table = TableView("标题")
        table.add_column("项目", overflow="fold")
        table.add_row(cell)
        assert layout([table], 80) is None
    assert layout([Line((("制表\t符", None),))], 80) is None
    assert layout([Line((("回车\r", None),))], 80) is None
    assert layout([Line((("正文", None),))], 80, "gbk") is None  # rich draws ASCII boxes and rules there
    assert layout([Line((("正文", None),))], 12) is None
    table = TableView("说明[1]：见下")  # a bracket that opens no markup tag is plain text to rich
    table.add_column("项目")
    table.add_row("[2] 第二份")
    assert layout([table], 80) == rich_blocks([table], 80)


_words = st.text(alphabet=st.sampled_from("政府信息公开年度报告ab1 ·（）—%"), max_size=40)


@given(
    titles=st.lists(_words, min_size=1, max_size=5),
    rows=st.lists(st.lists(_words, min_size=5, max_size=5), max_size=6),
    justify=st.lists(st.sampled_from(["left", "right"]), min_size=5, max_size=5),
    kinds=st.lists(st.sampled_from(["fold", "ellipsis", "no_wrap", "min"]), min_size=5, max_size=5),
    width=st.integers(min_value=20, max_value=140),
)
def test_any_table_is_what_rich_prints(titles, rows, justify, kinds, width):
    table = TableView("".join(titles) or "表")
    for i, (just, kind) in enumerate(zip(justify, kinds)):
        options = {"justify": just}
        if kind == "fold":
            options["overflow"] = "fold"
        elif kind == "no_wrap":
            options["no_wrap"] = True
        elif kind == "min":
            options["min_width"] = 6
        table.add_column(titles[i % len(titles)], **options)
    for row in rows:
        table.add_row(row[0], Line(((row[1], None), (row[2], "dim")), "bold"), *row[2:])
    blocks = [table, Line(((row[0], None),)) if rows else None]
    text = layout(blocks, width)
    assert text is None or text == rich_blocks(blocks, width)  # None: rich prints it (a column squeezed to nothing)


def test_compare_to_a_pipe_does_not_load_rich_console(tmp_path):
    code = (
        "import sys\n"
        f"sys.argv = ['nianbao', 'compare', {str(FIXTURES / 'suqian_2023.txt')!r}, {str(FIXTURES / 'suqian_2024.txt')!r}]\n"
        "from nianbao.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nRICH_CONSOLE=' + str('rich.console' in sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100",
                            "PYTHONIOENCODING": "utf-8", "HOME": str(tmp_path),
                            "NIANBAO_CACHE_DIR": os.environ["NIANBAO_CACHE_DIR"]})  # the session's (conftest)
    assert r.stderr.rsplit("RICH_CONSOLE=", 1)[1] == "False"
    assert "重复率" in r.stdout and "正文差异" in r.stdout
