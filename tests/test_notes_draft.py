"""Drafting with this year's notes and the carry policy, on the real 宿迁 2023 → 2024 pair."""

from __future__ import annotations

import json
import random
import re

import pytest

from nianbao.compare.pair import compare_pair
from nianbao.draft import draft_report
from nianbao.draft.notes import NOTES_TEMPLATE, parse_notes, read_notes
from nianbao.draft.policy import is_sign_off, one_off_reason
from nianbao.figures import load_figures
from nianbao.markers import blank_markers
from nianbao.read import read_report, read_text
from nianbao.render.text import render_text
from nianbao.sections import overview_blocks

from .conftest import EXAMPLE, FIXTURES

PRIOR = FIXTURES / "suqian_2023.txt"
THIS_YEAR = FIXTURES / "suqian_2024.txt"


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Figures of the real 2024 report (as a figures file) and the real 2023 report."""
    obj = json.loads((FIXTURES / "expected" / "suqian_2024.json").read_text(encoding="utf-8"))
    obj["agency"] = "宿迁市人民政府"
    path = tmp_path_factory.mktemp("sq") / "2024.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path, read_report(PRIOR)


def _items_of(report) -> list[tuple[str, str]]:
    """(item, area) for the 一是/二是 items of a real report's part 一."""
    out = []
    for block in overview_blocks(report.sections["overview"]):
        if block.area:
            for para in block.paragraphs:
                out.extend((it.strip(), block.area) for it in re.split(r"(?=[一二三四五六七八九十]是)", para) if it.strip())
    return out


@pytest.mark.parametrize("sentence", [
    "市政府办公室印发《关于进一步做好政策解读推进政策落地见效的通知》，确保公开的政策性文件和解读材料有效链接。",
    "坚持贯彻“请进来+走出去”教育培训机制，举办第六期“全市政府信息和政务公开专题培训班”。",
    "全市政府系统共开设备案政务新媒体176个，同比增长6.7%。".replace("176个", "【待核实：176个】"),
    "3月15日，组织开展政府开放日活动。",
    "宿城区获批基层政务公开与村务公开协同发展市标准化试点项目。",
])
def test_last_years_facts_are_recognised(sentence):
    assert one_off_reason(sentence)


@pytest.mark.parametrize("sentence", [
    "坚持公开为常态、不公开为例外原则，不断提升政府信息公开质量。",
    "严格落实《中华人民共和国政府信息公开条例》，依法依规做好政府信息公开工作。",
    "建立健全政府信息公开属性源头认定机制，做到文件拟发与公开属性认定同步。",
    "最大限度保障公民、法人和其他组织依法、便捷获取政府信息。",
])
def test_standing_practice_is_carried(sentence):
    assert one_off_reason(sentence) == ""


def test_sign_off_lines():
    assert is_sign_off("宿迁市人民政府办公室", ["宿迁市人民政府办公室"])
    assert is_sign_off("2024年1月20日", [])
    assert not is_sign_off("宿迁市人民政府办公室严格落实工作要求。", ["宿迁市人民政府办公室"])


def test_without_notes_no_event_of_last_year_is_presented_as_this_years(pair):
    figures, prior = pair
    draft = draft_report(load_figures(figures), prior)
    overview = draft.obj["sections"]["overview"]
    visible = blank_markers(overview)
    for event in ("印发《关于进一步做好政策解读推进政策落地见效的通知》", "举办第六期", "7854070"):
        assert event in overview  # kept for the drafter …
        assert event not in visible  # … but only inside a 【沿用上年，请核实：…】 marker
    assert "【沿用上年，请核实：" in overview
    # standing practice is carried as it stands
    assert draft.counts["carried"] >= 10
    assert "最大限度保障公民、法人和其他组织依法、便捷获取政府信息" in visible


