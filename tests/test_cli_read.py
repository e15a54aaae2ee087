"""`nianbao extract` and `nianbao check` run as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import jsonschema
import yaml

from nianbao.schema_build import schema_text  # the committed schema is this text (test_schema_generated)

from .conftest import EXAMPLE, FIXTURES

SCHEMA = json.loads(schema_text())


def test_extract_json_validates_against_the_schema(cli):
    r = cli("extract", EXAMPLE)
    assert r.code == 0, r.err
    obj = json.loads(r.out)
    jsonschema.validate(obj, SCHEMA)
    assert obj["agency"] == "洛宁县马店镇人民政府" and obj["year"] == 2024
    assert obj["sections"]["other_matters"] == "无"
    assert set(obj["sections"]) == {"overview", "problems", "other_matters"}


def test_extract_yaml_and_several_files(cli):
    r = cli("extract", FIXTURES / "huaian_2024.txt", FIXTURES / "suqian_2024.txt", "--format", "yaml")
    assert r.code == 0, r.err
    objs = yaml.safe_load(r.out)
    assert [o["year"] for o in objs] == [2024, 2024]
    assert objs[0]["applications"]["new_received"]["total"] == 3119


def test_extract_output_file_is_never_overwritten_without_force(cli, tmp_path):
    out = tmp_path / "m.json"
    assert cli("extract", EXAMPLE, "-o", out).code == 0
    first = out.read_text(encoding="utf-8")
    out.write_text("mine", encoding="utf-8")
    r = cli("extract", EXAMPLE, "-o", out)
    assert r.code == 2 and "已存在" in r.err and "--force" in r.err
    assert out.read_text(encoding="utf-8") == "mine"
    assert cli("extract", EXAMPLE, "-o", out, "--force").code == 0
    assert out.read_text(encoding="utf-8") == first
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]  # no temporary files left behind


def test_extract_pre_2021_is_refused_clearly(cli):
    r = cli("extract", FIXTURES / "shanghai_shizhengfu_bangongting_2019.txt")
    assert r.code == 2 and "2021 年以前" in r.err and "Traceback" not in r.err


def test_check_example_has_only_the_info_fee_warning(cli):
    r = cli("check", EXAMPLE)
    assert r.code == 0
    assert "narrative.info_fee_missing" in r.out and "共 0 个错误，1 个警告" in r.out


def test_check_json(cli):
    r = cli("check", FIXTURES / "suqian_2024.txt", "--prior", FIXTURES / "suqian_2023.txt", "--format", "json")
    assert r.code == 0
    obj = json.loads(r.out)
    assert set(obj) == {"file", "agency", "year", "findings"}
    assert obj["year"] == 2024
    assert [f["rule"] for f in obj["findings"]] == ["structure.title_missing"]
    f = obj["findings"][0]
    assert set(f) == {"rule", "severity", "area", "message", "location"}


def test_check_exit_codes(cli, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text((FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8").replace("（一）予以公开\t1408", "（一）予以公开\t1409"), encoding="utf-8")
    r = cli("check", bad)
    assert r.code == 1 and "table3.row_total" in r.out and "1409" in r.out
    assert cli("check", FIXTURES / "huaian_2024.txt").code == 0
    assert cli("check", tmp_path / "missing.txt").code == 2


def test_check_level_option(cli, tmp_path):
    from nianbao.catalog import LEVELS

    r = cli("check", EXAMPLE, "--level", "省长")
    assert r.code == 2 and f"“省长”不是可选的层级；可选：{'、'.join(LEVELS)}" in r.err and "--level" in r.err
    assert "Traceback" not in r.err and r.err.count("\n") == 1
    assert cli("check", EXAMPLE, "--level", "市级政府").code == 0
    # the level reaches the rules: a 乡镇 has no rule-making power, 宿迁市人民政府 (市级政府) has
    town = cli("check", FIXTURES / "suqian_2024.txt", "--level", "乡镇", "-f", "json")
    city = cli("check", FIXTURES / "suqian_2024.txt", "--level", "市级政府", "-f", "json")
    assert "table2.rules_without_power" in town.out and "按 --level 乡镇" in town.out
    assert "table2.rules_without_power" not in city.out


def test_batch_folder_with_an_unreadable_file(cli, tmp_path):
    for name in ("madian_2024.txt", "suqian_2024.txt", "huaian_2024.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    shutil.copy(FIXTURES / "suqian_2023.txt", tmp_path / "sub" / "suqian_2023.txt")
    (tmp_path / "notes.csv").write_text("not a report", encoding="utf-8")
    r = cli("check", tmp_path, "--format", "json")
    assert r.code == 2  # one file could not be read …
    results = json.loads(r.out)
    assert len(results) == 5  # … and the others were all checked
    by_name = {p["file"].rsplit("/", 1)[-1]: p for p in results}
    assert "文件是空的" in by_name["empty.txt"]["error"]
    assert by_name["huaian_2024.txt"]["findings"] == []
    text = cli("check", tmp_path)
    assert "汇总：5 个文件" in text.out and "问题最多的文件" in text.out and "无法读取" in text.out


def test_bad_inputs_get_one_chinese_message_and_exit_2(cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    truncated = tmp_path / "cut.txt"
    text = EXAMPLE.read_text(encoding="utf-8")
    truncated.write_text(text[: text.index("三、收到和处理") + 100], encoding="utf-8")
    folder = tmp_path / "nothing"
    folder.mkdir()
    for path, words in [(empty, "文件是空的"), (binary, "不像文本"), (truncated, "截断"), (tmp_path / "nope.txt", "文件不存在"),
                        (folder, "没有可读取的报告")]:
        for command in ("check", "extract"):
            r = cli(command, path)
            assert r.code == 2, (command, path, r.err)
            assert words in r.err or words in r.out, (command, path, r.out, r.err)
            assert str(path) in r.err or str(path) in r.out
            assert "Traceback" not in r.err + r.out


def test_console_script_runs_without_traceback(tmp_path):
    exe = shutil.which("nianbao", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "the nianbao console script is installed in the venv"
    r = subprocess.run([exe, "check", str(tmp_path / "missing.txt")], capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.startswith("错误：") and "Traceback" not in r.stderr
    r = subprocess.run([exe, "check", str(EXAMPLE)], capture_output=True, text=True)
    assert r.returncode == 0 and "洛宁县马店镇人民政府" in r.stdout
