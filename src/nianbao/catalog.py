"""The one catalog of the 2021 national format: parts, headings, table rows, columns and labels.

Reader, checker, renderers and drafting all take labels, keys and label variants from here.
Keys are those of ``figures.schema.json``; labels are the official wording of the tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache


@dataclass(frozen=True)
class Part:
    """One of the six parts of the 2021 format."""

    number: str  # Chinese numeral of the part: 一 … 六
    key: str  # canonical key of the part's content
    title: str  # official heading text without its numbering
    kind: str  # "narrative" or "table"
    patterns: tuple[str, ...]  # regexes on a normalised heading line, with any numbering or none
    loose: tuple[str, ...] = ()  # accepted only when numbered with this part's own numeral
    short: str = ""  # a short name for narrow table columns: 主要问题

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"

    @property
    def ordinal(self) -> str:
        """How messages refer to the part: 第一部分."""
        return f"第{self.number}部分"

    @property
    def column(self) -> str:
        return self.short or self.title


PARTS: tuple[Part, ...] = (
    Part("一", "overview", "总体情况", "narrative", (r"^(?:年度)?(?:工作)?总体情况$",), (r"^概述$", r"^基本情况$", r"^概况$")),
    Part(
        "二",
        "active_disclosure",
        "主动公开政府信息情况",
        "table",
        (r"^主动公开政府信息(?:的)?情况$",),
        (r"^主动公开政府信息$", r"^主动公开(?:情况)?$"),
    ),
    Part(
        "三",
        "applications",
        "收到和处理政府信息公开申请情况",
        "table",
        (r"^收到(?:和|及|与)处理政府信息公开申请(?:的)?情况$",),
        (r"^依申请公开(?:政府信息)?(?:情况)?$",),
    ),
    Part(
        "四",
        "review_litigation",
        "政府信息公开行政复议、行政诉讼情况",
        "table",
        (
            r"^(?:政府信息公开)?(?:工作)?行政复议(?:、|和|及|与)?行政诉讼(?:的)?情况$",
            r"^因政府信息公开(?:工作)?(?:被)?申请行政复议(?:、|和|及|与)?(?:被)?提起行政诉讼(?:的)?情况$",
        ),
    ),
    Part(
        "五",
        "problems",
        "存在的主要问题及改进情况",
        "narrative",
        (
            r"^(?:政府信息公开)?(?:工作)?(?:存在的)?主要问题(?:及|和|与)(?:改进|整改)(?:情况|措施|计划|方向)$",
            r"^(?:政府信息公开)?(?:工作)?存在的(?:主要)?问题(?:及|和|与)(?:改进|整改)(?:情况|措施|计划|方向)$",
        ),
        short="主要问题",
    ),
    Part(
        "六",
        "other_matters",
        "其他需要报告的事项",
        "narrative",
        (r"^其他需要报告的(?:事项|情况)$", r"^其它需要报告的(?:事项|情况)$"),
        short="其他事项",
    ),
)

PART_BY_KEY = {p.key: p for p in PARTS}
NARRATIVE_KEYS = tuple(p.key for p in PARTS if p.kind == "narrative")

#: Sub-areas of part 一 that reviewers look for (FORMAT.md), in official order.
OVERVIEW_AREAS: tuple[tuple[str, str, str], ...] = (
    ("active", "主动公开", r"主动公开"),
    ("on_request", "依申请公开", r"依申请公开|政府信息公开申请"),
    ("management", "政府信息管理", r"政府信息管理|信息管理"),
    ("platform", "政府信息公开平台建设", r"平台建设|公开平台"),
    ("oversight", "监督保障", r"监督保障|监督考核|考核监督|保障"),
)

#: More words that name a part-一 area where a person writes them rather than where a report is
#: read: a heading in the drafter's notes (draft/notes.py) and the sub-heading title that labels
#: training text (draft/classify.py). Each is searched together with the area's name; the reading
#: patterns of OVERVIEW_AREAS stay narrow, since widening them would change how reports are read.
AREA_NOTE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "active": (),
    "on_request": (r"依申请", r"政府信息公开申请", r"申请办理"),
    "management": (r"信息管理",),
    "platform": (r"平台建设", r"公开平台", r"^平台$"),
    "oversight": (r"监督考核", r"考核监督", r"^监督$", r"^保障$", r"组织保障"),
}
AREA_TITLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "active": (),
    "on_request": (r"依申请", r"公开申请", r"申请公开"),
    "management": (r"信息管理",),
    "platform": (r"平台",),
    "oversight": (r"监督", r"保障"),
}


def area_words(synonyms: dict[str, tuple[str, ...]]) -> tuple[tuple[str, str], ...]:
    """(area key, regex) for each part-一 area: its name or any of ``synonyms[key]``, in official order."""
    return tuple((key, "|".join((name, *synonyms.get(key, ())))) for key, name, _ in OVERVIEW_AREAS)


# --- table 2 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A value column of an official table."""

    key: str
    label: str