def _notes_file(tmp_path, items, headings: bool) -> tuple:
    lines = []
    if headings:
        names = {"active": "## 主动公开", "on_request": "## 依申请公开", "management": "## 政府信息管理",
                 "platform": "## 政府信息公开平台建设", "oversight": "## 监督保障"}
        for area, title in names.items():
            lines.append(title)
            lines.extend(f"- {text}" for text, a in items if a == area)
    else:
        shuffled = list(items)
        random.Random(7).shuffle(shuffled)
        lines = [text for text, _ in shuffled]
    path = tmp_path / "notes.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_notes_land_verbatim_under_their_headings_and_last_years_work_leaves(pair, tmp_path):
    figures, prior = pair
    items = _items_of(read_report(THIS_YEAR))
    notes = read_notes([_notes_file(tmp_path, items, headings=True)])
    assert [(n.text, n.area) for n in notes] == [(re.sub(r"^[一二三四五六七八九十]是", "", t), a)
                                                 for a in ("active", "on_request", "management", "platform", "oversight")
                                                 for t, aa in items if aa == a]
    draft = draft_report(load_figures(figures), prior, notes=notes)
    text = render_text(draft.obj, "tab", title=draft.title, preamble=draft.preamble)
    back = read_text(text, "<draft>")
    blocks = {b.area: b.text for b in overview_blocks(back.sections["overview"]) if b.area}
    for note in notes:  # every item, word for word, under its own area
        assert note.text.rstrip("。") in blocks[note.area], note.text
    # last year's one-off work is gone from the covered areas (listed for reference instead)
    assert "举办第六期" not in back.sections["overview"]
    assert any("上年做法，供参考" in why for _, why in draft.dropped)
    # repetition against last year is close to that of the real consecutive reports
    real = compare_pair(prior, read_report(THIS_YEAR), words=False).part("overview").repetition.rate
    ours = compare_pair(prior, back, words=False).part("overview").repetition.rate
    assert ours <= max(0.25, real + 0.2), (ours, real)
    kinds = draft.counts
    assert kinds["notes"] >= len(notes)


def test_unlabelled_notes_are_placed_and_none_is_lost(pair, tmp_path):
    figures, prior = pair
    items = _items_of(read_report(THIS_YEAR))
    notes = read_notes([_notes_file(tmp_path, items, headings=False)])
    assert len(notes) == len(items)
    assert all(n.by == "classifier" and n.area and n.reason for n in notes)
    right = sum(n.area == dict((re.sub(r"^[一二三四五六七八九十]是", "", t), a) for t, a in items)[n.text] for n in notes)
    assert right / len(notes) >= 0.7
    draft = draft_report(load_figures(figures), prior, notes=notes)
    narrative = "\n".join(draft.obj["sections"].values())
    for note in notes:
        assert note.text.rstrip("。") in narrative


def test_a_note_that_contradicts_the_tables_is_reported(cli, pair, tmp_path):
    figures, prior = pair
    notes = tmp_path / "notes.txt"
    notes.write_text("## 依申请公开\n全年共受理政府信息公开申请3526件，均按时答复。\n", encoding="utf-8")
    out = tmp_path / "draft.md"
    r = cli("draft", figures, "--prior", PRIOR, "--notes", notes, "-o", out)
    assert r.code == 1
    assert "工作记录与表格不一致" in r.err and "3526" in r.err
    assert out.exists()  # the draft is written: the drafter resolves the note
    assert "全年共受理政府信息公开申请3526件" in out.read_text(encoding="utf-8")


def test_notes_from_word_and_part_five_and_six(pair, tmp_path):
    from docx import Document

    figures, prior = pair
    doc = Document()
    for line in ("（一）主动公开", "1. 更新政府信息公开指南。", "存在的主要问题", "一是政策解读形式较为单一",
                 "改进情况", "丰富解读形式，推出图解和短视频", "其他", "办理人大代表建议12件、政协委员提案20件，结果均已公开"):
        doc.add_paragraph(line)
    path = tmp_path / "notes.docx"
    doc.save(path)
    notes = read_notes([path])
    assert [(n.text, n.area, n.by) for n in notes] == [
        ("更新政府信息公开指南。", "active", "heading"),
        ("政策解读形式较为单一", "problems", "heading"),
        ("丰富解读形式，推出图解和短视频", "improvements", "heading"),
        ("办理人大代表建议12件、政协委员提案20件，结果均已公开", "other_matters", "heading"),
    ]
    draft = draft_report(load_figures(figures), prior, notes=notes)
    sections = draft.obj["sections"]
    assert "更新政府信息公开指南。" in sections["overview"]
    assert "一是政策解读形式较为单一" in sections["problems"]
    assert "丰富解读形式，推出图解和短视频" in sections["problems"]
    assert "办理人大代表建议12件、政协委员提案20件，结果均已公开" in sections["other_matters"]
    # the proposals are covered, so part 六 no longer asks for them
    assert "人大代表建议和政协委员提案办理结果的公开情况" not in sections["other_matters"]
    src = [s.source for s in draft.sentences if s.origin == "notes"]
    assert "notes.docx 第 2 段" in src


