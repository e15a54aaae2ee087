"""The OpenAI-compatible endpoint backend (vLLM, Ollama, llama.cpp server…) over stdlib HTTP.

Reports may be sensitive before publication, so only loopback and private addresses are used
unless ``allow_remote`` is set; the host name is resolved and every address it resolves to is checked.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

from ..errors import ModelUnavailable, NianbaoError
from .backend import Request, new_token_bound

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


def chat_url(endpoint: str) -> tuple[str, str]:
    """(base URL ending in /v1, chat completions URL) from what a user typed."""
    parts = urlsplit(endpoint.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NianbaoError(f"--endpoint “{endpoint}”不是有效的服务地址，应形如 http://127.0.0.1:8000/v1")
    path = parts.path.rstrip("/")
    for tail in ("/chat/completions", "/completions"):
        if path.endswith(tail):
            path = path[: -len(tail)]
    if not path.endswith("/v1"):
        path += "/v1"
    base = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return base, base + "/chat/completions"


def _is_local(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_private or ip.is_link_local


def check_address(url: str, allow_remote: bool) -> None:
    """Refuse a URL whose host is (or resolves to) a public address, unless ``allow_remote``."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = [ipaddress.ip_address(host).compressed]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80), proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise ModelUnavailable(f"--endpoint：无法解析主机名“{host}”（{exc}）。请检查地址") from None
        addresses = sorted({info[4][0] for info in infos})
    if allow_remote:
        return
    public = [a for a in addresses if not _is_local(a)]
    if public:
        raise NianbaoError(
            f"--endpoint：{host} 是公网地址（{'、'.join(public)}）。报告在公开前可能含敏感信息，"
            "nianbao 默认只连接本机或内网的模型服务；确需使用外部服务，请加 --allow-remote"
        )


class EndpointBackend:
    """Chat completions, one request per paragraph, with timeouts and retries with backoff."""

    batch_size = 1

    def __init__(
        self,
        endpoint: str,
        *,
        model_name: str | None = None,
        allow_remote: bool = False,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 1.0,
        api_key: str | None = None,
        temperature: float = 0.0,
    ):
        self.base, self.url = chat_url(endpoint)
        check_address(self.url, allow_remote)
        # a local service is reached directly, never through a proxy from the environment
        handlers = [] if allow_remote else [urllib.request.ProxyHandler({})]
        self._opener = urllib.request.build_opener(*handlers)
        self.model_name = model_name
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.api_key = api_key
        self.temperature = temperature

    def describe(self) -> str:
        return f"模型服务 {self.base}（模型 {self.model_name or '未指定'}）"

    # --- HTTP ------------------------------------------------------------------------------

    def _headers(self) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def _call(self, url: str, payload: dict | None) -> dict:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8") if payload is not None else None
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            req = urllib.request.Request(url, data=data, headers=self._headers(), method="POST" if data else "GET")
            try:
                with self._opener.open(req, timeout=self.timeout) as resp:
                    body = resp.read()
            except urllib.error.HTTPError as err:
                detail = err.read()[:300].decode("utf-8", "replace")
                if err.code in RETRY_STATUS:
                    last = f"HTTP {err.code}"
                    continue
                raise ModelUnavailable(f"{url}：模型服务拒绝了请求（HTTP {err.code}）：{detail}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, socket.timeout) as err:
                last = str(getattr(err, "reason", err))
                continue
            try:
                return json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise ModelUnavailable(f"{url}：模型服务的回复不是 JSON，请确认这是兼容 OpenAI 接口的地址") from None
        raise ModelUnavailable(
            f"{url}：无法连接模型服务（已重试 {self.retries} 次，最后一次：{last}）。请确认服务已启动、地址和端口正确"
        )

    def _model(self) -> str:
        if self.model_name is None:
            try:
                listing = self._call(self.base + "/models", None)
                self.model_name = listing["data"][0]["id"]
            except (ModelUnavailable, KeyError, IndexError, TypeError):
                raise ModelUnavailable(
                    f"{self.base}：无法从服务取得模型名称，请用 --model-name 指定（例如 qwen2.5:7b-instruct）"
                ) from None
        return self.model_name

    def complete(self, requests: list[Request]) -> list[str]:
        model = self._model()
        replies = []
        for request in requests:
            payload = {
                "model": model,
                "messages": request.messages(),
                "temperature": self.temperature,
                "max_tokens": new_token_bound(len(request.paragraph)),
                "stream": False,
            }
            answer = self._call(self.url, payload)
            try:
                content = answer["choices"][0]["message"]["content"]
            except (KeyError, IndexError, TypeError):
                raise ModelUnavailable(f"{self.url}：模型服务的回复缺少 choices[0].message.content") from None
            replies.append((content or "").strip())
        return replies
