"""Reading a figures file (YAML, or the JSON that ``extract`` prints) with line numbers.

Every problem is collected and reported at once, each naming the key path, the line and what
is wrong, in Chinese. Numbers are taken from the text exactly as written: YAML 1.1 reads “010”
as 8 and “1_000” as 1000, so integer and decimal scalars are re-parsed here from their source.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import CELLS, TABLE2, TABLE3, TABLE4
from ..errors import ExitStatus, FiguresError
from ..lazy_regex import lazy
from ..model import blank_figures, set_cell
from .facts import FACT_BY_KEY, FACTS, blank_facts

TABLE_KEYS = (TABLE2.key, TABLE3.key, TABLE4.key)
TOP_KEYS = ("agency", "year", *TABLE_KEYS, "sections", "facts")
_INT_RE = re.compile(r"^[-+]?\d+$")
_DECIMAL_RE = lazy(r"^[-+]?\d+\.\d+$")
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"


class InconsistentFigures(FiguresError):
    """The figures are well formed but the tables do not balance (check's findings)."""

    exit_status = ExitStatus.FINDINGS


@dataclass
class FiguresInput:
    """A validated figures file: the canonical object (no sections), facts, and source lines."""

    obj: dict  # agency, year and the three tables, as in figures.schema.json
    facts: dict  # every key of figures.facts.FACTS (None where not given)
    lines: dict = field(default_factory=dict)  # dotted key path → 1-based line (a workbook: "表格!E12")
    source: str = ""
    findings: list = field(default_factory=list)  # info findings: totals left empty and computed
    work_notes: list | None = None  # a workbook's 工作记录 sheet as notes lines (None: no such sheet)

    @property
    def figures(self) -> dict:
        return {k: self.obj[k] for k in TABLE_KEYS}


# --- YAML nodes → values with lines --------------------------------------------------------


#: the largest count and the largest fee (万元) a figures file may hold, and the fee's decimals
MAX_COUNT = 10**9 - 1
MAX_MONEY = 10**8
MONEY_DECIMALS = 4
_MAX_DIGITS = 30  # longer numerals are not read as numbers at all
MAX_FIGURES_BYTES = 4 * 1024 * 1024  # a figures file is a few KB


class _Real(float):
    """A decimal scalar that remembers how it was written (for the number of decimals)."""

    raw: str

    def __new__(cls, raw: str):
        self = super().__new__(cls, raw)
        self.raw = raw
        return self

    @property
    def decimals(self) -> int:
        return len(self.raw.partition(".")[2])


class _Invalid:
    """A scalar that is not what it claims to be (kept for the message)."""

    def __init__(self, raw: str):
        self.raw = raw


def _scalar(node):
    raw = node.value
    tag = node.tag
    if node.style in ("'", '"'):
        return raw
    if tag == _NULL_TAG:
        return None
    if tag == _BOOL_TAG:
        return raw.lower() in ("true", "yes", "on", "y")
    if tag == _INT_TAG:
        return int(raw.lstrip("+")) if _INT_RE.match(raw) and len(raw) <= _MAX_DIGITS else _Invalid(raw)
    if tag == _FLOAT_TAG:
        return _Real(raw.lstrip("+")) if _DECIMAL_RE.match(raw) and len(raw) <= _MAX_DIGITS else _Invalid(raw)
    return raw


def _build(node, path: str, lines: dict, problems: list):
    import yaml

    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            sub = f"{path}.{key}" if path else key
            line = key_node.start_mark.line + 1
            if key in out:
                problems.append(f"{sub} 第 {line} 行：这个键重复出现（第 {lines.get(sub)} 行已有），请删去其中一个")
                continue
            lines[sub] = line
            out[key] = _build(value_node, sub, lines, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, f"{path}[{i}]", lines, problems) for i, item in enumerate(node.value)]
    return _scalar(node)


class _AliasRefused(Exception):
    def __init__(self, anchor: str, line: int):
        self.anchor, self.line = anchor, line


def _loader():
    """SafeLoader that refuses aliases (``*name``) as it meets them: nothing is ever expanded."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise _AliasRefused(event.anchor, event.start_mark.line + 1)
            return super().compose_node(parent, index)

    return NoAliasLoader


#: characters plain figures files do without; where one occurs only PyYAML's pure-Python parser
#: reads the file, since libyaml accepts some such input that it refuses (tabs, “|#”, a BOM
#: inside, empty tags) — ``tests/test_figures_yaml_loader.py`` compares the two
#: (YAML's non-printable characters written as the few ranges they are: the negated class of
#: printable ones takes ~5 ms to compile)
_UNUSUAL = re.compile("[\t!|>&*%@`\ufeff\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _compose(text: str):
    """The YAML node tree: libyaml's parser where PyYAML has it and the file is plain (a few ms
    instead of ~70), else PyYAML's pure-Python one, which also words every syntax error."""
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and not _UNUSUAL.search(text):
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_loader())  # “*” sends every file with an alias here


