"""summarize's keywords: jieba's own TF-IDF extractor over nianbao's cached default dictionary and
IDF table gives exactly what ``jieba.analyse.extract_tags`` gives."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao import summarize
from nianbao.compare import words
from nianbao.errors import ReportReadError
from nianbao.read import read_report

from .conftest import FIXTURES
from .strategies import mixed_texts

REAL = sorted(FIXTURES.glob("*.txt")) + [FIXTURES / "huaian_2024.pdf", FIXTURES / "huaian_2024_portal.html"]


@pytest.fixture(scope="module")
def samples() -> list[tuple[str, str]]:
    """(narrative, part 五) of every real report among the fixtures, as summarize takes them; a
    collected report without tables (which nianbao does not read) gives its whole text to both."""
    out = []
    for path in REAL + sorted((FIXTURES / "reports").glob("*.txt")):
        try:
            report = read_report(path)
        except ReportReadError:
            text = path.read_text(encoding="utf-8")
            out.append((text, text))
        else:
            out.append((summarize._narrative(report), report.sections.get("problems", "")))
    return out


@pytest.fixture(scope="module")
def stock(tmp_path_factory):
    """jieba's own default extractor: ``jieba.dt`` (its whole default dictionary) and the IDF table it parses."""
    import jieba
    import jieba.analyse

    if not jieba.dt.initialized:
        jieba.dt.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    return jieba.analyse.default_tfidf


@pytest.fixture(scope="module")
def cache_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("nianbao-cache")


def _forget(monkeypatch) -> None:
    """No default tokenizer or extractor loaded yet (as in a new process)."""
    monkeypatch.setattr(words, "_DEFAULT_TOKENIZER", None)
    monkeypatch.setattr(words, "_EXTRACTOR", None)


@pytest.fixture
def fresh_process(cache_folder, monkeypatch):
    """A cache folder of this module's own, and nothing loaded yet."""
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(cache_folder))
    _forget(monkeypatch)
    return cache_folder


def _all_tags(extractor, text: str) -> list[tuple[str, float]]:
    return extractor.extract_tags(text, topK=None, withWeight=True)


def test_first_use_builds_the_caches_a_later_process_loads_buckets(stock, fresh_process, monkeypatch):
    texts = [(FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8"), "\n".join(read_report(FIXTURES / "huaian_2024.pdf").lines)]
    expected = [_all_tags(stock, text) for text in texts]
    # first use: jieba's whole dictionary and IDF table, and both caches written
    assert [_all_tags(words.keyword_extractor(), text) for text in texts] == expected
    assert words.keyword_extractor().nianbao_idf is None and words.default_tokenizer().nianbao_dictionary is None
    assert len(list(fresh_process.glob("idf-*.cache"))) == 1 and len(list(fresh_process.glob("jieba-*.cache"))) == 1
    # a later process: both caches, loaded bucket by bucket as the texts need
    _forget(monkeypatch)
    assert [_all_tags(words.keyword_extractor(), text) for text in texts] == expected
    extractor = words.keyword_extractor()
    assert extractor.nianbao_idf is not None and len(extractor.idf_freq) < 50_000  # of ~350 000 words
    assert extractor.median_idf == stock.median_idf


def test_every_real_text_is_weighed_exactly_as_jieba(stock, fresh_process, monkeypatch):
    words.keyword_extractor()  # builds the caches if the first test did not run
    _forget(monkeypatch)
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    assert [_all_tags(words.keyword_extractor(), text) for text in texts] == [_all_tags(stock, text) for text in texts]
    assert words.keyword_extractor().nianbao_idf is not None


def test_keywords_and_key_sentences_of_every_real_report_are_jiebas(samples, stock, fresh_process, monkeypatch):
    words.keyword_extractor()  # builds the caches if the first test did not run
    _forget(monkeypatch)
    ours = [(summarize.keywords(narrative), summarize.key_sentences(problems)) for narrative, problems in samples]
    monkeypatch.setattr(words, "_EXTRACTOR", stock)  # jieba.analyse.extract_tags itself
    theirs = [(summarize.keywords(narrative), summarize.key_sentences(problems)) for narrative, problems in samples]
    assert ours == theirs
    assert sum(len(k) == 8 for k, _ in ours) > len(samples) // 2 and sum(len(s) == 3 for _, s in ours) > len(samples) // 2


PIECES = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]


@settings(max_examples=60, deadline=None)
@given(mixed_texts(PIECES, st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5), st.sampled_from(
    "的是在了和有政府信息公开申请APPapp0123456789.%+#&_-，。、；：“”（）\n\t 　")), 200, 60))
