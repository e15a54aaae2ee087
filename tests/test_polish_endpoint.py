"""``nianbao polish --endpoint`` end to end against a chat-completions server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from nianbao.errors import ModelUnavailable, NianbaoError
from nianbao.polish.backend import Request
from nianbao.polish.endpoint import EndpointBackend, chat_url, check_address

from .conftest import EXAMPLE, FIXTURES

SYNONYMS = (("进一步", "更加"), ("不断", "持续"), ("积极", "主动"), ("切实", "有效"), ("扎实推进", "稳步推进"))


def faithful(paragraph: str, n: int) -> str:
    """Synonyms swapped outside 《titles》 and “quotations”: what a careful model would do."""
    pieces = re.split(r"(《[^》]*》|“[^”]*”)", paragraph)
    for i in range(0, len(pieces), 2):
        for old, new in SYNONYMS:
            pieces[i] = pieces[i].replace(old, new)
    return "".join(pieces)


def corrupt(paragraph: str, n: int) -> str:
    """Rewrites that alter, drop or add a number, or drop a 《title》 (in turn)."""
    kind = n % 4
    digits = re.search(r"\d+", paragraph)
    title = re.search(r"《[^》]+》", paragraph)
    if kind == 0 and digits:
        return paragraph[: digits.start()] + str(int(digits.group()) + 1) + paragraph[digits.end():]
    if kind == 1 and digits:
        return paragraph[: digits.start()] + paragraph[digits.end():]
    if kind == 3 and title:
        return paragraph.replace(title.group(), "有关规定")
    return "全年开展培训12次，" + paragraph


def swap(paragraph: str, n: int) -> str:
    """Rewrites that keep every number but state the opposite: 增加↔减少, 未发生→发生了, counts swapped."""
    out = paragraph.replace("增加", "\0").replace("减少", "增加").replace("\0", "减少").replace("未发生", "发生了")
    m = re.search(r"自然人申请(\d+)件、法人或其他组织申请(\d+)件", out)
    if m and m.group(1) != m.group(2):
        out = out.replace(m.group(), f"自然人申请{m.group(2)}件、法人或其他组织申请{m.group(1)}件")
    return out


def paragraph_of(payload: dict) -> str:
    """The paragraph a chat request asks to polish, found by the request's structure alone (not the
    prompt's wording): a system message, then the user message, whose last line is the paragraph
    (every bundled prompt ends so: test_polish.test_bundled_prompts_render)."""
    roles = [m["role"] for m in payload["messages"]]
    assert roles == ["system", "user"], roles
    return payload["messages"][1]["content"].rsplit("\n", 1)[-1]


class FakeServer:
    def __init__(self):
        self.mode = "faithful"
        self.requests: list[dict] = []
        self.failures = 0  # answer this many requests with HTTP 503 first
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code: int, obj: dict):
                body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": "fake-qwen", "object": "model"}]})
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self):
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": "not found"})
                if server.failures:
                    server.failures -= 1
                    return self._send(503, {"error": "busy"})
                server.requests.append(payload)
                paragraph = paragraph_of(payload)
                n = len(server.requests) - 1
                answer = {"faithful": faithful, "corrupt": corrupt, "swap": swap}[server.mode](paragraph, n)
                self._send(200, {"id": f"c{n}", "object": "chat.completion", "model": payload["model"],
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": answer}}]})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = FakeServer()
    yield s
    s.close()


def _extract(cli, path):
    r = cli("extract", path)
    assert r.code == 0, r.err
    obj = json.loads(r.out)
    obj.pop("sections")
    return obj


@pytest.mark.parametrize("name", ["madian_2024.txt", "suqian_2024.txt"])
def test_faithful_rewrites_are_accepted_and_figures_unchanged(cli, server, tmp_path, name):
    src = tmp_path / name
    src.write_bytes((FIXTURES / name).read_bytes())
    out, report = tmp_path / "out.txt", tmp_path / "report.json"
    r = cli("polish", src, "--endpoint", server.url, "-o", out, "--report", report)
    assert r.code == 0, r.err
    assert "润色完成" in r.out and "采用" in r.out
    before, after = src.read_text(encoding="utf-8"), out.read_text(encoding="utf-8")
    assert before != after
    assert "更加" in after or "持续" in after
    # the numbers in the tables and the text: extract gives the same object
    assert _extract(cli, out) == _extract(cli, src)
    # only narrative lines changed, and only to their faithful rewrite
    for old, new in zip(before.split("\n"), after.split("\n")):
        if old != new:
            assert faithful(old.strip(), 0).replace(" ", "") == new.strip().replace(" ", "")
    assert len(before.split("\n")) == len(after.split("\n"))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["accepted"] > 0 and data["rejected"] == 0
    assert data["accepted"] + data["unchanged"] == data["sent"] == len(server.requests)
    assert all(item["status"] in ("accepted", "unchanged", "skipped") for item in data["items"])
    # what was sent: the model listed by the server, greedy decoding, the system prompt, a bound on tokens
    first = server.requests[0]
    assert first["model"] == "fake-qwen" and first["temperature"] == 0 and first["max_tokens"] > 0
    assert "数字" in first["messages"][0]["content"] and first["messages"][0]["role"] == "system"


def test_unfaithful_rewrites_are_all_rejected(cli, server, tmp_path):
    server.mode = "corrupt"
    src = tmp_path / "suqian.txt"
    src.write_bytes((FIXTURES / "suqian_2024.txt").read_bytes())
    out, report = tmp_path / "out.txt", tmp_path / "r.json"
    r = cli("polish", src, "--endpoint", server.url, "--model-name", "m", "-o", out, "--report", report)
    assert r.code == 0, r.err
    assert out.read_bytes() == src.read_bytes()
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["sent"] == len(server.requests) >= 4
    assert data["rejected"] == data["sent"] and data["accepted"] == 0
    reasons = " ".join(" ".join(i["reasons"]) for i in data["items"] if i["status"] == "rejected")
    assert "不见了" in reasons and "原文没有的数字" in reasons and "缺少原文中的《" in reasons
    assert "保留原文：" in r.out and f"保留原文 {data['rejected']} 段" in r.out
    assert server.requests[0]["model"] == "m"


def test_gbk_crlf_file_keeps_encoding_and_untouched_bytes(cli, server, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    src = tmp_path / "gbk.txt"
    src.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    out = tmp_path / "gbk.polished.txt"
    server.mode = "corrupt"
    assert cli("polish", src, "--endpoint", server.url).code == 0
    assert out.read_bytes() == src.read_bytes()  # default output name; nothing accepted → identical
    server.mode = "faithful"
    assert cli("polish", src, "--endpoint", server.url, "--force").code == 0
    new = out.read_bytes()
    assert new != src.read_bytes()
    old_lines, new_lines = src.read_bytes().split(b"\r\n"), new.split(b"\r\n")
    assert len(old_lines) == len(new_lines)
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert changed and all("更加" in new_lines[i].decode("gb18030") or "持续" in new_lines[i].decode("gb18030")
                           or "主动" in new_lines[i].decode("gb18030") or "有效" in new_lines[i].decode("gb18030")
                           or "稳步" in new_lines[i].decode("gb18030") for i in changed)


def test_markdown_headings_and_tables_untouched(cli, server, tmp_path):
    md = "\n".join(
        ("## " + line) if re.match(r"^[一二三四五六]、", line) else line
        for line in EXAMPLE.read_text(encoding="utf-8").split("\n")
    )
    src = tmp_path / "report.md"
    src.write_text(md, encoding="utf-8")
    out = tmp_path / "out.md"
    assert cli("polish", src, "--endpoint", server.url, "-o", out).code == 0
    new = out.read_text(encoding="utf-8")
    assert [ln for ln in new.split("\n") if ln.startswith("##") or "\t" in ln] == \
        [ln for ln in md.split("\n") if ln.startswith("##") or "\t" in ln]
    assert new != md and _extract(cli, out) == _extract(cli, src)


def test_hard_wrapped_pdf_text_is_rewrapped(cli, server, tmp_path):
    src = tmp_path / "huaian.txt"
    src.write_bytes((FIXTURES / "huaian_2024.txt").read_bytes())
    out, report = tmp_path / "out.txt", tmp_path / "r.json"
    assert cli("polish", src, "--endpoint", server.url, "-o", out, "--report", report).code == 0
    assert _extract(cli, out) == _extract(cli, src)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["accepted"] > 0
    assert any("跨页" in " ".join(i["reasons"]) for i in data["items"] if i["status"] == "skipped")
    # a polished paragraph reads back as one paragraph with the rewrite's text
    from nianbao.read import read_report

    polished = read_report(out).sections["overview"].split("\n")
    accepted = [i["polished"] for i in data["items"] if i["status"] == "accepted" and i["section"] == "总体情况"]
    assert accepted and all(p.replace(" ", "") in polished for p in accepted)


def test_public_address_is_refused_without_allow_remote(cli, tmp_path):
    src = tmp_path / "r.txt"
    src.write_bytes(EXAMPLE.read_bytes())
    r = cli("polish", src, "--endpoint", "http://8.8.8.8/v1")
    assert r.code == 2
    assert "公网地址" in r.err and "--allow-remote" in r.err and "Traceback" not in r.err
    assert not (tmp_path / "r.polished.txt").exists()


def test_needs_exactly_one_backend_and_never_overwrites(cli, server, tmp_path):
    src = tmp_path / "r.txt"
    src.write_bytes(EXAMPLE.read_bytes())
    r = cli("polish", src)
    assert r.code == 2 and "--model" in r.err and "--endpoint" in r.err
    existing = tmp_path / "exists.txt"
    existing.write_text("keep", encoding="utf-8")
    r = cli("polish", src, "--endpoint", server.url, "-o", existing)
    assert r.code == 2 and "--force" in r.err
    assert existing.read_text(encoding="utf-8") == "keep" and not server.requests  # refused before any model call
    r = cli("polish", tmp_path / "missing.txt", "--endpoint", server.url)
    assert r.code == 2 and "不存在" in r.err


def test_address_rules():
    check_address("http://127.0.0.1:8000/v1/chat/completions", False)
    check_address("http://localhost:11434/v1", False)
    check_address("http://[::1]:8000/v1", False)
    check_address("http://192.168.1.20:8000/v1", False)
    check_address("http://10.0.0.5/v1", False)
    for public in ("http://8.8.8.8/v1", "https://1.1.1.1/v1", "http://[2001:4860:4860::8888]/v1"):
        with pytest.raises(NianbaoError, match="公网"):
            check_address(public, False)
        check_address(public, True)
    assert chat_url("http://127.0.0.1:8000") == ("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1/chat/completions")
    assert chat_url("http://h:1/v1/chat/completions/")[1] == "http://h:1/v1/chat/completions"
    with pytest.raises(NianbaoError):
        chat_url("ftp://127.0.0.1/v1")


def test_retries_with_backoff_then_succeeds(server):
    server.failures = 2
    backend = EndpointBackend(server.url, model_name="m", backoff=0.01, retries=3)
    assert backend.complete([Request("s", "原文：\n不断加强", "不断加强")]) == ["持续加强"]
    server.failures = 5
    with pytest.raises(ModelUnavailable, match="重试 3 次"):
        backend.complete([Request("s", "原文：\n x", "x")])


def test_unreachable_endpoint_fails_with_message(server):
    url = server.url
    server.close()
    backend = EndpointBackend(url, model_name="m", backoff=0.01, retries=1, timeout=2)
    with pytest.raises(ModelUnavailable, match="无法连接"):
        backend.complete([Request("s", "原文：\nx", "x")])


def test_custom_prompt_from_templates_folder(cli, server, tmp_path):
    folder = tmp_path / "tpl" / "polish" / "office"
    folder.mkdir(parents=True)
    (folder / "system.j2").write_text("你是{{ agency }}的文字秘书。", encoding="utf-8")
    (folder / "user.j2").write_text("（{{ section }}）\n原文：\n{{ paragraph }}", encoding="utf-8")
    src = tmp_path / "r.txt"
    src.write_bytes(EXAMPLE.read_bytes())
    r = cli("polish", src, "--endpoint", server.url, "--templates", tmp_path / "tpl", "--prompt", "office")
    assert r.code == 0, r.err
    assert server.requests[0]["messages"][0]["content"] == "你是洛宁县马店镇人民政府的文字秘书。"
    assert server.requests[0]["messages"][1]["content"].startswith("（总体情况）")
    r = cli("polish", src, "--endpoint", server.url, "--prompt", "nope", "--force")
    assert r.code == 2 and "找不到润色提示词" in r.err


def test_cli_and_polish_import_no_heavy_modules():
    import subprocess
    import sys

    code = ("import sys, nianbao.cli, nianbao.polish, nianbao.polish.endpoint;"
            "heavy = [m for m in ('torch', 'transformers', 'docx', 'lxml', 'jieba') if m in sys.modules];"
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
