"""Reading on screens: terminal tables at 80 columns, the compare page at 800 px, PDF findings with pages."""

from __future__ import annotations

import io
import shutil

import pytest

from nianbao.compare import compare_reports
from nianbao.compare.terminal import render_terminal, shorten_middle
from nianbao.read import read_report

from .conftest import EXAMPLE, FIXTURES
from .test_compare_html import CHROMIUM


def test_shorten_middle_keeps_both_ends():
    from rich.cells import cell_len

    name = "examples/out/madian-2025-draft.docx"
    short = shorten_middle(name, 20)
    assert cell_len(short) <= 20 and short.startswith("exam") and short.endswith("draft.docx") and "…" in short
    assert shorten_middle("短名.txt", 20) == "短名.txt"
    assert cell_len(shorten_middle("宿迁市人民政府办公室2024年政府信息公开工作年度报告.docx", 24)) <= 24


def _console(width=80):
    from rich.console import Console

    return Console(file=io.StringIO(), width=width, record=True, highlight=False)


def test_drafts_of_one_year_are_told_apart_at_80_columns(tmp_path):
    names = [f"madian-2025-draft.{ext}" for ext in ("md", "txt", "html")]
    reports = [read_report(EXAMPLE)]
    for name in names:
        shutil.copy(EXAMPLE, tmp_path / name)
        reports.append(read_report(tmp_path / name))
    console = _console()
    render_terminal(compare_reports(reports, words=False), console)
    text = console.export_text()
    for i, name in enumerate(["report.txt", *names], start=1):
        assert f"[{i}] {name}" in text  # the legend names every file in full
    assert "[2] → [3]" in text and "[3] → [4]" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_changed_cells_are_wrapped_not_cut():
    console = _console()
    result = compare_reports([read_report(FIXTURES / "suqian_2023.txt"), read_report(FIXTURES / "suqian_2024.txt")],
                             words=False)
    render_terminal(result, console, top=40)
    text = console.export_text()
    table = text.split("表格数字变化", 1)[1].split("跨年度衔接", 1)[0]
    assert " …" not in table and "…\n" not in table
    assert "不予处理·信访举报投诉类申请（自" in table and "然人）" in table


def test_check_summary_shortens_file_names_in_the_middle(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    folder = tmp_path / "examples" / "out" / "a-long-folder-name-for-drafts"
    folder.mkdir(parents=True)
    for ext in ("md", "txt", "html"):
        shutil.copy(EXAMPLE, folder / f"madian-2025-draft.{ext}")
    r = cli("check", folder)
    table = r.out.split("问题最多的文件", 1)[1]
    for ext in ("md", "txt", "html"):
        assert f"draft.{ext} " in table  # the end of each name, which tells them apart
    assert max(len(line) for line in r.out.splitlines() if "│" in line) <= 80


def test_pdf_findings_give_the_page(cli):
    import json

    r = cli("check", FIXTURES / "huaian_2024.pdf", "--prior", FIXTURES / "suqian_2023.txt", "-f", "json")
    findings = json.loads(r.out)["findings"]
    carried = [f for f in findings if f["rule"] == "cross_year.carried_over"]
    assert carried and all(f["location"].get("page") == 4 for f in carried)
    text = cli("check", FIXTURES / "huaian_2024.pdf", "--prior", FIXTURES / "suqian_2023.txt").out
    assert "（PDF 第 4 页）" in text


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")
def test_compare_page_fits_an_800px_window(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
    from nianbao.compare.page import render_html

    reports = [read_report(FIXTURES / "suqian_2023.txt"), read_report(FIXTURES / "suqian_2024.txt"), read_report(EXAMPLE)]
    html_file = tmp_path / "compare.html"
    html_file.write_text(render_html(compare_reports(reports)), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 800, "height": 900})
            page.goto(html_file.as_uri())
            page.wait_for_load_state("load")
            # nothing makes the page itself wider than the window; wide tables scroll inside their card
            assert page.evaluate("document.documentElement.scrollWidth") <= 800
            clipped = page.evaluate("""() => [...document.querySelectorAll('main *')].filter(e => {
                const r = e.getBoundingClientRect(); return r.width > 0 && r.right > 800 + 1
                    && getComputedStyle(e.closest('.card') || document.body).overflowX !== 'auto';
            }).length""")
            assert clipped == 0
            nav = page.evaluate("getComputedStyle(document.querySelector('nav')).position")
            assert nav == "static"  # the side menu moves above the content instead of covering it
            page.screenshot(path=str(tmp_path / "800.png"), full_page=False)
        finally:
            browser.close()


def test_a_paragraph_rewritten_in_place_is_one_aligned_pair():
    import copy

    from nianbao.read import read_text
    from nianbao.render.text import render_text

    obj = read_report(EXAMPLE).to_dict()
    old, new = copy.deepcopy(obj), copy.deepcopy(obj)
    old["year"], new["year"] = 2023, 2024
    old["sections"]["problems"] = "一是政策解读形式单一，二是公开栏更新不及时。下一步将丰富解读形式，按月更新公开栏。"
    new["sections"]["problems"] = "本年度存在的不足主要是网站栏目维护人手紧张。今后将配齐专职人员，建立季度检查制度。"
    result = compare_reports([read_text(render_text(old), "2023.txt"), read_text(render_text(new), "2024.txt")])
    (part,) = [p for p in result.pairs[0].parts if p.key == "problems"]
    kinds = [row.kind for unit in part.units for row in unit.rows]
    assert kinds == ["changed"], kinds
    from nianbao.compare.page import render_html

    html = render_html(result)
    section = html.split('id="p1-problems"', 1)[1].split("</section>", 1)[0]
    assert section.count("<tr class=\"changed\"") == 1 and "<ins>" in section and "<del>" in section


def test_chart_value_labels_sit_above_the_lines():
    from nianbao.compare.page import render_html

    reports = [read_report(FIXTURES / "suqian_2023.txt"), read_report(FIXTURES / "suqian_2024.txt"), read_report(EXAMPLE)]
    html = render_html(compare_reports(reports, words=False))
    svg = html.split("<svg", 1)[1]
    assert svg.index('class="line"') < svg.index('class="val"')  # labels drawn after (over) the lines
    assert "paint-order: stroke" in html.split(".trend .val", 1)[1].split("}", 1)[0]  # with a white halo
