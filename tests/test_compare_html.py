"""The HTML view of nianbao compare: escaping, self-containment, and a real headless browser."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest

from nianbao.compare import compare_reports
from nianbao.compare.page import render_html
from nianbao.model import set_cell
from nianbao.read import read_report, read_text
from nianbao.render.text import render_text

from .conftest import EXAMPLE, FIXTURES

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
HOSTILE = "<script>window.__pwned = 1; alert('x')</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned = 2">'


def _hostile_pair():
    """Two years of a body whose texts (and name) carry markup; part 五 rewritten in the newer one."""
    obj = read_report(EXAMPLE).to_dict()
    obj["agency"] = "马店镇<b>人民政府</b>"
    old = copy.deepcopy(obj)
    old["year"] = 2023
    old["sections"]["problems"] = obj["sections"]["problems"] + "\n" + "网站栏目 " + HOSTILE_IMG + " 更新不及时。"
    new = copy.deepcopy(obj)
    new["year"] = 2024
    new["sections"]["problems"] = "本年度问题：" + HOSTILE + "；依申请公开答复文书格式不统一。\n" + obj["sections"]["problems"].split("\n")[0]
    set_cell(new, "applications.new_received.natural_person", 3)
    set_cell(new, "applications.new_received.total", 3)
    set_cell(new, "applications.disclosed.natural_person", 3)
    set_cell(new, "applications.disclosed.total", 3)
    set_cell(new, "applications.results_total.natural_person", 3)
    set_cell(new, "applications.results_total.total", 3)
    return read_text(render_text(old), "2023.txt"), read_text(render_text(new), "2024.txt")


def test_report_text_is_escaped():
    old, new = _hostile_pair()
    page = render_html(compare_reports([old, new]))
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;" in page
    assert "&lt;img src=x" in page
    assert "<b>" not in page and "&lt;b&gt;人民政府&lt;/b&gt;" in page


def test_page_is_self_contained():
    page = render_html(compare_reports([read_report(FIXTURES / "suqian_2023.txt"), read_report(FIXTURES / "suqian_2024.txt")]))
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "<link" not in page
    assert page.count('id="p1-') == 6  # one anchor per part
    for part in ("p1-overview", "p1-active_disclosure", "p1-applications", "p1-review_litigation", "p1-problems", "p1-other_matters"):
        assert f'href="#{part}"' in page


def test_series_page_has_chart():
    obj = read_report(EXAMPLE).to_dict()
    reports = []
    for year, n in ((2022, 1), (2023, 4), (2024, 2)):
        o = copy.deepcopy(obj)
        o["year"] = year
        for path in ("applications.new_received", "applications.disclosed", "applications.results_total"):
            set_cell(o, path + ".natural_person", n)
            set_cell(o, path + ".total", n)
        reports.append(read_text(render_text(o), f"{year}.txt"))
    page = render_html(compare_reports(reports))
    svg = page[page.index("<svg"): page.index("</svg>")]
    assert svg.count('class="line"') >= 1
    assert ">本年新收申请·总计<" in svg
    assert ">4<" in svg  # the 2023 value labelled on its point
    assert "重复率链" in page
    # the chain's columns are the catalog's part columns, as in the terminal's table, one cell each
    from nianbao.catalog import NARRATIVE_KEYS, PART_BY_KEY

    head = page[page.index("<th>对比</th>"): page.index("</tr></thead>", page.index("<th>对比</th>"))]
    assert head == "<th>对比</th><th>全文</th>" + "".join(f"<th>{PART_BY_KEY[k].column}</th>" for k in NARRATIVE_KEYS) \
        + "<th>逐字相同句子</th><th>数字变化</th>"
    first = page[page.index("<tr><td>2022"): page.index("</tr>", page.index("<tr><td>2022"))]
    assert first.count("<td>") == 2 + len(NARRATIVE_KEYS) + 2


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")
def test_page_in_headless_chromium(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
    old, new = _hostile_pair()
    html_file = tmp_path / "compare.html"
    html_file.write_text(render_html(compare_reports([old, new])), encoding="utf-8")
    shot = tmp_path / "compare.png"
    messages, errors, dialogs = [], [], []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("console", lambda m: messages.append((m.type, m.text)))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(html_file.as_uri())
            page.wait_for_load_state("load")
            assert page.locator("#summary .overall-rate").first.is_visible()
            assert re.fullmatch(r"\d+\.\d%", page.locator("#summary .overall-rate").first.inner_text())
            assert page.locator("#p1-problems ins").count() > 0
            assert page.locator("#p1-problems del").count() > 0
            assert page.locator("#p1-overview .rep").count() > 0
            assert page.locator("#p1-applications table.figs tr").count() > 1
            assert page.evaluate("document.querySelectorAll('script, img').length") == 0
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert HOSTILE in page.locator("#p1-problems").inner_text()
            page.click("nav a[href='#p1-problems']")
            assert page.evaluate("location.hash") == "#p1-problems"
            page.goto(html_file.as_uri())
            page.screenshot(path=str(shot), full_page=False)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
    assert errors == [] and dialogs == []
    assert [m for m in messages if m[0] in ("error", "warning")] == []