def parse_text(text: str, source: str) -> tuple[object, dict]:
    """(data, {key path: line}) from YAML or JSON text; syntax errors raise FiguresError."""
    import yaml

    lines: dict = {}
    problems: list[str] = []
    if not source.lower().endswith(".json"):
        typed = _typing_slips(text)
        if typed:
            raise FiguresError(source, typed)
    try:
        node = _compose(text)
    except _AliasRefused as err:
        raise FiguresError(source, [f"第 {err.line} 行：数字文件不能使用 YAML 别名（*{err.anchor}），请把内容直接写出"]) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else "某处"
        what = getattr(err, "problem", None) or str(err)
        if source.lower().endswith(".json"):
            try:
                json.loads(text)
            except json.JSONDecodeError as jerr:
                raise FiguresError(source, [f"第 {jerr.lineno} 行：JSON 格式错误（{jerr.msg}），请检查逗号、引号和括号"]) from None
        raise FiguresError(source, [f"{where}：YAML 格式错误（{what}），请检查缩进、冒号和引号"]) from None
    if node is None:
        raise FiguresError(source, ["文件是空的。可用 nianbao init 生成一个填好结构的数字文件"])
    data = _build(node, "", lines, problems)
    if problems:
        raise FiguresError(source, problems)
    return data, lines


_FULLWIDTH_COLON_RE = re.compile(r"^(\s*-?\s*[A-Za-z_][\w.]*)\s*：")
_TAB_INDENT_RE = re.compile(r"^[ ]*\t")


def _typing_slips(text: str) -> list[str]:
    """Lines a Chinese keyboard or an editor typically spoils: a full-width colon after a key, tab indentation."""
    problems = []
    for n, line in enumerate(text.splitlines(), start=1):
        body = line.split("#", 1)[0]
        m = _FULLWIDTH_COLON_RE.match(body) if "：" in body else None  # (the patterns need these characters)
        if m:
            problems.append(f"第 {n} 行：键 {m[1].strip()} 后面是全角冒号“：”，请改为半角冒号“:”并在其后加一个空格")
        elif "\t" in line and _TAB_INDENT_RE.match(line) and body.strip():
            problems.append(f"第 {n} 行：用制表符（Tab）缩进了，YAML 只能用空格缩进；请把这一行开头的 Tab 换成空格")
    return problems


# --- validation ------------------------------------------------------------------------------


def _shown(value) -> str:
    if isinstance(value, _Invalid):
        return f"“{value.raw if len(value.raw) <= 40 else value.raw[:40] + '…'}”"
    if isinstance(value, _Real):
        return value.raw
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "一组键值" if isinstance(value, dict) else "一个列表"
    return str(value)


def _number_problem(value, money: bool) -> str | None:
    """What is wrong with a cell value, or None."""
    if isinstance(value, _Invalid) and len(value.raw) > _MAX_DIGITS and re.fullmatch(r"[-+]?\d+(?:\.\d+)?", value.raw):
        return f"数字过大（{len(value.raw)} 位），{'金额应小于 ' + str(MAX_MONEY) + ' 万元' if money else '件数应小于 ' + str(MAX_COUNT + 1)}"
    if value is None:
        return "没有填写数字（没有就填 0）"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        hint = "，不要加引号" if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value) else ""
        if isinstance(value, str) and re.search(r"\d,\d{3}", value):
            hint = "，不要用千位分隔符"
        return f"应为非负{'数' if money else '整数'}，实际为 {_shown(value)}{hint}"
    if value < 0:
        return f"应为非负{'数' if money else '整数'}，实际为 {_shown(value)}"
    if not money and isinstance(value, float):
        return f"应为整数，实际为 {_shown(value)}"
    if not money and value > MAX_COUNT:
        return f"件数过大（{value}），应小于 {MAX_COUNT + 1}；请核对"
    if money and not value < MAX_MONEY:
        return f"金额过大（{_shown(value)} 万元），应小于 {MAX_MONEY} 万元；请核对单位（表中单位为万元）"
    if money and isinstance(value, _Real) and value.decimals > MONEY_DECIMALS:
        return f"金额最多保留 {MONEY_DECIMALS} 位小数（万元，即精确到元），实际为 {value.raw}"
    return None


def _where(path: str, lines: dict) -> str:
    line = lines.get(path)
    if isinstance(line, str):  # a workbook cell, "表格!E12"
        return f"{line}（{path}）"
    return f"{path} 第 {line} 行" if line else path


