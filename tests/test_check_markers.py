"""The final gate: ``nianbao check`` reports every 【待核实…】/【沿用上年…】 marker and every
placeholder-only section left in a report, in every format; drafting itself is not stopped by them."""

from __future__ import annotations

import re

import pytest

from nianbao.check import RULES, check_report
from nianbao.draft import draft_report
from nianbao.figures import load_figures
from nianbao.markers import MARKER_RE
from nianbao.read import read_bytes, read_report, read_text

from .conftest import EXAMPLE, FIXTURES, ROOT, suqian_2025_inputs

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"
RULE = "draft.unresolved_marker"


@pytest.fixture(scope="module")
def suqian_draft():
    """宿迁's 2025 draft from its real 2024 report: last year's counts stay behind markers."""
    inp, prior = suqian_2025_inputs()
    return draft_report(inp, prior), prior  # drafting checks its own draft and does not refuse it


def _gate(report, prior=None):
    return [f for f in check_report(report, prior, final=True) if f.rule == RULE]


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "docx"])
def test_every_marker_of_a_draft_is_reported_in_every_format(suqian_draft, fmt):
    draft, prior = suqian_draft
    text = draft.render("md")
    markers = MARKER_RE.findall(text)
    assert len(markers) > 20
    data = draft.render(fmt)
    report = read_bytes(data if isinstance(data, bytes) else data.encode("utf-8"), f"draft.{fmt}")
    found = _gate(report, prior)
    assert len(found) == len(markers)
    assert all(f.severity == "error" == RULES[RULE][0] for f in found)
    # each names its part (and sub-section) and quotes its marker with the words before it
    first = found[0]
    assert first.location["section"].startswith("一、总体情况（一）")
    assert "【沿用上年，请核实：一是更新完善3份目录清单】" in first.message  # last year's sentence, kept verbatim
    assert any(f.location["section"].startswith("五、存在的主要问题及改进情况") for f in found)
    # without final (as drafting checks its drafts) the markers are no error
    assert not [f for f in check_report(report, prior) if f.rule == RULE]


def test_real_reports_have_no_markers():
    for name in ("suqian_2023.txt", "suqian_2024.txt", "huaian_2024.txt", "madian_2024.txt", "huaian_2024_portal.html"):
        assert not _gate(read_report(FIXTURES / name)), name


def _madian_draft(prior: bool = True) -> str:
    """The example's draft with its notes: no marker left."""
    from nianbao.draft.notes import read_notes

    inp = load_figures(FIGURES)
    notes = read_notes([ROOT / "examples" / "madian-2025" / "notes.md"])
    return draft_report(inp, read_report(EXAMPLE) if prior else None, notes=notes).render("txt")


def test_carried_text_marker_and_long_markers_are_quoted_short():
    text = _madian_draft()
    carried = "【沿用上年，请核实：市政府办公室印发《关于进一步做好政策解读推进政策落地见效的通知》，明确了解读范围、解读形式和解读责任。】"
    text = text.replace("（二）依申请公开\n", "（二）依申请公开\n" + carried)
    found = _gate(read_text(text, "d.txt"))
    assert len(found) == 1
    f = found[0]
    assert f.location["section"] == "一、总体情况（二）依申请公开"
    assert "【沿用上年，请核实：市政府办公室印发《关于进一步" in f.message and "…】" in f.message
    assert len(f.message) < 90