@dataclass(frozen=True)
class Row:
    """One official table row: where its values live and how its label is recognised."""

    key: str  # key inside its table object
    label: str  # official label
    keys: tuple[str, ...]  # regexes on the label text with whitespace and punctuation removed
    group: str = ""  # the merged group label printed beside it in the official table
    columns: tuple[Column, ...] = ()
    short: str = ""  # a short name for messages
    money: bool = False  # an amount of money (万元, may have decimals), not a count

    @cached_property
    def name(self) -> str:
        return self.short or strip_ordinal(self.label)


DOCUMENT_COLUMNS = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
DECISION_COLUMN = (Column("", "本年处理决定数量"),)
TABLE2_LABEL_HEADER = "信息内容"  # heading of table 2's label column
FEE_COLUMN = (Column("", "本年收费金额（单位：万元）"),)

TABLE2_ROWS: tuple[Row, ...] = (
    Row("rules", "规章", (r"规章",), "第二十条第（一）项", DOCUMENT_COLUMNS),
    Row(
        "normative_documents",
        "行政规范性文件",
        (r"规范性文件",),
        "第二十条第（一）项",
        DOCUMENT_COLUMNS,
    ),
    Row("licensing", "行政许可", (r"行政许可",), "第二十条第（五）项", DECISION_COLUMN),
    Row("penalty", "行政处罚", (r"行政处罚",), "第二十条第（六）项", DECISION_COLUMN),
    Row("enforcement", "行政强制", (r"行政强制",), "第二十条第（六）项", DECISION_COLUMN),
    Row(
        "fees_wan_yuan",
        "行政事业性收费",
        (r"事业性收费",),
        "第二十条第（八）项",
        FEE_COLUMN,
        money=True,
    ),
)

# --- table 3 ---------------------------------------------------------------------------

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
APPLICANT_KEYS = tuple(c.key for c in APPLICANT_COLUMNS)
ORG_GROUP_LABEL = "法人或其他组织"
APPLICANT_GROUP_LABEL = "申请人情况"  # heading above the seven applicant columns
TABLE3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

G_RESULTS = "三、本年度办理结果"
G_WITHHELD = "（三）不予公开"
G_UNABLE = "（四）无法提供"
G_REJECTED = "（五）不予处理"
G_OTHER = "（六）其他处理"


def _r3(key, label, keys, group="", short=""):
    return Row(key, label, keys, group, APPLICANT_COLUMNS, short)


TABLE3_ROWS: tuple[Row, ...] = (
    _r3("new_received", "一、本年新收政府信息公开申请数量", (r"本年新收", r"新收政府信息公开申请"), short="本年新收申请"),
    _r3("carried_over", "二、上年结转政府信息公开申请数量", (r"上年结转",), short="上年结转申请"),
    _r3("disclosed", "（一）予以公开", (r"予以公开",), G_RESULTS),
    _r3(
        "partially_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        (r"部分公开",),
        G_RESULTS,
        "部分公开",
    ),
    _r3("withheld_state_secret", "1.属于国家秘密", (r"国家秘密",), G_WITHHELD, "不予公开·属于国家秘密"),
    _r3(
        "withheld_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        (r"法规禁止公开", r"禁止公开"),
        G_WITHHELD,
        "不予公开·其他法律行政法规禁止公开",
    ),
    _r3(
        "withheld_three_safety_one_stability",
        "3.危及“三安全一稳定”",
        (r"三安全一稳定", r"三安全"),
        G_WITHHELD,
        "不予公开·危及“三安全一稳定”",
    ),
    _r3(
        "withheld_third_party_rights",
        "4.保护第三方合法权益",
        (r"第三方合法权益", r"保护第三方"),
        G_WITHHELD,
        "不予公开·保护第三方合法权益",
    ),
    _r3("withheld_internal_affairs", "5.属于三类内部事务信息", (r"内部事务",), G_WITHHELD, "不予公开·属于三类内部事务信息"),
    _r3("withheld_process_info", "6.属于四类过程性信息", (r"过程性信息",), G_WITHHELD, "不予公开·属于四类过程性信息"),
    _r3("withheld_enforcement_files", "7.属于行政执法案卷", (r"执法案卷",), G_WITHHELD, "不予公开·属于行政执法案卷"),
    _r3("withheld_admin_query", "8.属于行政查询事项", (r"行政查询",), G_WITHHELD, "不予公开·属于行政查询事项"),
    _r3("unable_not_held", "1.本机关不掌握相关政府信息", (r"不掌握",), G_UNABLE, "无法提供·本机关不掌握相关政府信息"),
    _r3(
        "unable_needs_creation",
        "2.没有现成信息需要另行制作",
        (r"另行制作", r"没有现成信息"),
        G_UNABLE,
        "无法提供·没有现成信息需要另行制作",
    ),
    _r3("unable_unclear", "3.补正后申请内容仍不明确", (r"仍不明确", r"补正后申请"), G_UNABLE, "无法提供·补正后申请内容仍不明确"),
    _r3("rejected_complaint", "1.信访举报投诉类申请", (r"信访举报", r"举报投诉"), G_REJECTED, "不予处理·信访举报投诉类申请"),
    _r3("rejected_repeated", "2.重复申请", (r"(?<!反复)重复申请",), G_REJECTED, "不予处理·重复申请"),
    _r3("rejected_publication", "3.要求提供公开出版物", (r"公开出版物",), G_REJECTED, "不予处理·要求提供公开出版物"),
    _r3(
        "rejected_massive_repeated",
        "4.无正当理由大量反复申请",
        (r"大量反复",),
        G_REJECTED,
        "不予处理·无正当理由大量反复申请",
    ),
    _r3(
        "rejected_confirm_reissue",
        "5.要求行政机关确认或重新出具已获取信息",
        (r"确认或重新", r"重新出具"),
        G_REJECTED,
        "不予处理·要求行政机关确认或重新出具已获取信息",
    ),
    _r3(
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        (r"逾期不补正", r"逾期不补"),
        G_OTHER,
        "其他处理·逾期不补正",
    ),
    _r3(
        "other_overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        (r"逾期未按收费", r"未按收费通知", r"逾期不缴费", r"逾期未缴"),
        G_OTHER,
        "其他处理·逾期不缴费",
    ),
    _r3("other_other", "3.其他", (r"(?<!\d)3[.、．]?其他(?!组织|处理)", r"\(3\)其他(?!组织|处理)"), G_OTHER, "其他处理·其他"),
    _r3("results_total", "（七）总计", (r"\(七\)总计", r"七[、.．]?总计"), G_RESULTS, "办理结果总计"),
    _r3("carried_forward", "四、结转下年度继续办理", (r"结转下年度", r"转下年度"), short="结转下年度继续办理"),
)

