"""``nianbao draft --polish``: the draft's narrative polished behind the fact guard."""

from __future__ import annotations

import json

from .conftest import EXAMPLE, ROOT
from .test_polish_endpoint import FakeServer  # the loopback chat-completions server

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"
NOTES = ROOT / "examples" / "madian-2025" / "notes.md"  # with them the draft holds no marker


def _figures(cli, path):
    r = cli("extract", path)
    assert r.code == 0, r.err
    obj = json.loads(r.out)
    return obj, obj.pop("sections")


def test_draft_polish_keeps_every_figure_and_passes_check(cli, tmp_path):
    server = FakeServer()
    try:
        plain, polished, report = tmp_path / "plain.md", tmp_path / "polished.md", tmp_path / "polish.json"
        assert cli("draft", FIGURES, "--prior", EXAMPLE, "--notes", NOTES, "-o", plain).code == 0
        r = cli("draft", FIGURES, "--prior", EXAMPLE, "--notes", NOTES, "-o", polished, "--polish", "--endpoint", server.url,
                "--polish-report", report)
        assert r.code == 0, r.err
        assert "润色完成" in r.err
        fig_plain, text_plain = _figures(cli, plain)
        fig_polished, text_polished = _figures(cli, polished)
        assert fig_polished == fig_plain
        assert text_polished != text_plain and ("更加" in str(text_polished) or "持续" in str(text_polished))
        data = json.loads(report.read_text(encoding="utf-8"))
        assert data["accepted"] > 0 and data["rejected"] == 0
        check = cli("check", polished, "--prior", EXAMPLE)
        assert check.code == 0 and "共 0 个错误，0 个警告" in check.out
        # a model that changes numbers: nothing it wrote is kept
        server.mode = "corrupt"
        bad = tmp_path / "bad.md"
        r = cli("draft", FIGURES, "--prior", EXAMPLE, "--notes", NOTES, "-o", bad, "--polish", "--endpoint", server.url)
        assert r.code == 0, r.err
        assert bad.read_text(encoding="utf-8") == plain.read_text(encoding="utf-8")
    finally:
        server.close()


def test_draft_polish_rejects_rewrites_that_state_the_opposite(cli, tmp_path):
    server = FakeServer()
    server.mode = "swap"
    # last year with 3 new applications: the draft says “较上年增加1件” (this year 4)
    row = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
    prior = tmp_path / "2024.txt"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert row in text
    prior.write_text(text.replace(row, row.replace("\t\t0\t0\t0\t0\t0\t0\t0", "\t\t3\t0\t0\t0\t0\t0\t3")), encoding="utf-8")
    try:
        plain, swapped, report = tmp_path / "plain.md", tmp_path / "swapped.md", tmp_path / "polish.json"
        assert cli("draft", FIGURES, "--prior", prior, "-o", plain).code == 0
        assert "较上年增加1件" in plain.read_text(encoding="utf-8")
        r = cli("draft", FIGURES, "--prior", prior, "-o", swapped, "--polish", "--endpoint", server.url,
                "--polish-report", report)
        assert r.code == 0, r.err
        assert swapped.read_text(encoding="utf-8") == plain.read_text(encoding="utf-8")
        data = json.loads(report.read_text(encoding="utf-8"))
        reasons = " ".join(" ".join(item.get("reasons", [])) for item in data["items"])
        assert data["accepted"] == 0 and data["rejected"] >= 2
        assert "增加/增长/上升" in reasons and "未/没有" in reasons and "自然人" in reasons
    finally:
        server.close()


def test_draft_polish_needs_a_model(cli, tmp_path):
    r = cli("draft", FIGURES, "--prior", EXAMPLE, "-o", tmp_path / "x.md", "--polish")
    assert r.code == 2 and "--model" in r.err
    assert not (tmp_path / "x.md").exists()


def test_polish_never_offers_the_sign_off(tmp_path):
    """The 落款 (agency and date) closing a Word draft or a text report is not narrative to reword."""
    from nianbao.draft.engine import draft_report
    from nianbao.figures.load import load_figures
    from nianbao.polish.document import open_document

    report = draft_report(load_figures(FIGURES), None, verify_check=False)
    word = tmp_path / "d.docx"
    word.write_bytes(report.render("docx"))
    text = tmp_path / "d.txt"
    text.write_text(EXAMPLE.read_text(encoding="utf-8").rstrip() + "\n\n洛宁县马店镇人民政府\n2025年1月20日\n", encoding="utf-8")
    for path in (word, text):
        paragraphs = open_document(path).paragraphs
        assert paragraphs and paragraphs[-1].section == "其他需要报告的事项", path
        assert not any(p.text.strip() in {"洛宁县马店镇人民政府", "2026年　月　日", "2025年1月20日"} for p in paragraphs), \
            [p.text for p in paragraphs[-3:]]
