"""The OpenAI-compatible endpoint backend (vLLM, Ollama, llama.cpp server…) over stdlib HTTP.

Reports may be sensitive before publication, so only loopback and private addresses are used
unless ``allow_remote`` is set; the host name is resolved once, every address it resolves to is
checked, and every connection goes to that checked address (a second look-up cannot send the
request elsewhere). Redirects are never followed (the API key never goes to another host); each
request has one overall deadline (connect, send, every byte of the answer, and the retries), the
whole run another; answers larger than :data:`MAX_RESPONSE_BYTES` are refused.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from ..errors import ModelUnavailable, NianbaoError
from .backend import Request, new_token_bound

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_RESPONSE_BYTES = 4 * 1024 * 1024  # a polished paragraph is a few KB; a model list well under 1 MB
RUN_TIMEOUT = 3600.0  # seconds for all requests of one run together


class _Deadline(Exception):
    pass


class _TooLarge(Exception):
    pass


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


def check_address(url: str, allow_remote: bool) -> list[str]:
    """The addresses ``url``'s host resolves to (looked up once); refuses a public one unless
    ``allow_remote``. Connections go to the first of them and nowhere else."""
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
    if not addresses:
        raise ModelUnavailable(f"--endpoint：无法解析主机名“{host}”。请检查地址")
    if allow_remote:
        return addresses
    public = [a for a in addresses if not _is_local(a)]
    if public:
        raise NianbaoError(
            f"--endpoint：{host} 是公网地址（{'、'.join(public)}）。报告在公开前可能含敏感信息，"
            "nianbao 默认只连接本机或内网的模型服务；确需使用外部服务，请加 --allow-remote"
        )
    return addresses


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to one given address, whatever the host name resolves to now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # the certificate names the host


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
        run_timeout: float = RUN_TIMEOUT,
    ):
        self.base, self.url = chat_url(endpoint)
        self.address = check_address(self.url, allow_remote)[0]
        self.model_name = model_name
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.api_key = api_key
        self.temperature = temperature
        self.run_timeout = run_timeout
        self.run_deadline = time.monotonic() + run_timeout

    def describe(self) -> str:
        return f"模型服务 {self.base}（模型 {self.model_name or '未指定'}）"

    # --- HTTP ------------------------------------------------------------------------------

    def _headers(self) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def _once(self, url: str, data: bytes | None, deadline: float) -> tuple[int, dict, bytes]:
        """(status, headers, body) of one HTTP exchange, all of it before ``deadline``."""
        parts = urlsplit(url)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Deadline()
        kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
        conn = kind(parts.hostname, parts.port, self.address, timeout=remaining)
        expired = threading.Event()

        def stop():  # a slow drip resets no per-read timeout: the deadline closes the socket
            expired.set()
            sock = conn.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        timer = threading.Timer(remaining, stop)
        timer.daemon = True
        timer.start()
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            conn.request("POST" if data is not None else "GET", path, body=data, headers=self._headers())
            resp = conn.getresponse()
            declared = resp.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                raise _TooLarge()
            body = bytearray()
            while True:
                chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                if not chunk:
                    break
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise _TooLarge()
            if expired.is_set():
                raise _Deadline()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, bytes(body)
        except (OSError, http.client.HTTPException):
            # the socket's own timeout (set to the time left) can fire just before the timer does
            if expired.is_set() or time.monotonic() >= deadline - 0.01:
                raise _Deadline() from None
            raise
        finally:
            timer.cancel()
            conn.close()

    def _call(self, url: str, payload: dict | None) -> dict:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8") if payload is not None else None
        deadline = min(time.monotonic() + self.timeout, self.run_deadline)
        if deadline <= time.monotonic():
            raise ModelUnavailable(f"{url}：本次润色已用完总时限（{self.run_timeout:g} 秒），其余段落保留原文未送出。请分批润色")
        last = ""
        attempts = 0
        for attempt in range(self.retries + 1):
            if attempt:
                pause = self.backoff * 2 ** (attempt - 1)
                if time.monotonic() + pause >= deadline:
                    break
                time.sleep(pause)
            attempts = attempt
            try:
                status, headers, body = self._once(url, data, deadline)
            except _Deadline:
                if deadline >= self.run_deadline:
                    raise ModelUnavailable(f"{url}：本次润色已用完总时限（{self.run_timeout:g} 秒），其余段落保留原文未送出。请分批润色") from None
                last = f"超过 {self.timeout:g} 秒没有完成"
                break
            except _TooLarge:
                raise ModelUnavailable(f"{url}：模型服务的回复超过 {MAX_RESPONSE_BYTES // 1024 // 1024} MB，不像一段润色结果，已停止") from None
            except (OSError, http.client.HTTPException) as err:
                last = str(err) or type(err).__name__
                continue
            if 300 <= status < 400:
                target = headers.get("location", "")
                raise ModelUnavailable(
                    f"{url}：模型服务要求转到另一个地址（HTTP {status} → {target[:200]}）。nianbao 不跟随重定向"
                    "（以免把报告和密钥发到别处），请直接用 --endpoint 给出最终地址"
                )
            if status in RETRY_STATUS:
                last = f"HTTP {status}"
                continue
            if status >= 400:
                detail = body[:300].decode("utf-8", "replace")
                raise ModelUnavailable(f"{url}：模型服务拒绝了请求（HTTP {status}）：{detail}")
            try:
                return json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise ModelUnavailable(f"{url}：模型服务的回复不是 JSON，请确认这是兼容 OpenAI 接口的地址") from None
        raise ModelUnavailable(
            f"{url}：无法连接模型服务（已重试 {attempts} 次，最后一次：{last}）。请确认服务已启动、地址和端口正确"
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
