"""The transformers backend: a chat model from a local folder, never downloaded.

torch and transformers are imported only when a model is loaded (the ``polish`` extra).
A tokenizer without a chat template gets :data:`FALLBACK_PROMPT`, a plain documented layout.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ModelUnavailable
from .backend import Request, new_token_bound

INSTALL_HINT = "请安装：pip install nianbao[polish]"

#: prompt layout for tokenizers that carry no chat template (documented in models/README.md)
FALLBACK_PROMPT = "### 系统\n{system}\n\n### 用户\n{user}\n\n### 助手\n"


def _import():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    try:
        import torch
        import transformers
    except ImportError:
        raise ModelUnavailable(f"使用本地模型润色需要 transformers 和 torch，当前环境没有安装。{INSTALL_HINT}") from None
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return torch, transformers


def check_model_dir(path: Path) -> None:
    """Refuse, with a Chinese message, a folder that cannot be a local model."""
    if not path.exists():
        raise ModelUnavailable(f"{path}：模型文件夹不存在。nianbao 不会下载模型，请按 models/README.md 把模型放到本机后再试")
    if not path.is_dir():
        raise ModelUnavailable(f"{path}：--model 应当是模型文件夹（含 config.json），而不是文件")
    if not (path / "config.json").is_file():
        raise ModelUnavailable(f"{path}：文件夹里没有 config.json，不像是一个模型文件夹。请参看 models/README.md")
    if not any(path.glob("*.safetensors")):
        raise ModelUnavailable(f"{path}：没有找到 .safetensors 权重文件。出于安全考虑只加载 safetensors 格式的权重")


def pick_device(torch, wanted: str) -> str:
    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available()
    if wanted == "auto":
        return "cuda" if cuda else "mps" if mps else "cpu"
    if wanted == "cuda" and not cuda:
        raise ModelUnavailable("--device cuda：本机没有可用的 CUDA 显卡（或安装的 torch 不支持 CUDA）。可改用 --device cpu")
    if wanted == "mps" and not mps:
        raise ModelUnavailable("--device mps：本机不支持 Apple MPS。可改用 --device cpu")
    return wanted


def pick_dtype(torch, device: str):
    if device == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device == "mps":
        return torch.float16
    return torch.float32


def dtype_keyword(transformers) -> str:
    """``from_pretrained``'s name for the weights' type: ``dtype`` since transformers 4.56, ``torch_dtype`` before
    (where ``dtype`` would be taken as a config field and silently ignored)."""
    import re

    m = re.match(r"(\d+)\.(\d+)", getattr(transformers, "__version__", ""))
    return "torch_dtype" if m and (int(m[1]), int(m[2])) < (4, 56) else "dtype"


class TransformersBackend:
    """Greedy (deterministic) batched generation with a local causal LM."""

    def __init__(self, model_dir: str | Path, *, device: str = "auto", batch_size: int = 4, temperature: float = 0.0):
        self.model_dir = Path(model_dir).expanduser()
        check_model_dir(self.model_dir)
        self.wanted_device = device
        self.batch_size = batch_size
        self.temperature = temperature
        self.device: str | None = None
        self.dtype = None
        self._model = None
        self._tokenizer = None

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        if self._model is not None:
            return
        torch, transformers = _import()
        self.device = pick_device(torch, self.wanted_device)
        self.dtype = pick_dtype(torch, self.device)
        common = {"local_files_only": True, "trust_remote_code": False}
        errors: tuple = (OSError, ValueError, KeyError, TypeError, RecursionError)
        try:
            from safetensors import SafetensorError  # a damaged or hostile .safetensors header

            errors += (SafetensorError,)
        except ImportError:
            pass
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(self.model_dir, **common)
            model = transformers.AutoModelForCausalLM.from_pretrained(
                self.model_dir, use_safetensors=True, **{dtype_keyword(transformers): self.dtype}, **common
            )
        except errors as exc:
            raise ModelUnavailable(
                f"{self.model_dir}：无法加载模型（{type(exc).__name__}: {str(exc)[:200]}）。"
                "请确认这是一个完整的因果语言模型文件夹（config.json、分词器文件和 .safetensors 权重），"
                "且不需要 trust_remote_code"
            ) from None
        tokenizer.padding_side = "left"
        if tokenizer.pad_token is None:
            if tokenizer.eos_token is None:
                raise ModelUnavailable(f"{self.model_dir}：分词器既没有填充符也没有结束符，无法批量生成")
            tokenizer.pad_token = tokenizer.eos_token
        model.to(self.device)
        model.eval()
        self._torch, self._model, self._tokenizer = torch, model, tokenizer

    @property
    def dtype_name(self) -> str:
        return str(self.dtype).replace("torch.", "") if self.dtype is not None else "auto"

    def describe(self) -> str:
        where = f"（{self.device}，{self.dtype_name}）" if self.device else ""
        return f"本地模型 {self.model_dir}{where}"

    # --- generation ----------------------------------------------------------------------

    def prompt_text(self, request: Request) -> str:
        """The model input for one request: the tokenizer's chat template, else :data:`FALLBACK_PROMPT`."""
        tokenizer = self._tokenizer
        template = getattr(tokenizer, "chat_template", None)
        if template:
            return render_chat_template(template, request.messages(), dict(tokenizer.special_tokens_map), self.model_dir)
        return FALLBACK_PROMPT.format(system=request.system, user=request.user)

    def complete(self, requests: list[Request]) -> list[str]:
        self.load()
        torch, model, tokenizer = self._torch, self._model, self._tokenizer
        templated = bool(getattr(tokenizer, "chat_template", None))
        prompts = [self.prompt_text(r) for r in requests]
        batch = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=not templated).to(self.device)
        longest = max(len(tokenizer(r.paragraph, add_special_tokens=False)["input_ids"]) for r in requests)
        options = {"max_new_tokens": new_token_bound(longest), "pad_token_id": tokenizer.pad_token_id}
        if self.temperature > 0:
            options.update(do_sample=True, temperature=self.temperature)
        else:
            options.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        # the token ids and their mask only: a tokenizer may add token_type_ids, which generate() of a causal
        # LM rejects in older transformers (4.40)
        inputs = {key: batch[key] for key in ("input_ids", "attention_mask") if key in batch}
        with torch.inference_mode():
            output = model.generate(**inputs, **options)
        new_tokens = output[:, batch["input_ids"].shape[1]:]
        return [t.strip() for t in tokenizer.batch_decode(new_tokens, skip_special_tokens=True)]


def render_chat_template(source, messages: list[dict], special_tokens: dict, model_dir) -> str:
    """A model's chat template rendered as transformers would, in the bounded immutable sandbox
    (a model folder is untrusted input: its template may loop, grow or recurse without end)."""
    import json

    import jinja2

    from ..sandbox import LimitedEnvironment, LimitExceeded

    if not isinstance(source, str):
        raise ModelUnavailable(f"{model_dir}：分词器的 chat_template 不是单个模板，无法使用")

    def raise_exception(message):
        raise jinja2.TemplateError(message)

    def tojson(value, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env = LimitedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    try:
        template = env.from_string(source)
        return env.render_limited(template, {**special_tokens, "messages": messages, "add_generation_prompt": True})
    except LimitExceeded as err:
        raise ModelUnavailable(f"{model_dir}：分词器的对话模板（chat_template）超出限制：{err}") from None
    except jinja2.TemplateError as err:
        raise ModelUnavailable(f"{model_dir}：分词器的对话模板（chat_template）有误：{err}") from None
