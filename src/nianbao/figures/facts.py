"""Facts: named figures and texts for drafting that the three tables do not hold.

A figures file may carry a ``facts:`` block next to the schema's keys (an extension that only
drafting reads; ``extract`` never writes it). Every fact is optional: a missing or empty fact
simply produces no sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import PART_BY_KEY


@dataclass(frozen=True)
class Fact:
    """A supplementary fact a figures file may give for drafting."""

    key: str
    label: str  # Chinese name, used in comments and messages
    kind: str  # "count" (non-negative integer), "money" (non-negative number) or "texts" (list of sentences)
    units: tuple[str, ...] = ()  # measure words a count is stated with (the first is the one drafts use)
    hint: str = ""  # what to fill in, for the comment that ``init`` writes


FACTS: tuple[Fact, ...] = (
    Fact("active_items", "主动公开政府信息条数", "count", ("条",), "全年通过门户网站、政务新媒体、公开栏等渠道主动公开的政府信息（条）"),
    Fact("policy_interpretations", "政策解读篇数", "count", ("篇",), "全年发布的政策解读（篇），含图文、视频解读"),
    Fact("press_conferences", "新闻发布会场次", "count", ("场",), "全年召开的新闻发布会（场）"),
    Fact("new_media_accounts", "政务新媒体账号数", "count", ("个",), "年底在用的政务新媒体账号（个）"),
    Fact("trainings", "政务公开业务培训次数", "count", ("次", "期", "场"), "全年组织的政府信息公开业务培训（次）"),
    Fact("trainees", "参训人次", "count", ("人次",), "上述培训的参训人次"),
    Fact("accountability_cases", "责任追究件数", "count", ("件", "起"), "因政府信息公开工作被责任追究的件数；没有填 0"),
    Fact("info_fee_yuan", "信息处理费金额（元）", "money", ("元",), "按《政府信息公开信息处理费管理办法》收取的信息处理费（元）；未收取填 0"),
    Fact("info_fee_cases", "收取信息处理费的申请件数", "count", ("件",), "收取了信息处理费的政府信息公开申请（件）；未收取填 0"),
    Fact("new_problems", "本年度存在的主要问题", "texts", (), "本年度工作中的主要问题，每条一句，如“- 政策解读形式较为单一”"),
    Fact("prior_problem_progress", "上年度问题的改进情况", "texts", (),
         "针对上年度报告所列问题，本年度做了什么、效果如何；按上年问题的顺序每条一句"),
    Fact("improvements", "下一步改进措施", "texts", (), "针对本年度问题的改进措施，每条一句"),
    Fact("other_matters", PART_BY_KEY["other_matters"].title, "texts", (), "如落实上年度政务公开工作要点情况、人大代表建议和政协提案办理结果公开情况等，每条一句"),
)

FACT_BY_KEY = {f.key: f for f in FACTS}


def blank_facts() -> dict:
    """Every fact key, unset (None)."""
    return {f.key: None for f in FACTS}
