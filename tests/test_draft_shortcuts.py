"""Shortcuts of the drafting path held to what they replace.

* ``load._typing_slips`` runs its patterns only on lines holding the character each needs: the same messages;
* ``templates._load_bucket`` reads a compiled template as jinja2's own cache does, on good and damaged entries;
* ``tokens._token_matches`` finds what ``TOKEN_RE.finditer`` finds, in real and generated text;
* ``Carrier`` asks check once per sentence for its statements of table figures: the same drafts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.figures.load import load_figures
from nianbao.read import read_report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.suffix in (".txt", ".md"))
EXAMPLES = sorted((ROOT / "examples").glob("*/figures.yaml"))


# --- figures/load.py: _typing_slips runs each pattern only on lines holding the character it needs ---------------


def _typing_slips_before(text: str) -> list[str]:
    """load._typing_slips as it was: both patterns on every line."""
    from nianbao.figures.load import _FULLWIDTH_COLON_RE, _TAB_INDENT_RE

    problems = []
    for n, line in enumerate(text.splitlines(), start=1):
        body = line.split("#", 1)[0]
        m = _FULLWIDTH_COLON_RE.match(body)
        if m:
            problems.append(f"第 {n} 行：键 {m[1].strip()} 后面是全角冒号“：”，请改为半角冒号“:”并在其后加一个空格")
        elif _TAB_INDENT_RE.match(line) and body.strip():
            problems.append(f"第 {n} 行：用制表符（Tab）缩进了，YAML 只能用空格缩进；请把这一行开头的 Tab 换成空格")
    return problems


SLIPS = [
    "agency：马店镇\nyear: 2025\n",
    "  - key.sub ：x  # 注释：有冒号\n\tactive: 1\n \t x: 2\n#：\n\t# only a comment\n\t\n",
    "a:\n\tb: 1\n  c：2\n  d: 3 # e：4\n  - f：\n  -g：\n  9h：\n  _i.j ：\n\u3000k：\n",
    "facts:\n  new_problems:\n    - 解读不足：形式单一\n    - \"引号：里\"\n",
]


SLIP_TEXTS = SLIPS + [p.read_text(encoding="utf-8") for p in EXAMPLES]


@pytest.mark.parametrize("text", SLIP_TEXTS, ids=range(len(SLIP_TEXTS)))
def test_typing_slips_as_before(text):
    from nianbao.figures.load import _typing_slips

    assert _typing_slips(text) == _typing_slips_before(text)


def test_typing_slips_as_before_on_generated_lines():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from nianbao.figures.load import _typing_slips

    pieces = st.sampled_from(["：", ":", "\t", " ", "#", "-", "a", "b_1", ".", "值", "\u3000", "\n", "1"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=30).map("".join))
    def check(text):
        assert _typing_slips(text) == _typing_slips_before(text)

    check()


# --- draft/templates.py: compiled templates read with marshal.loads, as jinja2's bucket reads them ---------------


def _outcome(load):
    from jinja2.bccache import Bucket

    bucket = Bucket(None, "key", "checksum-1")
    bucket.code = "untouched"
    try:
        load(bucket)
    except Exception as err:  # noqa: BLE001 - the same exception (type) on both sides
        return ("raised", type(err))
    return ("code", bucket.code)


def _entries(tmp_path):
    """Cache files: good ones (from compiled templates) and damaged ones."""
    import marshal
    import pickle

    from jinja2.bccache import bc_magic

    code = compile("x = 1\ndef f():\n    return [x, '中文', 2.5, (1, 2)]\n", "<t>", "exec")
    good = bc_magic + pickle.dumps("checksum-1", 2) + marshal.dumps(code)
    entries = {
        "good": good,
        "good with trailing bytes": good + b"\x00junk",
        "other checksum": bc_magic + pickle.dumps("checksum-2", 2) + marshal.dumps(code),
        "other magic": b"j2" + pickle.dumps(4, 2) + good[len(bc_magic):],
        "truncated code": good[:-7],
        "no code": bc_magic + pickle.dumps("checksum-1", 2),
        "bad pickle": bc_magic + b"\xff\xfe",
        "empty": b"",
        "bad marshal": bc_magic + pickle.dumps("checksum-1", 2) + b"\x99\x00",
    }
    out = {}
    for name, data in entries.items():
        path = tmp_path / (name.replace(" ", "_") + ".j2c")
        path.write_bytes(data)
        out[name] = str(path)
    out["missing"] = str(tmp_path / "missing.j2c")
    (tmp_path / "folder.j2c").mkdir()
    out["a folder"] = str(tmp_path / "folder.j2c")
    return out


def test_compiled_template_entries_load_as_jinja2_loads_them(tmp_path):
    from jinja2 import FileSystemBytecodeCache

    from nianbao.draft.templates import _load_bucket

    outcomes = {}
    for name, filename in _entries(tmp_path).items():
        cache = FileSystemBytecodeCache(str(tmp_path))
        cache._get_cache_filename = lambda bucket, filename=filename: filename
        theirs = _outcome(cache.load_bytecode)
        outcomes[name] = mine = _outcome(lambda bucket, filename=filename: _load_bucket(filename, bucket))
        assert mine == theirs, name
    assert outcomes["good"][0] == outcomes["good with trailing bytes"][0] == "code" and outcomes["good"][1] is not None
    assert outcomes["other checksum"] == outcomes["other magic"] == ("code", None)  # reset: compiled again
    assert outcomes["missing"] == outcomes["a folder"] == ("code", "untouched")
    assert outcomes["bad pickle"][0] == "raised"  # QuietCache resets the bucket on it


def test_packaged_templates_load_from_their_cache_as_jinja2_loads_them(tmp_path, monkeypatch):
    from jinja2 import FileSystemBytecodeCache

    from nianbao.draft.templates import TEMPLATE_NAMES, Templates, _load_bucket

    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path))
    templates = Templates()
    for name in TEMPLATE_NAMES:
        templates.env.get_template(name)  # compiled and written to the cache
    cache = templates.env.bytecode_cache
    files = sorted((tmp_path / "templates").glob("*.j2c"))
    assert len(files) == len(TEMPLATE_NAMES)
    for name in TEMPLATE_NAMES:
        source, filename, _ = templates.env.loader.get_source(templates.env, name)
        bucket = cache.get_bucket(templates.env, name, filename, source)  # through QuietCache → _load_bucket
        assert bucket.code is not None, name
        plain = FileSystemBytecodeCache(cache.directory, cache.pattern)
        theirs = _outcome(lambda b: plain.load_bytecode(_with_key(b, bucket)))
        mine = _outcome(lambda b: _load_bucket(cache._get_cache_filename(bucket), _with_key(b, bucket)))
        assert mine == theirs and theirs[1] == bucket.code, name


def _with_key(target, source):
    target.key, target.checksum = source.key, source.checksum
    return target


# --- draft/tokens.py: TOKEN_RE tried only where a token can start ---------------------------------------------


def _both_scans(text: str):
    from nianbao.draft.tokens import TOKEN_RE, _token_matches

    def seen(matches):
        return [(m.span(), m.groupdict(), m.span("num") if m.group("num") else None) for m in matches]

    return seen(_token_matches(text)), seen(TOKEN_RE.finditer(text))


def _texts():
    for path in FIXTURES:
        yield path.name, path.read_text(encoding="utf-8", errors="replace")
    examples = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".txt", ".md", ".yaml"))
    yield "examples", "\n".join(p.read_text(encoding="utf-8") for p in examples)


@pytest.mark.parametrize("name", [n for n, _ in _texts()])
def test_token_scan_finds_what_finditer_finds_in_real_text(name):
    text = dict(_texts())[name]
    mine, theirs = _both_scans(text)
    assert mine == theirs


def test_token_scan_finds_what_finditer_finds_in_generated_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from([
        "1", "2", "9", "0", "19", "20", "2025", "３", "٣", "〔", "［", "[", "]", "〕", "号", "年", "月", "日", "版",
        "第", "一", "二", "两", "十", "百", "万", "零", "〇", "余", "多", "件", "人次", "场次", "万元", "%", "％",
        "个百分点", ".", ",", " ", "，", "。", "公开", "是", "\n", "【待核实：", "】", "千", "亿",
    ])

    @settings(max_examples=500, deadline=None)
    @given(st.lists(pieces, max_size=40).map("".join))
    def check(text):
        mine, theirs = _both_scans(text)
        assert mine == theirs

    check()


def test_tokens_of_a_draft_are_unchanged():
    """Every sentence of the benchmark's draft: the tokens (as the provenance check and carrying use them)."""
    from nianbao.draft import draft_report

    draft = draft_report(load_figures(ROOT / "examples" / "madian-2025" / "figures.yaml"),
                         read_report(ROOT / "examples" / "madian-2024" / "report.txt"))
    found = 0
    for s in draft.sentences:
        mine, theirs = _both_scans(s.text)
        assert mine == theirs
        found += len(mine)
    assert found > 20


# --- draft/carry.py: a sentence's statements asked once per carrier ------------------------------------------------


def _priors():
    for path in FIXTURES:
        try:
            report = read_report(path)
        except Exception:  # noqa: BLE001 - a fixture that is not a whole report
            continue
        if report.format == "2021":
            yield path.name, report


def test_carrying_with_kept_statements_drafts_as_before(monkeypatch):
    from nianbao.check import narrative
    from nianbao.draft import draft_report
    from nianbao.draft.carry import Carrier

    figures = load_figures(ROOT / "examples" / "madian-2025" / "figures.yaml")
    priors = dict(_priors())
    kept = {name: draft_report(figures, prior, verify_check=False) for name, prior in priors.items()}
    monkeypatch.setattr(Carrier, "_statements",
                        lambda self, s, part: narrative.stated_figures(s, self.figures, self.year, part))
    for name, prior in priors.items():
        assert kept[name] == draft_report(figures, prior, verify_check=False), name
    assert sum(1 for d in kept.values() if d.carried_share and d.dropped) >= 5
