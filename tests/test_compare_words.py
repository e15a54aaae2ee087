"""compare's tokens: the bucketed dictionary cache cuts exactly as stock jieba with the user words."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.compare import words
from nianbao.read import read_report

from .conftest import FIXTURES
from .strategies import mixed_texts


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """Every report text among the fixtures: the text files as they are, the others as read."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    for name in ("huaian_2024.pdf", "huaian_2024_portal.html", "official_blank_template.docx"):
        texts.append("\n".join(read_report(FIXTURES / name).lines))
    return texts


@pytest.fixture(scope="module")
def stock_tokenizer(tmp_path_factory):
    """Stock jieba: its whole dictionary, then nianbao's user words, as jieba documents."""
    import jieba

    tk = jieba.Tokenizer()
    tk.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    tk.initialize()
    for word, freq, tag in words.user_words():
        tk.add_word(word, freq, tag)
    return tk


@pytest.fixture(scope="module")
def stock(corpus, stock_tokenizer) -> list[list[str]]:
    """Stock jieba's tokens of the corpus."""
    return [stock_tokenizer.lcut(text, HMM=False) for text in corpus]


@pytest.fixture(scope="module")
def cache_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("nianbao-cache")


@pytest.fixture
def fresh_process(cache_folder, monkeypatch):
    """A cache folder of this module's own, and no tokenizer loaded yet (as in a new process)."""
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(cache_folder))
    monkeypatch.setattr(words, "_TOKENIZER", None)
    return cache_folder


def test_cached_dictionary_cuts_exactly_as_stock_jieba(corpus, stock, fresh_process, monkeypatch):
    # first use: jieba's whole dictionary, and the cache written
    assert [words.cut(text) for text in corpus] == stock
    assert words.tokenizer().nianbao_dictionary is None
    assert len(list(fresh_process.glob("jieba-*.cache"))) == 1
    # a later process: the cache, loaded bucket by bucket as the texts need
    monkeypatch.setattr(words, "_TOKENIZER", None)
    assert [words.cut(text) for text in corpus] == stock
    tk = words.tokenizer()
    assert tk.nianbao_dictionary is not None
    assert len(tk.FREQ) < 250_000  # only part of the ~500 000 entries was loaded


def test_one_paragraph_at_a_time_cuts_as_stock_jieba(corpus, stock, fresh_process):
    words.cut("预热")  # builds the cache if the test above did not run
    words._TOKENIZER = None  # restored by the fixture
    for text, tokens in zip(corpus, stock):
        assert [t for line in text.split("\n") for t in words.cut(line) + ["\n"]][:-1] == tokens
    assert words.tokenizer().nianbao_dictionary is not None


def test_damaged_cache_is_rebuilt(fresh_process, tmp_path, monkeypatch):
    sentence = "本机关依申请公开政府信息，行政复议和行政诉讼案件。"
    expected = words.cut(sentence)
    (built,) = fresh_process.glob("jieba-*.cache")
    path = tmp_path / built.name
    path.write_bytes(built.read_bytes()[:100_000])
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(words, "_TOKENIZER", None)
    assert words.cut(sentence) == expected
    assert words.tokenizer().nianbao_dictionary is None  # rebuilt from jieba's dictionary
    assert path.stat().st_size > 1_000_000


def test_damaged_buckets_fall_back_on_jiebas_dictionary(fresh_process, tmp_path, monkeypatch):
    """A cache of the right length whose bucket bytes are damaged: the cut falls back on jieba's own
    dictionary (the same tokens, no traceback) and the cache is written anew."""
    sentence = "本机关依申请公开政府信息，行政复议和行政诉讼案件。"
    expected = words.cut(sentence)
    (built,) = fresh_process.glob("jieba-*.cache")
    good = built.read_bytes()
    dictionary = words._Dictionary(good)
    bucket = words._bucket("公开")
    start = dictionary.base + dictionary.offsets[bucket]
    end = dictionary.base + dictionary.offsets[bucket + 1]
    assert end > start
    path = tmp_path / built.name
    path.write_bytes(good[:start] + b"\x00" * (end - start) + good[end:])
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(words, "_TOKENIZER", None)
    assert words.cut(sentence) == expected
    assert words.tokenizer().nianbao_dictionary.complete
    assert words.cut("行政许可") == ["行政许可"]
    assert path.read_bytes() == good