def _parent_line(path: str, lines: dict) -> int | None:
    while "." in path:
        path = path.rsplit(".", 1)[0]
        if path in lines:
            return lines[path]
    return None


def _unknown(path: str, key: str, known, lines: dict) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f"（是否想写 {close[0]}？）" if close else f"（可用的键：{'、'.join(known)}）"
    return f"{_where(path, lines)}：不是已知的键{hint}"


def _check_mapping(data, path: str, lines: dict, problems: list) -> bool:
    if isinstance(data, dict):
        return True
    problems.append(f"{_where(path, lines)}：应为一组键值（下一级缩进的各项），实际为 {_shown(data)}")
    return False


def validate(data, lines: dict, source: str) -> FiguresInput:
    """The canonical object and facts from parsed data; every problem at once as FiguresError."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise FiguresError(source, [f"文件的最外层应为一组键值（agency、year、{'、'.join(TABLE_KEYS)}…），实际为 {_shown(data)}"])
    for key in data:
        if key not in TOP_KEYS:
            problems.append(_unknown(key, key, TOP_KEYS, lines))
    agency = data.get("agency")
    if "agency" not in data:
        problems.append("agency：缺少报告机关名称（如 agency: 洛宁县马店镇人民政府）")
    elif not isinstance(agency, str) or not agency.strip():
        problems.append(f"{_where('agency', lines)}：应填写报告机关名称（如“洛宁县马店镇人民政府”），实际为 {_shown(agency) if agency is not None else '空'}")
    year = data.get("year")
    if "year" not in data:
        problems.append("year：缺少报告年度（如 year: 2025）")
    elif isinstance(year, bool) or not isinstance(year, int) or not 2008 <= year <= 2100:
        problems.append(f"{_where('year', lines)}：应为报告年度（如 2025），实际为 {_shown(year) if year is not None else '空'}")
    figures = blank_figures()
    tables_ok = {}
    for key in TABLE_KEYS:
        if key not in data:
            problems.append(f"{key}：缺少这张表（可用 nianbao init 生成完整的结构）")
            tables_ok[key] = False
        else:
            tables_ok[key] = _check_mapping(data[key], key, lines, problems)
    known_paths = {c.path for c in CELLS}
    children = _children(known_paths)
    empty_totals: list = []
    # unknown keys inside the tables
    for key in TABLE_KEYS:
        if not tables_ok[key]:
            continue
        _unknown_keys(data[key], key, known_paths, children, lines, problems)
    for cell in CELLS:
        table = cell.path.split(".", 1)[0]
        if not tables_ok[table]:
            continue
        node = data
        missing_at = None
        for part in cell.path.split("."):
            if not isinstance(node, dict):
                node = None
                break
            if part not in node:
                missing_at = part
                node = None
                break
            node = node[part]
        if missing_at is not None:
            parent = cell.path.rsplit(".", 1)[0]
            line = _parent_line(cell.path, lines)
            at = f"第 {line} 行的 {parent} 下" if line else parent + " 下"
            problems.append(f"{cell.path}：缺少“{cell.label}”，请在{at}补上（没有就填 0）")
            continue
        if node is None and not _is_present_null(data, cell.path):
            continue  # a parent that is not a mapping: reported by _unknown_keys
        if node is None and _total_parts(cell.path) is not None:
            empty_totals.append(cell)  # computed below from its parts
            continue
        problem = _number_problem(node, cell.is_money)
        if problem:
            problems.append(f"{_where(cell.path, lines)}：{problem}")
        else:
            set_cell(figures, cell.path, float(node) if isinstance(node, _Real) else node)
    findings = _compute_totals(figures, empty_totals, lines) if not problems else []
    facts = blank_facts()
    if "facts" in data and data["facts"] is not None:
        if _check_mapping(data["facts"], "facts", lines, problems):
            _validate_facts(data["facts"], facts, lines, problems)
    if "sections" in data and data["sections"] is not None:
        _check_mapping(data["sections"], "sections", lines, problems)
    if problems:
        raise FiguresError(source, problems)
    obj = {"agency": agency.strip(), "year": year, **figures}
    return FiguresInput(obj, facts, lines, source, findings)


def _total_parts(path: str) -> list[str] | None:
    from .xlsx import total_parts  # the workbook module only where a cell is left empty

    return total_parts(path)


def _compute_totals(figures: dict, cells: list, lines: dict) -> list:
    """Fill the totals left empty with the sum of their parts; one info finding each."""
    from ..findings import Finding
    from ..model import get_cell

    found = []
    # (七)总计 of each applicant column first: the row totals may add them up
    for cell in sorted(cells, key=lambda c: c.path.endswith(".total")):
        value = sum(get_cell(figures, p) for p in _total_parts(cell.path))
        set_cell(figures, cell.path, value)
        where = lines.get(cell.path)
        area = cell.table.area
        found.append(Finding("figures.total_computed", "info", area,
                             f"{cell.label}没有填写，已按各项之和计算为 {value}", {"line": where}))
    return found


def _is_present_null(data, path: str) -> bool:
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return node is None


def _children(known_paths: set) -> dict[str, list[str]]:
    """Key path → the sorted names directly below it among ``known_paths``."""
    below: dict[str, set] = {}
    for p in known_paths:
        parts = p.split(".")
        for i in range(1, len(parts)):
            below.setdefault(".".join(parts[:i]), set()).add(parts[i])
    return {k: sorted(v) for k, v in below.items()}


def _unknown_keys(node, path: str, known_paths: set, children: dict, lines: dict, problems: list) -> None:
    """Keys below a table that are not cells (typos), and rows given a single value."""
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        sub = f"{path}.{key}"
        below = children.get(sub, [])
        if sub in known_paths:
            continue
        if below:
            if isinstance(value, dict):
                _unknown_keys(value, sub, known_paths, children, lines, problems)
            else:
                problems.append(f"{_where(sub, lines)}：应为一组键值（{'、'.join(below)}），实际为 {_shown(value) if value is not None else '空'}")
            continue
        siblings = children.get(path, [])
        problems.append(_unknown(sub, key, siblings, lines))


def _validate_facts(given: dict, facts: dict, lines: dict, problems: list) -> None:
    for key, value in given.items():
        path = f"facts.{key}"
        fact = FACT_BY_KEY.get(key)
        if fact is None:
            problems.append(_unknown(path, key, [f.key for f in FACTS], lines))
            continue
        if value is None:
            continue
        if fact.kind == "texts":
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                problems.append(f"{_where(path, lines)}：应为若干句文字（每条一行，以“- ”开头），实际为 {_shown(value)}")
                continue
            facts[key] = [i.strip().rstrip("。；;") for i in items if i.strip()] or None
            continue
        problem = _number_problem(value, fact.kind == "money")
        if problem:
            problems.append(f"{_where(path, lines)}（{fact.label}）：{problem}")
        else:
            facts[key] = float(value) if isinstance(value, _Real) else value


def load_figures(path: str | os.PathLike) -> FiguresInput:
    """Read and validate a figures file (YAML, JSON or an .xlsx workbook). Raises FiguresError listing every problem."""
    p = Path(path)
    if not p.exists():
        raise FiguresError(p, ["文件不存在，请检查路径和文件名（可用 nianbao init 生成）"])
    if p.is_dir():
        raise FiguresError(p, ["这是一个文件夹，请给出数字文件（.yaml、.json 或 .xlsx）"])
    if not p.is_file():
        raise FiguresError(p, ["这不是普通文件（是管道、设备或套接字），请给出保存在磁盘上的数字文件"])
    if p.stat().st_size > MAX_FIGURES_BYTES:
        raise FiguresError(p, [f"文件太大（超过 {MAX_FIGURES_BYTES // 1024 // 1024} MB），不像数字文件，请确认选对了文件"])
    suffix = p.suffix.lower()
    if suffix in (".xls", ".et"):
        raise FiguresError(p, ["这是旧版 Excel/WPS 表格，请用 Excel 或 WPS 打开后另存为 .xlsx 再试"])
    if suffix == ".xlsx":
        from .xlsx import read_figures_workbook

        data, refs, work_notes = read_figures_workbook(p)
        inp = validate(data, refs, str(p))
        inp.work_notes = work_notes
        return inp
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FiguresError(p, [f"无法读取文件（{exc.strerror or exc}），请检查文件权限"]) from None
    return load_figures_text(decode_figures(data, p), str(p))


def decode_figures(data: bytes, source) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM (Notepad's “Unicode”), else GB18030/GBK."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif len(data) >= 4 and data[1::2].count(0) > len(data) // 8 and data[1::2].count(0) > 4 * data[0::2].count(0):
        try:
            return data.decode("utf-16-le")  # UTF-16 saved without a BOM
        except UnicodeDecodeError:
            pass
    if data.startswith(b"PK\x03\x04"):
        raise FiguresError(source, ["这是一个压缩包格式的文件（如 .xlsx、.docx），但扩展名不对；Excel 工作簿请以 .xlsx 结尾"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise FiguresError(source, ["无法识别文件编码，请另存为 UTF-8 编码的 YAML 或 JSON 文件"]) from None


def load_figures_text(text: str, source: str = "<figures>") -> FiguresInput:
    data, lines = parse_text(text, source)
    return validate(data, lines, source)
