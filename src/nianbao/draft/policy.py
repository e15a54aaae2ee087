"""Which of last year's sentences may be carried into this year's draft unmarked.

A sentence is carried as it stands only when it describes standing practice that stays true
from year to year (“坚持…”, “严格落实《条例》…”, “建立…机制”). A sentence that records something
that *happened* last year — it names a document other than the standing laws, an event
(举办/召开/印发/上线/荣获…, 第N期/届/批), a count, a date, or a ranking or award — is last year's
fact: drafting either leaves it out (listing it for reference) or keeps it inside a visible
【沿用上年，请核实：…】 marker. It is never presented as this year's.
"""

from __future__ import annotations

import re

from ..lazy_regex import lazy
from .tokens import outside_marks

#: titles in 《》 that name standing law and national rules, safe to repeat every year
_STANDING_TITLE_RE = re.compile(
    r"^《(?:条例|中华人民共和国[^》]{0,30}(?:法|条例)|[^》]{0,12}政府信息公开条例|"
    r"政府信息公开信息处理费管理办法|[^》]{0,40}年度报告格式[^》]{0,6}|[^》]{0,10}保密法|"
    r"[^》]{0,8}档案法|[^》]{0,20}(?:实施办法|管理办法|工作规范|工作规程|工作制度))》$"
)
_TITLE_RE = re.compile(r"《[^》]{1,60}》")

#: verbs and phrases that record a one-off event or result
_EVENT_RE = re.compile(
    r"举办|召开|举行|印发|出台|制定出台|获批|上线(?!下)|开通|入选|荣获|获评|评为|评选为|授予|表彰|"
    r"启动|建成|投入使用|揭牌|挂牌|首次|首个|首批|率先|排名|名列|位列|位居|第[一二三四五六七八九十百\d]+名|"
    r"第[一二三四五六七八九十百\d]+(?:期|届|批|次|轮)|新增|新建|新开设|改版上线|迁移|整合为|"
    r"获奖|奖项|先进单位|示范点|试点单位|典型案例|经验做法|被[^，。；]{0,12}(?:采用|推广|转发|肯定|刊发)"
)
#: words of a year-on-year comparison: stale as soon as the figures change
_COMPARISON_RE = lazy(r"同比|环比|较上年|比上年|较去年|比去年|上年为|上年是|增长|下降|上升|增加|减少|持平|翻番|提升了|提高了")
#: a date or a month
_DATE_RE = re.compile(r"\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月(?:份|底|初|中旬|上旬|下旬)?")


def one_off_reason(sentence: str) -> str:
    """Why ``sentence`` records last year's facts rather than standing practice ("" if it does not).

    Give it the sentence after carrying (carry.Carrier.sentence): counts it states are then
    either this year's table figures or inside 【待核实…】 markers, and the marked ones are last
    year's numbers.
    """
    s = sentence.strip()
    for m in _TITLE_RE.finditer(s):
        if not _STANDING_TITLE_RE.match(m.group(0)):
            return f"提到文件{m.group(0)}"
    m = _EVENT_RE.search(s)
    if m:
        return f"记述上年的事项（“{m.group(0)}”）"
    if _DATE_RE.search(s):
        return "含具体日期"
    m = _MARKED_RE.search(s)
    if m:
        return f"含上年的数字或日期（{m.group(1)}）"
    return ""


_MARKED_RE = re.compile(r"【待核实：([^】]*)】")


def comparison_reason(sentence: str) -> str:
    """A sentence with year-on-year wording next to a count cannot be carried: the comparison
    was last year's. ("" when there is none.)"""
    m = _COMPARISON_RE.search(sentence)
    if m and any(t.kind in ("number", "percent") for t in outside_marks(sentence)):
        return f"同比说法（“{m.group(0)}”）随数字变化，须重写"
    return ""


_DATE_LINE_RE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_PUNCT_RE = re.compile(r"[\s。，,.；;：:]")


def is_sign_off(sentence: str, names: list[str]) -> bool:
    """A sign-off line of last year's report: the body's name, a date, or both, and nothing else."""
    s = _PUNCT_RE.sub("", sentence)
    if not s:
        return False
    s = _PUNCT_RE.sub("", _DATE_LINE_RE.sub("", s)) if _DATE_LINE_RE.search(s) else s
    if not s:
        return True
    return any(s == _PUNCT_RE.sub("", n) for n in names if n)