def test_generated_text_from_a_fresh_cache_load_is_weighed_as_jieba(stock, cache_folder, text):
    saved = os.environ["NIANBAO_CACHE_DIR"], words._DEFAULT_TOKENIZER, words._EXTRACTOR  # (conftest sets the folder)
    os.environ["NIANBAO_CACHE_DIR"] = str(cache_folder)
    try:
        words.keyword_extractor()  # builds the caches if no test above did
        words._DEFAULT_TOKENIZER = words._EXTRACTOR = None  # only this text's buckets loaded
        assert _all_tags(words.keyword_extractor(), text) == _all_tags(stock, text)
        assert words.default_tokenizer().lcut(text) == stock.tokenizer.lcut(text)
    finally:
        os.environ["NIANBAO_CACHE_DIR"], words._DEFAULT_TOKENIZER, words._EXTRACTOR = saved


@pytest.mark.parametrize("damage", ["truncated", "other layout"])
def test_damaged_idf_cache_is_rebuilt(damage, stock, fresh_process, tmp_path, monkeypatch):
    text = "本机关依申请公开政府信息，行政复议和行政诉讼案件。政策解读不够深入，下一步将加强政策解读。"
    expected = _all_tags(stock, text)
    words.keyword_extractor()
    (built,) = fresh_process.glob("idf-*.cache")
    data = built.read_bytes()
    path = tmp_path / built.name
    path.write_bytes(data[:100_000] if damage == "truncated" else b"NBJIEBA0" + data[8:])
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(words, "_EXTRACTOR", None)  # (the dictionary stays loaded: its cache is compare's)
    assert _all_tags(words.keyword_extractor(), text) == expected
    assert words.keyword_extractor().nianbao_idf is None  # rebuilt from jieba's IDF table
    assert path.read_bytes() == data


def test_damaged_idf_buckets_fall_back_on_jiebas_table(stock, fresh_process, tmp_path, monkeypatch):
    text = "本机关依申请公开政府信息，行政复议和行政诉讼案件。政策解读不够深入，下一步将加强政策解读。"
    expected = _all_tags(stock, text)
    words.keyword_extractor()
    (built,) = fresh_process.glob("idf-*.cache")
    good = built.read_bytes()
    table = words._Dictionary(good)
    bucket = words._bucket("政策")
    start, end = table.base + table.offsets[bucket], table.base + table.offsets[bucket + 1]
    assert end > start
    path = tmp_path / built.name
    path.write_bytes(good[:start] + b"\x00" * (end - start) + good[end:])
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(words, "_EXTRACTOR", None)
    assert _all_tags(words.keyword_extractor(), text) == expected
    assert words.keyword_extractor().nianbao_idf.complete
    assert path.read_bytes() == good


def test_no_writable_cache_folder_still_gives_jiebas_keywords(stock, tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path / "a-file" / "cache"))
    monkeypatch.setattr(words, "_EXTRACTOR", None)  # (the dictionary is saved the same way, by the same code)
    text = PIECES[0][:3000]
    assert _all_tags(words.keyword_extractor(), text) == _all_tags(stock, text)
    assert words.keyword_extractor().nianbao_idf is None and not (tmp_path / "a-file" / "cache").exists()


def test_summarize_loads_neither_posseg_nor_jiebas_default_extractors(fresh_process):
    """From the cache, summarize imports jieba.analyse's TF-IDF module only: no jieba.analyse package
    (its default extractors parse the IDF table), no jieba.posseg; a later ``import jieba.analyse`` is jieba's own."""
    code = (
        "import sys\n"
        f"sys.argv = ['nianbao', 'summarize', {str(FIXTURES / 'suqian_2024.txt')!r}]\n"
        "from nianbao.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "from nianbao.summarize import keywords\n"
        f"text = open({str(FIXTURES / 'huaian_2024.txt')!r}, encoding='utf-8').read()\n"
        "ours = keywords(text)\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith(('jieba.analyse', 'jieba.posseg'))))\n"
        "import jieba.analyse, jieba.posseg\n"
        "from nianbao.compare import words\n"
        "words._EXTRACTOR = jieba.analyse.default_tfidf\n"
        "print('SAME', ours == keywords(text), sys.modules['jieba.analyse.tfidf'].TFIDF is type(jieba.analyse.default_tfidf))\n"
    )
    words.keyword_extractor()  # builds the caches if the first test did not run
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    assert r.returncode == 0, r.stderr
    lines = dict(line.split(" ", 1) for line in r.stdout.splitlines() if line.startswith(("LOADED", "SAME")))
    assert lines == {"LOADED": "[]", "SAME": "True True"}
