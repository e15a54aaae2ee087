"""Which body a report belongs to: its name as the report prints it, and whether two names
are the same body.

``agency_name`` takes the body's name out of the text before “…年政府信息公开工作年度报告”:
page chrome (“标题:”, site names, 发布机构 lines, breadcrumbs) and a preamble (“根据…条例要求，
现向社会公布…”) are not part of it. ``body_match`` decides whether two names are one body:

- the same after normalising spacing, brackets and the 人民政府/政府/办公室 variants;
- one is the other with a higher-level place prefix (淮安市洪泽区人民政府 ≡ 洪泽区人民政府);
- a one-character difference between look-alike characters (沭/沐, data/lookalikes.txt): the
  same body, but worth a warning (likely an OCR or typing slip);
- anything else: two bodies.

``check --prior`` (cross_year.prior_agency), ``draft`` and ``init`` all decide with this one function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from .lazy_regex import lazy

_CJK = "\u4e00-\u9fff"
#: what may sit between the body's name and the rest of a title line: labels, separators, punctuation
_PIECE_SPLIT_RE = lazy(
    rf"[:：|｜»›＞\\_，,。；;！？!?]|(?<=[{_CJK}])[>/](?=[{_CJK}])|—+|-{{2,}}"  # > and / only between words, not in markup
)
_LABEL_RE = re.compile(r"^(?:标题|题目|名称|文章标题|发布机构|发文机关|发布单位|来源|信息来源|索引号|所属机构|主题分类|发布日期|成文日期)$")
_PREAMBLE_VERB_RE = lazy(
    rf"^(?:根据[^{_CJK}]*)?(?:现|特|兹|今)?(?:将|向社会|向公众|予以|予)*(?:公布|发布|印发|公开|报告)(?:如下|了)?"
)
_SITE_RE = lazy(rf"^[{_CJK}]*?(?:门户网站|政府网站|政务网站|网站|政务网|政府网)")
#: a place name at the start of a name: 江苏省 / 淮安市 / 洪泽区 / 沭阳县 / 马店镇 …
_PLACE = rf"[{_CJK}]{{1,9}}?(?:特别行政区|自治区|自治州|自治县|地区|新区|省|市|州|盟|县|区|旗|镇|乡|街道)"
_PLACE_PREFIX_RE = lazy(rf"^(?:{_PLACE})+$")
_STARTS_WITH_PLACE_RE = lazy(rf"^{_PLACE}")
_OFFICE_RE = re.compile(r"(?<=政府)(?:办公室|办公厅|办)$")
_GOVERNMENT_RE = re.compile(r"(?:人民政府|政府)$")


def agency_name(text: str) -> str:
    """The body's name out of the text before the year in a title line (or a line of its own)."""
    text = re.sub(r"[\s\u3000#*《》“”\"]", "", text or "")
    pieces = [p for p in _PIECE_SPLIT_RE.split(text) if p and not _LABEL_RE.match(p)]
    pieces = [p for p in pieces if re.search(rf"[{_CJK}]{{2}}", p) and not re.search(r"\d", p)]
    if not pieces:
        return ""
    name = pieces[-1]
    name = re.sub(r"^关于|关于$", "", name)
    rest = _PREAMBLE_VERB_RE.sub("", name)
    if rest != name and len(rest) >= 2:
        name = rest
    rest = _SITE_RE.sub("", name)
    if rest != name and len(rest) >= 2:
        name = rest
    return name.strip("：:，,—-_")


def body_key(name: str) -> str:
    """A name with spacing, brackets and the 人民政府/政府/办公室 variants normalised away."""
    name = re.sub(r"[\s\u3000（）()【】\[\]]", "", name or "")
    name = _OFFICE_RE.sub("", name)
    return _GOVERNMENT_RE.sub("", name)


@lru_cache(maxsize=1)
def _lookalike_groups() -> dict[str, int]:
    from importlib import resources

    text = resources.files("nianbao").joinpath("data/lookalikes.txt").read_text(encoding="utf-8")
    groups: dict[str, int] = {}
    for n, line in enumerate(text.splitlines()):
        line = line.strip()
        if line and not line.startswith("#"):
            for ch in line:
                groups[ch] = n
    return groups


def lookalike(a: str, b: str) -> bool:
    """Whether two characters are ones OCR or typing confuses (沭/沐)."""
    groups = _lookalike_groups()
    return a != b and a in groups and groups.get(a) == groups.get(b)


@dataclass(frozen=True)
class BodyMatch:
    """How two agency names relate: ``kind`` is "same", "lookalike" or "different"."""

    kind: str
    note: str = ""  # for "lookalike": the characters that differ (“沐/沭”)

    @property
    def same(self) -> bool:
        return self.kind != "different"


def body_match(a: str, b: str) -> BodyMatch:
    """Whether names ``a`` and ``b`` are one body (see the module's rules)."""
    ka, kb = body_key(a), body_key(b)
    if not ka or not kb:
        return BodyMatch("same" if ka == kb else "different")
    swapped = len(ka) < len(kb)
    long_, short = (kb, ka) if swapped else (ka, kb)
    prefix = long_[: len(long_) - len(short)]
    if prefix and not (_PLACE_PREFIX_RE.match(prefix) and _STARTS_WITH_PLACE_RE.match(short)):
        return BodyMatch("different")
    tail = long_[len(prefix):]
    if tail == short:
        return BodyMatch("same")
    diffs = [(x, y) if not swapped else (y, x) for x, y in zip(tail, short) if x != y]
    if len(diffs) == 1 and lookalike(*diffs[0]):
        return BodyMatch("lookalike", "/".join(diffs[0]))  # a's character / b's
    return BodyMatch("different")


def same_body(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` name one body (a look-alike slip included; see body_match)."""
    return body_match(a, b).same
