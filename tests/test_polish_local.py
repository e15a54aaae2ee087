"""The transformers backend end to end with a tiny random model built at test time."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from nianbao.errors import ModelUnavailable
from nianbao.polish.backend import Request, make_backend, new_token_bound

from .conftest import EXAMPLE

# skipped without the polish extra; found, not imported, so that collecting the tests does not load torch
pytestmark = pytest.mark.skipif(not all(importlib.util.find_spec(m) for m in ("transformers", "torch")),
                                reason="needs the polish extra (transformers, torch)")

CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def build_tiny_model(folder, chat_template: str | None = None):
    """A byte-level BPE trained on the example report and a 1-layer Qwen2 with random weights that stops at once.

    Its final norm is zero, so every logit is 0 and greedy decoding picks token 0, which is ``<eos>``: each
    reply is empty (rejected by the guard) after one step, where a random model would run to the token bound."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    text = EXAMPLE.read_text(encoding="utf-8")
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=2000, special_tokens=["<eos>", "<unk>", "<pad>", "<|im_start|>", "<|im_end|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(text.split("\n"), trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>", eos_token="<eos>")
    if chat_template:
        tokenizer.chat_template = chat_template
    tokenizer.save_pretrained(folder)
    config = Qwen2Config(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
        num_key_value_heads=1, max_position_embeddings=8192, eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id, tie_word_embeddings=True,
    )
    torch.manual_seed(0)
    model = Qwen2ForCausalLM(config)
    with torch.no_grad():
        model.model.norm.weight.zero_()
    assert tokenizer.eos_token_id == 0
    model.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-qwen2"))


@pytest.fixture(scope="module")
def tiny_chat_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-qwen2-chat"), CHAT_TEMPLATE)


#: the example without its longest paragraphs, so that generating on a CPU stays quick
LONG = ("2024 年，在县委", "（一）主动公开", "（三）政府信息管理", "（五）监督保障", "对于这些问题")


def test_polish_with_tiny_model_rejects_garbage_and_keeps_input(cli, tiny_model, tmp_path):
    src = tmp_path / "report.txt"
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    src.write_text("\n".join(ln for ln in lines if not ln.startswith(LONG)), encoding="utf-8")
    out, report = tmp_path / "out.txt", tmp_path / "r.json"
    r = cli("polish", src, "--model", tiny_model, "--device", "auto", "-o", out, "--report", report)
    assert r.code == 0, r.err
    assert out.read_bytes() == src.read_bytes()
    assert "润色完成" in r.out and "保留原文" in r.out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["sent"] == 3 and data["accepted"] == 0
    assert data["rejected"] + data["unchanged"] == data["sent"] and data["rejected"] > 0
    # --device auto: the CPU in float32 here, the accelerator with its own dtype where there is one
    import torch

    if torch.cuda.is_available():
        assert "cuda" in data["backend"]
    else:
        assert "cpu" in data["backend"] and "float32" in data["backend"]
    rejected = [i for i in data["items"] if i["status"] == "rejected"]
    assert all(i["reasons"] and i["candidate"] is not None for i in rejected)


def test_generation_is_batched_bounded_and_deterministic(tiny_chat_model, monkeypatch):
    backend = make_backend(tiny_chat_model, device="cpu", batch_size=3)
    backend.load()
    calls = []
    real = backend._model.generate

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(backend._model, "generate", spy)
    paragraphs = ["我镇不断加强政府信息管理。", "扎实推进政府信息公开工作，切实满足社会需求。", "无"]
    requests = [Request("系统提示", f"原文：\n{p}", p) for p in paragraphs]
    first = backend.complete(requests)
    assert len(first) == 3 and backend.complete(requests) == first  # greedy: the same answer twice
    args = calls[0]
    assert args["input_ids"].shape[0] == 3 and args["do_sample"] is False
    assert args["attention_mask"][2, 0] == 0  # left padding: the short prompt is padded at the front
    longest = max(len(backend._tokenizer(p, add_special_tokens=False)["input_ids"]) for p in paragraphs)
    assert args["max_new_tokens"] == new_token_bound(longest)
    # the tokenizer's chat template is used
    assert backend.prompt_text(requests[0]).startswith("<|im_start|>system\n系统提示<|im_end|>")
    assert backend.prompt_text(requests[0]).endswith("<|im_start|>assistant\n")
    assert backend.describe().endswith("（cpu，float32）")


def test_fallback_prompt_without_chat_template(tiny_model):
    backend = make_backend(tiny_model, device="cpu")
    backend.load()
    text = backend.prompt_text(Request("系统", "用户", "x"))
    assert text == "### 系统\n系统\n\n### 用户\n用户\n\n### 助手\n"


def test_unusable_model_folders_get_chinese_messages(cli, tmp_path, tiny_model):
    src = tmp_path / "r.txt"
    src.write_bytes(EXAMPLE.read_bytes())
    r = cli("polish", src, "--model", tmp_path / "nope")
    assert r.code == 2 and "模型文件夹不存在" in r.err and "不会下载" in r.err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "config.json" in cli("polish", src, "--model", empty).err
    (empty / "config.json").write_text("{}", encoding="utf-8")
    assert "safetensors" in cli("polish", src, "--model", empty).err
    r = cli("polish", src, "--model", tiny_model, "--device", "tpu")
    assert r.code == 2 and "--device" in r.err


def test_cuda_requested_without_cuda(tiny_model):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(ModelUnavailable, match="CUDA"):
        make_backend(tiny_model, device="cuda").load()


def test_missing_extra_says_how_to_install(tiny_model, monkeypatch):
    monkeypatch.setitem(sys.modules, "transformers", None)
    with pytest.raises(ModelUnavailable, match=r"pip install nianbao\[polish\]"):
        make_backend(tiny_model).load()


@pytest.mark.parametrize("version, keyword", [
    ("4.40.0", "torch_dtype"), ("4.55.4", "torch_dtype"), ("4.56.0", "dtype"), ("4.57.0.dev0", "dtype"),
    ("5.24.0", "dtype"), ("", "dtype"),
])
def test_dtype_keyword_follows_the_transformers_version(version, keyword):
    from types import SimpleNamespace

    from nianbao.polish.local import dtype_keyword

    assert dtype_keyword(SimpleNamespace(__version__=version)) == keyword


def test_the_chosen_dtype_is_the_loaded_one(tiny_model, monkeypatch):
    """On the installed transformers (old or new) the weights come in the dtype asked for, not float32 by default."""
    import torch

    import nianbao.polish.local as local

    monkeypatch.setattr(local, "pick_dtype", lambda torch, device: torch.bfloat16)
    backend = make_backend(tiny_model, device="cpu")
    backend.load()
    assert backend._model.dtype == torch.bfloat16
    assert backend.describe().endswith("（cpu，bfloat16）")
