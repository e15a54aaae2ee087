"""compare's tokens: the bucketed dictionary cache cuts exactly as stock jieba with the user words."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from nianbao.compare import words
from nianbao.read import read_report

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """Every report text among the fixtures: the text files as they are, the others as read."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    for name in ("huaian_2024.pdf", "huaian_2024_portal.html", "official_blank_template.docx"):
        texts.append("\n".join(read_report(FIXTURES / name).lines))
    return texts


@pytest.fixture(scope="module")
def stock(corpus, tmp_path_factory) -> list[list[str]]:
    """Stock jieba: its whole dictionary, then nianbao's user words, as jieba documents."""
    import jieba

    tk = jieba.Tokenizer()
    tk.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    tk.initialize()
    for word, freq, tag in words.user_words():
        tk.add_word(word, freq, tag)
    return [tk.lcut(text, HMM=False) for text in corpus]


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
    """A cut from the cache imports jieba without its HMM model, hashlib and tempfile; all still work when asked."""
    code = (
        "import sys\n"
        "from nianbao.compare import words\n"
        "tokens = words.cut('本机关依申请公开政府信息')\n"
        "print(''.join(tokens) == '本机关依申请公开政府信息', 'hashlib' in sys.modules or 'tempfile' in sys.modules,\n"
        "      type(sys.modules['jieba.finalseg']).__name__ == '_StandIn')\n"
        "import hashlib, tempfile, jieba\n"
        "print(jieba.md5(b'x').hexdigest() == hashlib.md5(b'x').hexdigest(), type(hashlib).__name__,\n"
        "      jieba.tempfile.gettempdir() == tempfile.gettempdir(), type(tempfile).__name__)\n"
    )
    env = dict(os.environ)  # the session's cache folder (conftest)
    for _ in range(2):  # the first run may build the cache (jieba's whole dictionary), the second cuts from it
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["True", "False", "True", "True", "module", "True", "module"]