def test_placeholder_only_sections():
    text = _madian_draft(prior=False)  # one paragraph under each sub-heading
    body = re.search(r"（三）政府信息管理\n(.+?)\n（四）", text, re.S).group(1)
    marker = "【待核实：请补充本年度政府信息管理方面的工作情况】"
    found = _gate(read_text(text.replace(body, marker), "d.txt"))
    assert [f.location["section"] for f in found] == ["一、总体情况（三）政府信息管理"]
    assert "只有占位标记" in found[0].message and marker in found[0].message
    run_in = text.replace("（三）政府信息管理\n" + body, "（三）政府信息管理：" + marker)
    found = _gate(read_text(run_in, "d.txt"))
    assert len(found) == 1 and "只有占位标记" in found[0].message
    # filler instead of a marker: the section is reported all the same
    found = _gate(read_text(text.replace(body, "×××。"), "d.txt"))
    assert len(found) == 1 and "只有占位文字" in found[0].message and "×××" in found[0].message
    six = text[text.index("六、其他需要报告的事项"):]
    found = _gate(read_text(text.replace(six, "六、其他需要报告的事项\n（此处填写其他需要报告的事项）\n"), "d.txt"))
    assert len(found) == 1 and found[0].location["section"] == "六、其他需要报告的事项"
    # a marker in a sentence that says something is not a placeholder-only section
    found = _gate(read_text(text.replace(body, body + "共清理文件【待核实：12件】。"), "d.txt"))
    assert len(found) == 1 and "仍有待核实标记" in found[0].message


def test_a_marker_wrapped_over_two_lines_is_one_marker():
    text = _madian_draft()
    text = text.replace("（四）政府信息公开平台建设\n", "（四）政府信息公开平台建设\n全年发布信息【待核\n实：156条】。\n")
    found = _gate(read_text(text, "d.txt"))
    assert len(found) == 1 and "【待核实：156条】" in found[0].message


def test_cli_check_fails_on_markers_and_says_how_many(cli, suqian_draft, tmp_path):
    draft, _ = suqian_draft
    n = len(MARKER_RE.findall(draft.render("md")))
    paths = []
    for fmt in ("docx", "html"):
        path = tmp_path / f"draft.{fmt}"
        data = draft.render(fmt)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        paths.append(path)
    r = cli("check", paths[0])
    assert r.code == 1
    assert f"仍有 {n} 处待核实标记" in r.out and RULE in r.out
    r = cli("check", *paths)
    assert r.code == 1 and f"仍有 {2 * n} 处待核实标记" in r.out
    r = cli("check", paths[1], "--format", "json")
    assert sum(1 for f in __import__("json").loads(r.out)["findings"] if f["rule"] == RULE) == n
    # the marker-free example draft passes
    clean = tmp_path / "clean.md"
    assert cli("draft", FIGURES, "--prior", EXAMPLE, "-o", clean).code == 0
    if not MARKER_RE.search(clean.read_text(encoding="utf-8")):
        r = cli("check", clean, "--prior", EXAMPLE)
        assert r.code == 0 and "待核实标记" not in r.out


def test_a_marker_edited_in_word_over_several_runs_is_read_whole(tmp_path, suqian_draft):
    """Word splits text into runs wherever formatting or editing touched it; the marker text survives."""
    import io

    import docx
    from docx.enum.text import WD_COLOR_INDEX

    draft, prior = suqian_draft
    doc = docx.Document(io.BytesIO(draft.render("docx")))
    para = next(p for p in doc.paragraphs if "共新收政府信息公开申请" in p.text)
    for piece, lit in (("全年另有【待核", True), ("实：12", False), ("件】尚待确认。", True)):
        run = para.add_run(piece)
        if lit:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    out = io.BytesIO()
    doc.save(out)
    found = _gate(read_bytes(out.getvalue(), "edited.docx"), prior)
    assert len(found) == len(MARKER_RE.findall(draft.render("md"))) + 1
    assert any("全年另有【待核实：12件】" in f.message and f.location["section"] == "一、总体情况（二）依申请公开方面"
               for f in found)


def test_a_marker_that_lost_its_closing_bracket_still_counts():
    """Text pulled out of order (a PDF of the draft) can separate a marker from its 】."""
    text = _madian_draft()
    text = text.replace("（四）政府信息公开平台建设\n", "（四）政府信息公开平台建设\n全年发布信息【待核实：\t156\n\n条。\n")
    found = _gate(read_text(text, "d.txt"))
    assert len(found) == 1 and "“【待核实：156…”" in found[0].message
