"""Command-line conventions: GBK consoles, Chinese usage errors, global flags anywhere, help at 80 columns."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import EXAMPLE, EXAMPLE_FIGURES, FIXTURES, ROOT


def _run(*args, env_extra=None, encoding="utf-8"):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env_extra or {})}
    r = subprocess.run([sys.executable, "-m", "nianbao", *map(str, args)], capture_output=True, env=env)
    return r.returncode, r.stdout.decode(encoding), r.stderr.decode(encoding)


def test_gbk_console_compare_and_check_do_not_crash():
    code, out, err = _run("compare", FIXTURES / "suqian_2023.txt", FIXTURES / "suqian_2024.txt",
                          env_extra={"PYTHONIOENCODING": "gbk", "COLUMNS": "100"}, encoding="gbk")
    assert code == 0, err
    assert "内部错误" not in err
    assert "跨年度衔接：OK 本年" in out  # ✓ → OK
    assert "------------   2.4%" in out  # the bar in ASCII
    assert "[-2023-]{+2024+}" in out
    code, out, err = _run("check", EXAMPLE, FIXTURES / "suqian_2024.txt", "--prior", FIXTURES / "suqian_2023.txt",
                          env_extra={"PYTHONIOENCODING": "gbk"}, encoding="gbk")
    assert code == 1 and "内部错误" not in err
    assert "- 本年废止" in out  # the minus sign U+2212 of a finding, written as "-"


def test_fallback_handler_on_a_gbk_stream():
    import io

    from nianbao.cli.console_encoding import HANDLER, _register

    _register()
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk", errors=HANDLER)
    stream.write("✓ 未发现问题 ░░ 3 − 1 😀")
    stream.flush()
    assert raw.getvalue().decode("gbk") == "OK 未发现问题 -- 3 - 1 ?"


@pytest.mark.parametrize(
    "args, expected",
    [
        (["check"], "错误：缺少参数 FILES"),
        (["check", "--bogus", "x"], "错误：没有 --bogus 这个选项"),
        (["chek"], "错误：没有 chek 这个命令；是否想用 check？"),
        (["compare", "--top", "abc", "a", "b"], "错误：--top 的值不对：应为整数"),
        (["compare", "--top", "0", "a", "b"], "错误：--top 的值不对：应不小于 1"),
        (["check", EXAMPLE, "-o"], "错误：选项 -o 后面要跟一个值"),
        (["check", EXAMPLE, "-f", "pdf"], "错误：--format 的值不对：“pdf”不是可选的格式"),
    ],
)
def test_usage_errors_are_one_chinese_line(cli, args, expected):
    r = cli(*args)
    assert r.code == 2
    assert r.err.startswith(expected), r.err
    assert r.err.count("\n") == 1 and "Error" not in r.err and "╭" not in r.err
    for english in ("Missing", "No such", "Invalid", "requires", "Input should", "Usage", "Try "):
        assert english not in r.err
    if args[0] != "chek":
        assert f"（用 nianbao {args[0]} --help 查看用法）" in r.err


def test_global_flags_after_the_subcommand(cli, tmp_path):
    r = cli("check", EXAMPLE, "-q", "--no-color", "--traceback", "-o", tmp_path / "r.json")
    assert r.code == 0, r.err
    assert r.err == ""  # --quiet: no “已写入”
    r = cli("check", EXAMPLE, "--no-color")
    assert "\x1b[" not in r.out and "共 0 个错误" in r.out
    r = cli("--quiet", "check", EXAMPLE, "-o", tmp_path / "r2.json")
    assert r.code == 0 and r.err == ""
    r = cli("check", EXAMPLE, "-o", tmp_path / "r3.json")
    assert "已写入" in r.err  # not quiet any more: flags do not leak between runs


def test_traceback_after_subcommand_shows_the_stack(monkeypatch, cli):
    import nianbao.check

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(nianbao.check, "check_report", boom)
    r = cli("check", EXAMPLE)
    assert r.code == 3 and "内部错误：RuntimeError: boom" in r.err
    with pytest.raises(RuntimeError):
        cli("check", EXAMPLE, "--traceback")


def _run_broken(*args, env_extra=None):
    """``nianbao ARGS`` in a fresh process whose checker has a bug (raises RuntimeError)."""
    code = ("import sys, nianbao.check\n"
            "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
            "nianbao.check.check_report = boom\n"
            "from nianbao.cli import main\n"
            f"sys.argv = ['nianbao', *{[str(a) for a in args]!r}]\n"
            "main()\n")
    env = {k: v for k, v in os.environ.items() if k != "NIANBAO_DEBUG"}
    env.update({"PYTHONPATH": str(ROOT / "src"), **(env_extra or {})})
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def test_internal_error_is_exit_3_with_advice_not_a_traceback():
    code, out, err = _run_broken("check", EXAMPLE)
    assert code == 3 and out == ""
    assert err == ("内部错误：RuntimeError: boom\n"
                   "请加 --traceback（或设置环境变量 NIANBAO_DEBUG=1）重新运行，并把输出反馈给维护者。\n")


@pytest.mark.parametrize("args, env", [
    (["--traceback", "check", EXAMPLE], None),  # before the command
    (["check", "--traceback", EXAMPLE], None),  # between its arguments
    (["check", EXAMPLE], {"NIANBAO_DEBUG": "1"}),
])
def test_traceback_flag_or_debug_variable_shows_the_stack(args, env):
    code, out, err = _run_broken(*args, env_extra=env)
    assert code == 1  # Python's own exit status for an uncaught exception
    assert "Traceback (most recent call last)" in err and "RuntimeError: boom" in err
    assert "in boom" in err and "read_cmds.py" in err  # the whole stack, down to where it was raised
    assert "内部错误" not in err


def test_user_errors_stay_exit_2_with_traceback(cli, tmp_path):
    """--traceback is for bugs: a file that cannot be read is still one Chinese line and exit 2."""
    r = cli("--traceback", "check", tmp_path / "没有这个文件.txt")
    assert r.code == 2 and r.err.startswith("错误：") and "Traceback" not in r.err


@pytest.mark.parametrize("command", ["check", "extract", "draft", "compare", "init", "polish", "summarize", ""])
def test_help_fits_80_columns_without_type_names(command):
    from nianbao.cli.usage import cell_width

    args = [command, "--help"] if command else ["--help"]
    code, out, err = _run(*args, env_extra={"COLUMNS": "80"})
    assert code == 0, err
    for bad in ("<bool>", "<str>", "<path>", "list[Path]", "{files}", "<int>", "Show this message"):
        assert bad not in out, (bad, out)
    assert max(cell_width(line) for line in out.splitlines()) <= 80, out
    assert " … " not in out and "…\n" not in out  # wrapped, not cut
    if command == "check":
        assert "不给则从机关名称推断" in out.replace("\n", "").replace(" ", "")


def test_format_text_and_txt_everywhere(cli):
    for command in (["check", EXAMPLE], ["summarize", EXAMPLE], ["compare", EXAMPLE, EXAMPLE]):
        a, b = cli(*command, "-f", "text"), cli(*command, "-f", "txt")
        assert a.code == b.code and a.code in (0, 1) and a.out == b.out, (command, a.err, b.err)


@pytest.mark.parametrize("command, choices", [
    (["check", EXAMPLE], "txt、json、csv、xlsx"),
    (["extract", EXAMPLE], "json、yaml、xlsx"),
    (["summarize", EXAMPLE], "txt、json"),
    (["draft", EXAMPLE_FIGURES], "md、txt、docx、html"),
    (["compare", EXAMPLE, EXAMPLE], "txt、json、html、csv、xlsx"),
])
def test_format_choices_are_each_commands_own(cli, command, choices):
    r = cli(*command, "--format", "pdf")
    assert r.code == 2 and r.out == ""
    assert r.err == f"错误：--format 的值不对：“pdf”不是可选的格式；可选：{choices}（用 nianbao {command[0]} --help 查看用法）\n"


def test_format_any_case_and_aliases(cli):
    plain = cli("draft", EXAMPLE_FIGURES, "-f", "txt")
    assert plain.code == 0, plain.err
    for spelling in ("TXT", "text", "Text"):
        assert cli("draft", EXAMPLE_FIGURES, "-f", spelling).out == plain.out
    assert cli("extract", EXAMPLE, "-f", "yml").out == cli("extract", EXAMPLE, "-f", "YAML").out
    r = cli("compare", EXAMPLE, EXAMPLE, "-f", "csv")  # a format of the batch comparison only
    assert r.code == 2 and "“csv”不是可选的格式；可选：txt、json、html" in r.err


def test_format_inferred_from_the_output_name(cli, tmp_path):
    r = cli("check", EXAMPLE, "-o", tmp_path / "r.JSON")
    assert r.code == 0 and (tmp_path / "r.JSON").read_text(encoding="utf-8").lstrip().startswith("{")
    r = cli("check", EXAMPLE, "-o", tmp_path / "r.pdf")
    assert r.code == 2 and "无法从文件名“r.pdf”判断输出格式" in r.err and not (tmp_path / "r.pdf").exists()


def test_bash_completion_lists_format_choices():
    env_extra = {"_NIANBAO_COMPLETE": "complete_bash", "COMP_WORDS": f"nianbao check {EXAMPLE} -f ", "COMP_CWORD": "4"}
    code, out, err = _run(env_extra=env_extra)
    assert out.split() == ["txt", "json", "csv", "xlsx"], (out, err)


def test_legacy_office_files_in_a_folder_are_listed_as_skipped(cli, tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "马店镇.txt")
    (tmp_path / "旧报告.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (tmp_path / "wps报告.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    r = cli("check", tmp_path)
    assert r.code == 0, r.err
    assert "已跳过 2 个 .doc/.wps 文件" in r.err and "旧报告.doc" in r.err and "wps报告.wps" in r.err
    assert "另存为”.docx" in r.err


def test_completion_scripts(cli):
    for shell, marker in (("bash", "complete -o default -F"), ("zsh", "compdef"), ("powershell", "Register-ArgumentCompleter")):
        r = cli("completion", shell)
        assert r.code == 0 and marker in r.out and "_NIANBAO_COMPLETE" in r.out, (shell, r.out[:200])
    r = cli("completion", "cmd")
    assert r.code == 2 and "SHELL 的值不对：只能是 bash、zsh、fish、powershell" in r.err
    assert cli("completion", "BASH").out == cli("completion", "bash").out  # any case
    assert cli("completion", "pwsh").code == 0


def test_bash_completion_lists_commands():
    env_extra = {"_NIANBAO_COMPLETE": "complete_bash", "COMP_WORDS": "nianbao ch", "COMP_CWORD": "1"}
    code, out, err = _run(env_extra=env_extra)
    assert "check" in out.split(), (out, err)
