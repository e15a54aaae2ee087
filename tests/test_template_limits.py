"""Templates users write (drafting, --prompt, a model's chat template) cannot change a figure and
cannot exhaust time or memory: each attack ends with one Chinese message and exit 2."""

from __future__ import annotations

import time

import pytest

from nianbao import sandbox
from nianbao.errors import ModelUnavailable
from nianbao.polish.local import render_chat_template

from .conftest import EXAMPLE, ROOT

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"
PACKAGED = ROOT / "prompts" / "draft" / "overview_active.j2"


@pytest.fixture
def quick(monkeypatch):
    """Short limits, so that each attack is stopped within a second."""
    monkeypatch.setattr(sandbox.LIMITS, "seconds", 0.5)


def _draft_with(cli, tmp_path, snippet: str):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "overview_active.j2").write_text(snippet + "\n" + PACKAGED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "d.md"
    start = time.monotonic()
    r = cli("draft", FIGURES, "--prior", EXAMPLE, "--templates", folder, "-o", out)
    return r, out, time.monotonic() - start


MUTATIONS = [
    "{% do fig.active_disclosure.update({'licensing': 9999}) %}",
    "{% do fig.active_disclosure.licensing.update({'total': 9999}) %}",
    "{% do fig.active_disclosure|attr('update')({'licensing': 9999}) %}",
    "{% do facts.update({'active_items': 9999}) %}",
    "{% do prior_fig.applications.new_received.update({'total': 9999}) %}",
    "{% do n.update({'licensing': 9999}) %}",
]


@pytest.mark.parametrize("snippet", MUTATIONS)
def test_templates_cannot_change_figures(cli, tmp_path, snippet):
    r, out, _ = _draft_with(cli, tmp_path, snippet)
    assert r.code == 2, (r.code, r.err)
    assert "模板" in r.err and "Traceback" not in r.err
    assert not out.exists()


def test_packaged_templates_still_draft(cli, tmp_path):
    r, out, _ = _draft_with(cli, tmp_path, "{# nothing #}")
    assert r.code == 0, r.err
    assert "行政许可处理决定12件" in out.read_text(encoding="utf-8")


def test_ordinary_template_code_is_not_refused():
    env = sandbox.LimitedEnvironment()
    source = ("{{ '{:,}'.format(123456789) }} {{ '%d'|format(987654321) }} {{ [1, 2] + [3] }} {{ 'ab' * 3 }} "
              "{{ 2 ** 10 }} {{ range(5)|list|length }} {{ 'x'|center(9) }} {{ 'abc'.replace('b', 'bb') }} "
              "{{ [1, 2]|join('、') }} {{ 'a' ~ 1 ~ 'b' }} {{ '，'.join(['甲', '乙']) }}")
    assert env.render_limited(env.from_string(source), {}) == ("123,456,789 987654321 [1, 2, 3] ababab 1024 5     x     abbc "
                                                               "1、2 a1b 甲，乙")


def test_tables_come_from_the_validated_figures(monkeypatch):
    """Were a template to get past the sandbox and write into what it sees, the tables keep the figures."""
    from nianbao.draft import engine
    from nianbao.figures.load import load_figures

    real = engine.Templates.render

    def escaping(self, name, context):
        context["fig"]["active_disclosure"]["licensing"] = 9999
        context["fig"]["applications"]["new_received"]["total"] = 9999
        return real(self, name, context)

    monkeypatch.setattr(engine.Templates, "render", escaping)
    fig = load_figures(FIGURES)
    draft = engine.draft_report(fig, None, verify_check=False)
    assert draft.obj["active_disclosure"]["licensing"] == fig.obj["active_disclosure"]["licensing"] == 12
    assert draft.obj["applications"]["new_received"]["total"] == 4


EXHAUSTION = {
    "nested range": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "list doubling": "{% set ns = namespace(l=[1]) %}{% for i in range(64) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
    "string repeat": "{{ 'x' * 10**10 }}",
    "huge power": "{{ 2 ** (2 ** 33) }}",
    "center": "{{ 'x'|center(10**10) }}",
    "format width": "{{ '%0999999999d'|format(1) }}",
    "str.format width": "{{ '{:>999999999}'.format(1) }}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "output flood": "{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}",
    "replace growth": "{{ ('a' * 1000000).replace('a', 'a' * 1000) }}",
    "filter replace growth": "{{ ('a' * 1000000)|replace('a', 'a' * 1000) }}",
    "join growth": "{{ (range(100000)|list)|join('x' * 100000) }}",
    "str.join growth": "{{ ('x' * 1000).join(range(100000)) }}",
    "tilde doubling": "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
}


@pytest.mark.parametrize("name", sorted(EXHAUSTION))
def test_draft_templates_are_bounded(cli, tmp_path, quick, name):
    r, out, seconds = _draft_with(cli, tmp_path, EXHAUSTION[name])
    assert r.code == 2, (r.code, r.err[-500:])
    assert "模板" in r.err and "Traceback" not in r.err
    assert seconds < 10 and not out.exists()


@pytest.mark.parametrize("name", ["nested range", "string repeat", "huge power", "recursion"])
def test_prompt_templates_are_bounded(cli, tmp_path, quick, name):
    prompt = tmp_path / "p"
    prompt.mkdir()
    (prompt / "system.j2").write_text("你是公文编辑。", encoding="utf-8")
    (prompt / "user.j2").write_text(EXHAUSTION[name] + "{{ paragraph }}", encoding="utf-8")
    src = tmp_path / "r.txt"
    src.write_bytes(EXAMPLE.read_bytes())
    r = cli("polish", src, "--endpoint", "http://127.0.0.1:9/v1", "--prompt", prompt, "-o", tmp_path / "o.txt")
    assert r.code == 2, (r.code, r.err[-500:])
    assert "模板" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("name", ["nested range", "string repeat", "huge power", "recursion", "list doubling"])
def test_chat_templates_are_bounded(quick, name):
    with pytest.raises(ModelUnavailable, match="chat_template"):
        render_chat_template(EXHAUSTION[name], [{"role": "user", "content": "x"}], {}, "m")


def test_chat_template_renders_like_transformers():
    source = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
              "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}{{ eos_token }}")
    text = render_chat_template(source, [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}],
                                {"eos_token": "<eos>"}, "m")
    assert text == "<|im_start|>system\ns<|im_end|>\n<|im_start|>user\nu<|im_end|>\n<|im_start|>assistant\n<eos>"
    with pytest.raises(ModelUnavailable, match="不对"):
        render_chat_template("{{ raise_exception('不对') }}", [], {}, "m")