def test_headings_and_comments_in_notes():
    items = parse_notes(["> 说明：不进入报告", "# 工作记录", "主动公开政府信息1200条", "## 监督保障", "开展培训2次",
                         "（三）政府信息管理", "清理规范性文件"], "n.md")
    assert [(i.text, i.area) for i in items] == [("主动公开政府信息1200条", ""), ("开展培训2次", "oversight"),
                                                ("清理规范性文件", "management")]
    # the notes template is all headings and comments: no item
    assert parse_notes(NOTES_TEMPLATE.split("\n"), "t.md") == []


def test_init_writes_a_notes_file_next_to_the_figures(cli, tmp_path):
    out = tmp_path / "2025.yaml"
    r = cli("init", "--prior", PRIOR, "-o", out)
    assert r.code == 0, r.err
    notes = tmp_path / "2025.notes.md"
    assert notes.read_text(encoding="utf-8") == NOTES_TEMPLATE
    notes.write_text("## 主动公开\n我的记录\n", encoding="utf-8")
    r = cli("init", "--prior", PRIOR, "-o", out, "--force")
    assert r.code == 0 and "已存在，未改动" in r.err
    assert notes.read_text(encoding="utf-8") == "## 主动公开\n我的记录\n"  # the drafter's work is never replaced


def test_a_pasted_work_summary_keeps_its_structure():
    lines = ["洛宁县马店镇2025年政务公开工作总结", "一、2025年工作开展情况", "（一）主动公开", "1. 更新政府信息公开指南",
             "（二）强化组织领导", "成立领导小组，定期研究。", "二、存在的问题及下一步打算", "政策解读不够深入。",
             "三、2026年工作计划", "加强培训。"]
    items = parse_notes(lines, "总结.txt")
    assert [(i.text, i.area, i.choices) for i in items] == [
        ("更新政府信息公开指南", "active", ("active",)),
        ("成立领导小组，定期研究。", "", ()),  # a heading that names no area: the classifier decides
        ("政策解读不够深入。", "", ("problems", "improvements")),  # part 五's heading allows two areas
        ("加强培训。", "improvements", ("improvements",)),
    ]


def test_notes_in_the_figures_workbook(cli, tmp_path, monkeypatch):
    """init -o X.xlsx writes a 工作记录 sheet; draft reads it from the workbook without --notes,
    opening the workbook once for figures and notes."""
    import openpyxl
    from openpyxl import load_workbook

    from nianbao.figures.xlsx import WORK_SHEET

    book = tmp_path / "2025.xlsx"
    r = cli("init", "--prior", EXAMPLE, "-o", book)
    assert r.code == 0, r.err
    wb = load_workbook(book)
    ws = wb[WORK_SHEET]
    assert [ws.cell(row=i, column=1).value for i in range(2, 10)][:5] == [
        "主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"]
    ws.cell(row=2, column=2, value="更新政府信息公开指南。\n开设“政策问答”专栏。")
    ws.cell(row=10, column=2, value="组织政务公开业务培训，提升工作人员业务能力。")  # no 方面 of its own
    wb.save(book)
    from nianbao.draft.notes import read_notes

    notes = read_notes([book])
    assert [(n.text, n.area, n.by) for n in notes][:2] == [
        ("更新政府信息公开指南。", "active", "heading"), ("开设“政策问答”专栏。", "active", "heading")]
    assert notes[2].text == "组织政务公开业务培训，提升工作人员业务能力。"
    out = tmp_path / "draft.md"
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a[0]) or load_workbook(*a, **k))
    r = cli("draft", book, "--prior", EXAMPLE, "-o", out)  # the sheet is read without --notes
    assert r.code == 0, r.err
    assert opened == [book]
    monkeypatch.undo()
    text = out.read_text(encoding="utf-8")
    assert "更新政府信息公开指南。" in text and "组织政务公开业务培训，提升工作人员业务能力。" in text
    # a folder given as notes is refused in one line
    r = cli("draft", book, "--notes", tmp_path, "-o", tmp_path / "x.md")
    assert r.code == 2 and "文件夹" in r.err
