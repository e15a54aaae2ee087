"""Hostile model services, all on loopback: redirects, DNS rebinding, slow drips, hangs, endless
answers. Each ends quickly with a Chinese message; the API key never reaches another address."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from nianbao.errors import ModelUnavailable
from nianbao.polish import endpoint as ep
from nianbao.polish.backend import Request
from nianbao.polish.endpoint import EndpointBackend

from .conftest import EXAMPLE

ANSWER = json.dumps({"choices": [{"message": {"content": "持续加强"}}]}).encode()
REQ = Request("s", "原文：\n不断加强", "不断加强")


class RawServer:
    """A loopback TCP server whose handler gets the connection and the request head; bounded: every
    handler loop stops when the client goes away or after ``life`` seconds."""

    def __init__(self, handler, host="127.0.0.1", port=0, life=10.0):
        self.handler, self.life = handler, life
        self.heads: list[str] = []
        self.sock = socket.create_server((host, port))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://{host}:{self.port}/v1"
        self.closed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        with conn:
            conn.settimeout(self.life)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, rest = data.partition(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0)
                while len(rest) < length:
                    rest += conn.recv(65536)
                self.heads.append(head.decode("latin-1"))
                self.handler(self, conn)
            except OSError:
                pass

    def close(self):
        self.closed.set()
        self.sock.close()


def ok(server, conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(ANSWER) + ANSWER)


@pytest.fixture
def servers():
    made = []
    yield lambda *a, **k: made.append(RawServer(*a, **k)) or made[-1]
    for s in made:
        s.close()


def test_redirect_is_not_followed_and_the_key_stays(servers):
    other = servers(ok)

    def redirect(server, conn):
        conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {other.url}/chat/completions\r\nContent-Length: 0\r\n\r\n".encode())

    first = servers(redirect)
    backend = EndpointBackend(first.url, model_name="m", api_key="secret-key", retries=0)
    with pytest.raises(ModelUnavailable, match="重定向"):
        backend.complete([REQ])
    assert first.heads and "Bearer secret-key" in first.heads[0]
    assert not other.heads  # nothing, and no key, went to the other address


def test_connection_goes_to_the_checked_address(servers, monkeypatch):
    """DNS rebinding: the name resolves to 127.0.0.1 when checked, then to another address."""
    good = servers(ok, host="127.0.0.1")
    try:
        evil = servers(ok, host="127.0.0.2", port=good.port)
    except OSError:
        pytest.skip("127.0.0.2 is not usable here")
    real = socket.getaddrinfo
    calls = []

    def rebinding(host, port, *args, **kwargs):
        if host == "model.test":
            calls.append(host)
            address = "127.0.0.1" if len(calls) == 1 else "127.0.0.2"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    backend = EndpointBackend(f"http://model.test:{good.port}/v1", model_name="m", retries=0)
    assert backend.complete([REQ, REQ]) == ["持续加强", "持续加强"]
    assert len(good.heads) == 2 and not evil.heads
    assert "Host: model.test" in good.heads[0]


def _timed(backend):
    start = time.monotonic()
    with pytest.raises(ModelUnavailable) as err:
        backend.complete([REQ])
    return time.monotonic() - start, str(err.value)


def test_slow_drip_is_cut_at_the_deadline(servers):
    def drip(server, conn):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
        end = time.monotonic() + server.life
        while time.monotonic() < end:
            conn.sendall(b" ")
            time.sleep(0.05)

    server = servers(drip)
    seconds, message = _timed(EndpointBackend(server.url, model_name="m", timeout=1.0, retries=3, backoff=0.01))
    assert seconds < 2.5 and "1 秒" in message


def test_hung_server_is_not_retried_past_the_deadline(servers):
    def hang(server, conn):
        time.sleep(server.life)

    server = servers(hang)
    seconds, message = _timed(EndpointBackend(server.url, model_name="m", timeout=1.0, retries=3, backoff=0.01))
    assert seconds < 2.5 and "无法连接" in message


def test_endless_answer_is_capped(servers, monkeypatch):
    monkeypatch.setattr(ep, "MAX_RESPONSE_BYTES", 1024 * 1024)

    def endless(server, conn):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
        block = b"[" * 65536
        for _ in range(2000):  # at most 128 MB, if the client kept reading
            conn.sendall(block)

    server = servers(endless)
    seconds, message = _timed(EndpointBackend(server.url, model_name="m", timeout=20, retries=0))
    assert seconds < 5 and "超过 1 MB" in message


def test_run_deadline_stops_the_run(servers):
    def slow_ok(server, conn):
        time.sleep(0.3)
        ok(server, conn)

    server = servers(slow_ok)
    backend = EndpointBackend(server.url, model_name="m", timeout=5, retries=0, run_timeout=1.0)
    start = time.monotonic()
    with pytest.raises(ModelUnavailable, match="总时限"):
        backend.complete([REQ] * 20)
    assert time.monotonic() - start < 2.5


def test_cli_redirect_is_exit_2(cli, servers, tmp_path, monkeypatch):
    def redirect(server, conn):
        conn.sendall(b"HTTP/1.1 301 Moved\r\nLocation: http://192.0.2.1/v1/chat/completions\r\nContent-Length: 0\r\n\r\n")

    server = servers(redirect)
    monkeypatch.setenv("NIANBAO_API_KEY", "secret-key")
    src = tmp_path / "r.txt"
    src.write_bytes(EXAMPLE.read_bytes())
    r = cli("polish", src, "--endpoint", server.url, "--model-name", "m")
    assert r.code == 2 and "重定向" in r.err and "Traceback" not in r.err