def test_cut_loads_neither_jiebas_model_nor_openssl():
    """A cut from the cache does not import jieba at all; the tokenizer then imports jieba without its HMM model,
    hashlib and tempfile, and all still work when asked."""
    code = (
        "import sys\n"
        "from nianbao.compare import words\n"
        "tokens = words.cut('本机关依申请公开政府信息')\n"
        "print(''.join(tokens) == '本机关依申请公开政府信息', 'jieba' in sys.modules)\n"
        "tk = words.tokenizer()\n"
        "print(tk.lcut('本机关依申请公开政府信息', HMM=False) == tokens, 'hashlib' in sys.modules or 'tempfile' in sys.modules,\n"
        "      type(sys.modules['jieba.finalseg']).__name__ == '_StandIn')\n"
        "import hashlib, tempfile, jieba\n"
        "print(jieba.md5(b'x').hexdigest() == hashlib.md5(b'x').hexdigest(), type(hashlib).__name__,\n"
        "      jieba.tempfile.gettempdir() == tempfile.gettempdir(), type(tempfile).__name__)\n"
    )
    env = dict(os.environ)  # the session's cache folder (conftest)
    for _ in range(2):  # the first run may build the cache (jieba's whole dictionary), the second cuts from it
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["True", "False", "True", "False", "True", "True", "module", "True", "module"]


def test_word_runs_and_spaces_are_jiebas():
    """The patterns cut splits a text with are jieba's own."""
    import jieba

    assert (words._RE_HAN.pattern, words._RE_HAN.flags) == (jieba.re_han_default.pattern, jieba.re_han_default.flags)
    assert (words._RE_SKIP.pattern, words._RE_SKIP.flags) == (jieba.re_skip_default.pattern, jieba.re_skip_default.flags)


def test_block_cut_is_jiebas_on_every_block_of_the_fixtures(corpus, stock_tokenizer):
    """``_cut_block`` against jieba's own cut without its HMM, block by block, over the whole dictionary
    (the collected reports too)."""
    from math import log

    from jieba import re_han_default

    texts = corpus + [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "reports").glob("*.txt"))]
    blocks = list(dict.fromkeys(b for text in texts for b in re_han_default.findall(text)))
    assert len(blocks) > 5000
    tk, weights = stock_tokenizer, {}
    ours = [words._cut_block(b, tk.FREQ, log(tk.total), weights) for b in blocks]
    assert ours == [tk.lcut(b, HMM=False) for b in blocks]
    assert any(len(t) > 1 and t.isascii() for tokens in ours for t in tokens)  # joined runs of letters and digits


#: word characters of every kind jieba's blocks hold: common and rare 汉字, Latin, digits and + # & . _ % -
_BLOCK_CHARS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5),
    st.sampled_from("的是在了和有政府信息公开申请依法办理行政复议诉讼年度报告件数"),
    st.sampled_from("APPappWord0123456789.%+#&_-"),
)


_FIXTURE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
#: pieces of the fixtures and random runs of word characters, marks, spaces and line breaks
_TEXTS = mixed_texts(_FIXTURE_TEXTS, st.one_of(_BLOCK_CHARS, st.sampled_from("，。、；：“”（）\n\r\t 　")), 300, 80)


@pytest.fixture(scope="module")
def cached_tokenizer_folder(cache_folder):
    """This module's cache folder, with the dictionary cache built."""
    folder = cache_folder
    saved = os.environ.get("NIANBAO_CACHE_DIR"), words._TOKENIZER
    os.environ["NIANBAO_CACHE_DIR"] = str(folder)
    try:
        words._TOKENIZER = None
        words.cut("预热")
    finally:
        os.environ["NIANBAO_CACHE_DIR"], words._TOKENIZER = saved
    return folder


