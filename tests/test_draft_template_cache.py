"""Compiled drafting templates are cached in the nianbao cache folder; the drafts never change."""

from __future__ import annotations

import jinja2
import pytest

from nianbao.draft import draft_report
from nianbao.errors import TemplateError
from nianbao.figures import load_figures
from nianbao.read import read_report

from .conftest import EXAMPLE, ROOT

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"


@pytest.fixture(scope="module")
def example():
    return load_figures(FIGURES), read_report(EXAMPLE)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(folder))
    return folder / "templates"


def _text(draft) -> list[str]:
    return [draft.title, draft.preamble, repr(draft.obj), *[s.text for s in draft.sentences]]


def _no_compiling(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a template was compiled")

    monkeypatch.setattr(jinja2.Environment, "_parse", refuse)


def test_a_second_draft_uses_the_compiled_templates_and_reads_the_same(example, cache, monkeypatch):
    inp, prior = example
    first = draft_report(inp, prior)
    assert len(list(cache.glob("*.j2c"))) >= 10
    with monkeypatch.context() as m:
        _no_compiling(m)
        assert _text(draft_report(inp, prior)) == _text(first)


def test_an_edited_template_is_compiled_again(example, cache, tmp_path, monkeypatch):
    inp, prior = example
    user = tmp_path / "templates"
    user.mkdir()
    (user / "title.j2").write_text("{{ agency }}{{ year }}年度政府信息公开工作报告", encoding="utf-8")
    assert draft_report(inp, prior, user).title == "洛宁县马店镇人民政府2025年度政府信息公开工作报告"
    (user / "title.j2").write_text("{{ agency }}{{ year }}年政府信息公开工作年度报告（草稿）", encoding="utf-8")
    assert draft_report(inp, prior, user).title == "洛宁县马店镇人民政府2025年政府信息公开工作年度报告（草稿）"


def test_errors_name_the_file_and_line_with_a_warm_cache(example, cache, tmp_path):
    inp, prior = example
    user = tmp_path / "templates"
    user.mkdir()
    (user / "overview_active.j2").write_text("第一行\n{{ no_such_thing }}", encoding="utf-8")
    for _ in range(2):  # the second time from the cache
        with pytest.raises(TemplateError) as err:
            draft_report(inp, prior, user)
        assert "overview_active.j2 第 2 行" in str(err.value) and "no_such_thing" in str(err.value)


def test_a_damaged_or_unwritable_cache_only_means_compiling(example, cache, tmp_path, monkeypatch):
    inp, prior = example
    expected = _text(draft_report(inp, prior))
    for path in cache.glob("*.j2c"):
        path.write_bytes(path.read_bytes()[:40])
    assert _text(draft_report(inp, prior)) == expected
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(blocked))
    assert _text(draft_report(inp, prior)) == expected


def test_a_warm_cache_needs_no_parser_extension(cache, tmp_path):
    """The ``do`` extension (jinja2.ext) only parses: with every template compiled already, a draft
    does not import it; a template that uses it is still parsed with it (see test_template_limits)."""
    import os
    import subprocess
    import sys

    code = ("import sys; from nianbao.cli import main\n"
            "try:\n    main(['draft', sys.argv[1], '--prior', sys.argv[2], '-f', 'md', '-o', sys.argv[3], '--force'])\n"
            "except SystemExit:\n    pass\n"
            "print('jinja2.ext' in sys.modules)")
    env = dict(os.environ, NIANBAO_CACHE_DIR=str(cache.parent), PYTHONPATH=str(ROOT / "src"))
    args = [sys.executable, "-c", code, str(FIGURES), str(EXAMPLE), str(tmp_path / "draft.md")]
    cold, warm = (subprocess.run(args, env=env, capture_output=True, text=True) for _ in range(2))
    assert cold.stdout.split() == ["True"], cold.stderr
    assert warm.stdout.split() == ["False"], warm.stderr
    assert (tmp_path / "draft.md").read_text(encoding="utf-8").startswith("#")
