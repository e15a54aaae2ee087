"""What a polishing backend is, and choosing one from command-line style options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import NianbaoError

DEVICES = ("auto", "cpu", "cuda", "mps")

#: bound on new tokens: this many times the paragraph's length, plus a little
NEW_TOKENS_FACTOR = 1.6
NEW_TOKENS_EXTRA = 32
NEW_TOKENS_CAP = 4096


@dataclass(frozen=True)
class Request:
    """One paragraph to polish: the rendered messages and the paragraph itself (for length bounds)."""

    system: str
    user: str
    paragraph: str

    def messages(self) -> list[dict]:
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


class Backend(Protocol):
    """Anything that turns requests into model replies, in order, one reply per request."""

    batch_size: int

    def describe(self) -> str:
        """A short Chinese description for the summary (model, device…)."""

    def complete(self, requests: list[Request]) -> list[str]:
        """Replies for ``requests`` (at most ``batch_size`` of them)."""


def new_token_bound(paragraph_tokens: int) -> int:
    return min(NEW_TOKENS_CAP, int(paragraph_tokens * NEW_TOKENS_FACTOR) + NEW_TOKENS_EXTRA)


def make_backend(
    model: str | Path | None = None,
    endpoint: str | None = None,
    *,
    model_name: str | None = None,
    device: str = "auto",
    batch_size: int = 4,
    allow_remote: bool = False,
    timeout: float = 120.0,
    retries: int = 3,
    api_key: str | None = None,
):
    """A backend from CLI-style options: ``model`` (a local folder) or ``endpoint`` (a URL), not both."""
    if (model is None) == (endpoint is None):
        raise NianbaoError(
            "请用 --model 指定本地模型文件夹，或用 --endpoint 指定兼容 OpenAI 接口的服务地址（二者选一）"
        )
    if device not in DEVICES:
        raise NianbaoError(f"--device 只能是 {'、'.join(DEVICES)} 之一，而不是“{device}”")
    if batch_size < 1:
        raise NianbaoError("--batch-size 至少为 1")
    if model is not None:
        from .local import TransformersBackend

        return TransformersBackend(model, device=device, batch_size=batch_size)
    from .endpoint import EndpointBackend

    return EndpointBackend(
        endpoint, model_name=model_name, allow_remote=allow_remote, timeout=timeout, retries=retries, api_key=api_key
    )