@settings(max_examples=80, deadline=None)
@given(text=_TEXTS)
def test_generated_text_from_a_fresh_cache_load_cuts_as_jieba(stock_tokenizer, cached_tokenizer_folder, text):
    """A text cut by a process that has loaded only its buckets (``load_blocks``) and cut its blocks with
    ``_cut_block`` gives stock jieba's tokens; the blocks remembered give them again."""
    saved = os.environ.get("NIANBAO_CACHE_DIR"), words._TOKENIZER
    os.environ["NIANBAO_CACHE_DIR"] = str(cached_tokenizer_folder)
    try:
        words._TOKENIZER = None
        expected = stock_tokenizer.lcut(text, HMM=False)
        assert words.cut(text) == expected
        assert words.tokenizer().nianbao_dictionary is not None
        assert words.cut(text) == expected
    finally:
        os.environ["NIANBAO_CACHE_DIR"], words._TOKENIZER = saved


@settings(max_examples=200, deadline=None)
@given(block=st.text(_BLOCK_CHARS, min_size=1, max_size=40))
def test_generated_blocks_cut_as_jieba(stock_tokenizer, block):
    from math import log

    tk = stock_tokenizer
    assert words._cut_block(block, tk.FREQ, log(tk.total), {}) == tk.lcut(block, HMM=False)


def test_load_blocks_loads_what_load_for_text_needs(cached_tokenizer_folder, monkeypatch):
    """The buckets loaded for a text hold every piece jieba looks up in it, as the whole dictionary does."""
    from jieba import re_han_default

    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(cached_tokenizer_folder))
    monkeypatch.setattr(words, "_TOKENIZER", None)
    text = _FIXTURE_TEXTS[0]
    dictionary = words.tokenizer().nianbao_dictionary
    whole = words._Dictionary(words._map(next(cached_tokenizer_folder.glob("jieba-*.cache"))))
    whole._load(set(range(words._BUCKETS)))
    dictionary.load_for(text)
    for block in re_han_default.findall(text):
        for k in range(len(block)):
            i = k + 1
            while i <= len(block) and block[k:i] in whole.freq:
                assert dictionary.freq[block[k:i]] == whole.freq[block[k:i]]
                i += 1
            if i <= len(block):
                assert block[k:i] not in dictionary.freq


def _tiny_tokenizer(entries: dict[str, int], total: int):
    """A jieba tokenizer over a dictionary of the given words (their prefixes added with frequency 0)."""
    import jieba

    freq = dict(entries)
    for word in entries:
        for i in range(1, len(word)):
            freq.setdefault(word[:i], 0)
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = freq, total, True
    return tk


def test_equal_scores_go_to_the_longer_piece_as_in_jieba():
    """甲乙 as one word (1/4) or as 甲 + 乙 (2/4 each) score exactly the same: jieba keeps the longer piece."""
    from math import log

    tk = _tiny_tokenizer({"甲": 2, "乙": 2, "甲乙": 1}, 4)
    assert tk.lcut("甲乙", HMM=False) == ["甲乙"]
    assert words._cut_block("甲乙", tk.FREQ, log(tk.total), {}) == ["甲乙"]


@settings(max_examples=200, deadline=None)
@given(
    entries=st.dictionaries(st.text(st.sampled_from("甲乙丙丁a1"), min_size=1, max_size=4),
                            st.sampled_from([1, 2, 4, 8, 16]), min_size=1, max_size=12),
    total=st.sampled_from([16, 32, 64, 1024]),
    block=st.text(st.sampled_from("甲乙丙丁戊a1B2"), min_size=1, max_size=16),
)
def test_generated_dictionaries_with_many_equal_scores_cut_as_jieba(entries, total, block):
    """Frequencies and totals that are powers of two give routes of exactly equal score often."""
    from math import log

    tk = _tiny_tokenizer(entries, total)
    assert words._cut_block(block, tk.FREQ, log(tk.total), {}) == tk.lcut(block, HMM=False)