OUTCOME_ROWS = TABLE3_ROWS[2:23]  # the 21 outcome rows （一）…（六）

# --- table 4 ---------------------------------------------------------------------------

OUTCOME_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
TABLE4_BLOCKS: tuple[Row, ...] = (
    Row("review", "行政复议", (), "", OUTCOME_COLUMNS),
    Row("litigation_direct", "未经复议直接起诉", (), "行政诉讼", OUTCOME_COLUMNS, "行政诉讼·未经复议直接起诉"),
    Row("litigation_after_review", "复议后起诉", (), "行政诉讼", OUTCOME_COLUMNS, "行政诉讼·复议后起诉"),
)


# --- tables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One of the three official tables: its rows and columns."""

    number: str  # 二 / 三 / 四
    key: str  # canonical key
    name: str  # 表二 …
    rows: tuple[Row, ...] = field(default=())
    area: str = ""  # area of its findings: table2 …


TABLE2 = Table("二", "active_disclosure", "表二", TABLE2_ROWS, "table2")
TABLE3 = Table("三", "applications", "表三", TABLE3_ROWS, "table3")
TABLE4 = Table("四", "review_litigation", "表四", TABLE4_BLOCKS, "table4")
TABLES = (TABLE2, TABLE3, TABLE4)
TABLE_BY_KEY = {t.key: t for t in TABLES}
#: rows by table key and row key: ``ROWS["applications"]["carried_over"]``
ROWS = {t.key: {r.key: r for r in t.rows} for t in TABLES}


@dataclass(frozen=True)
class Cell:
    """One number of the official tables."""

    path: str  # dotted canonical path, e.g. applications.new_received.total
    table: Table
    row: Row
    column: Column

    @property
    def label(self) -> str:
        """Human label, e.g. 本年新收政府信息公开申请数量（总计）."""
        base = self.row.name if self.row.group else strip_ordinal(self.row.label)
        if self.table is TABLE4:
            return f"{self.row.name}（{self.column.label}）"
        if self.column.key:
            return f"{base}（{self.column.label}）"
        return base

    @property
    def is_money(self) -> bool:
        return self.row.money


def _cells() -> tuple[Cell, ...]:
    out = []
    for table in TABLES:
        for row in table.rows:
            for col in row.columns:
                parts = [table.key, row.key] + ([col.key] if col.key else [])
                out.append(Cell(".".join(parts), table, row, col))
    return tuple(out)


CELLS: tuple[Cell, ...] = _cells()
CELL_BY_PATH = {c.path: c for c in CELLS}


# --- label normalisation ----------------------------------------------------------------

_ORDINAL_RE = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．])\s*")
_SPACE_RE = re.compile(r"\s+")
_PUNCT_RE = re.compile(r"[\s“”\"'‘’「」《》:：,，;；。·]|(?<=\))[.、]")


def strip_ordinal(label: str) -> str:
    """``（一）予以公开`` → ``予以公开``; ``1.属于国家秘密`` → ``属于国家秘密``."""
    return _ORDINAL_RE.sub("", label, count=1)


@lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """Fold widths, drop whitespace and quotes, and a dot or 、 after a closing bracket (“（七）.总计”, a
    scan's speck); brackets become ASCII parentheses."""
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text))


# --- agency levels (for the 规章 rule) ----------------------------------------------------

LEVELS = ("乡镇", "街道", "县级部门", "县级政府", "市级部门", "市级政府", "省级部门", "省级政府", "国务院部门")
#: levels whose bodies may issue 规章 (立法法 第九十三条: provinces, 设区的市; 第九十一条: State Council departments)
RULE_MAKING_LEVELS = frozenset({"市级政府", "省级政府", "国务院部门"})
