"""The fact guard: a polished paragraph is accepted only if it states exactly the same facts.

Every check is conservative: when in doubt the rewrite is rejected and the original is kept.
Numbers are compared as a multiset of normalised values, so ``3件`` and ``三件`` are equal,
``2024年`` and ``二〇二四年`` are equal, ``14万`` and ``十四万`` are equal; a numeral that is not
well formed (``十四五``) is compared by its text.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from ..catalog import PARTS, TABLE2_ROWS, TABLE3_CORNER, TABLES, strip_ordinal
from ..textutil import CN_NUMERAL_CHARS, cn_number

MIN_RATIO, MAX_RATIO = 0.6, 1.6

#: words whose numeral characters do not state a quantity (longest first when removed)
IDIOMS = tuple(sorted({
    "进一步", "统一", "一体化", "一体", "一致", "一定", "一般", "一直", "一起", "一切", "唯一", "同一",
    "一旦", "一线", "一律", "一贯", "一流", "一些", "一系列", "一同", "一并", "一道", "逐一", "一一",
    "一方面", "一站式", "一网通办", "一网统管", "一门式", "一窗受理", "一次性", "一以贯之", "一如既往",
    "一心一意", "千方百计", "老百姓", "百姓", "十分", "万众", "一把手", "一盘棋", "一张网", "一条龙",
    "不一", "专一", "第一时间", "一味", "一再", "一向", "一概", "一目了然", "一视同仁", "千家万户",
    "万无一失", "一丝不苟", "五湖四海", "四面八方", "三令五申", "一揽子", "一手抓", "一举",
}, key=len, reverse=True))
_IDIOM_RE = re.compile("|".join(map(re.escape, IDIOMS)))

_DIGIT_FOLD = {ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")}
_DIGIT_FOLD.update({ord("％"): ord("%"), ord("．"): ord(".")})

_CN = CN_NUMERAL_CHARS
_NUMBER_RE = re.compile(
    rf"(?P<pct_cn>百分之(?P<pcn>[{_CN}]+(?:点[零〇一二三四五六七八九]+)?))"
    r"|(?P<ar>(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<suffix>%|‰|万|亿)?"
    rf"|(?P<cn>[{_CN}]+(?:点[零〇一二三四五六七八九]+)?)"
)
def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def number_tokens(text: str) -> Counter:
    """The numbers stated in ``text`` as a multiset of normalised tokens.

    Tokens: ``"3"``, ``"1.05%"``, ``"140000"``, ``"0517"`` (leading zeros kept), ``"十四五"``
    (a numeral that is not well formed, compared by its text).
    """
    return Counter(tok for tok, _ in _scan(text))


def _scan(text: str) -> list[tuple[str, str]]:
    """(token, the text it came from) for every number in ``text``."""
    return [(tok, raw) for tok, raw, _ in scan_spans(text)]


def scan_spans(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(token, the text it came from, its span in ``text``) for every number in ``text``."""
    folded = _IDIOM_RE.sub(lambda m: "\u3000" * len(m.group()), text.translate(_DIGIT_FOLD))
    out = []
    for m in _NUMBER_RE.finditer(folded):
        raw, span = m.group(), m.span()
        if m.group("pct_cn"):
            value = cn_number(m.group("pcn"))
            out.append((f"{_fmt(value)}%" if value is not None else f"百分之{m.group('pcn')}", raw, span))
        elif m.group("ar"):
            digits = m.group("ar").replace(",", "")
            suffix = m.group("suffix") or ""
            if len(digits) > 1 and digits[0] == "0" and not digits.startswith("0."):
                out.append((digits + suffix, raw, span))
                continue
            value = Decimal(digits)
            if suffix == "万":
                out.append((_fmt(value * 10000), raw, span))
            elif suffix == "亿":
                out.append((_fmt(value * 10**8), raw, span))
            else:
                out.append((_fmt(value) + suffix, raw, span))
        else:
            run = m.group("cn")
            value = cn_number(run)
            out.append((_fmt(value) if value is not None else run, raw, span))
    return out


# --- protected spans ----------------------------------------------------------------------

_SPAN_RES = (
    re.compile(r"《[^《》\n]{1,80}》"),
    re.compile(r"〈[^〈〉\n]{1,80}〉"),
    re.compile(r"“[^“”\n]{1,80}”"),
    re.compile(r"‘[^‘’\n]{1,80}’"),
    re.compile(r"「[^「」\n]{1,80}」"),
    re.compile(r"『[^『』\n]{1,80}』"),
    re.compile(r'"[^"\n]{1,80}"'),
    re.compile(r"【[^【】\n]{0,120}】"),
)
_TITLE_RE = re.compile(r"《[^《》\n]{1,80}》|【[^【】\n]{0,120}】")


def protected_spans(text: str, extra: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Titles 《…》, quotations “…”, markers 【…】 and the ``extra`` names that occur in ``text``."""
    spans = [m.group() for rx in _SPAN_RES for m in rx.finditer(text)]
    spans += [name for name in extra if name and name in text]
    return list(dict.fromkeys(spans))


# --- heading and table text ---------------------------------------------------------------


def _table_words() -> tuple[str, ...]:
    words = {TABLE3_CORNER.strip("（）()"), *(row.group for row in TABLE2_ROWS)}
    for table in TABLES:
        for row in table.rows:
            label = strip_ordinal(row.label)
            if len(label) >= 8:
                words.add(label)
            for col in row.columns:
                if len(col.label) >= 6:
                    words.add(col.label)
    words.update(p.title for p in PARTS if len(p.title) >= 6)
    return tuple(sorted(words, key=len, reverse=True))


_TABLE_WORDS = _table_words()
_SUBHEADING_RE = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|#)")

# --- explanations and chatter -------------------------------------------------------------

_CHATTER_START_RE = re.compile(
    r"^\s*(?:好的|当然|以下|下面|这是|如下|润色后|修改后|改写后|优化后|经过润色|经润色|根据您|根据你|我已|我将|我对|"
    r"作为|抱歉|对不起|sure|here|okay|ok\b|certainly)",
    re.IGNORECASE,
)
_CHATTER_WORDS = ("润色", "原文", "修改说明", "改写说明", "说明：", "注：", "修改如下", "译文", "AI", "助手")
_MARKDOWN_RE = re.compile(r"```|\*\*|__|^\s*#{1,6}\s|^\s*[-*+>]\s|^\s*\d+\.\s", re.MULTILINE)
_ENGLISH_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


def _cjk_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return sum(1 for c in chars if _CJK_RE.match(c)) / len(chars) if chars else 0.0


def _show(tokens: Counter, raws: dict) -> str:
    return "、".join(raws.get(t, t) + (f"（{n} 处）" if n > 1 else "") for t, n in sorted(tokens.items()))


def _quote(span: str) -> str:
    return span if span[0] in "《〈“‘「『【\"" else f"“{span}”"


def check_rewrite(original: str, rewrite: str, protected: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Why ``rewrite`` may not replace ``original`` (Chinese reasons); an empty list accepts it.

    ``protected``: further names (the agency's) that must survive wherever the original has them.
    """
    reasons: list[str] = []
    new = rewrite.strip()
    if not new:
        return ["模型没有给出内容"]
    # 1. the numbers
    old_scan, new_scan = _scan(original), _scan(new)
    old_raw = {t: r.strip() for t, r in old_scan}
    new_raw = {t: r.strip() for t, r in new_scan}
    old_n, new_n = Counter(t for t, _ in old_scan), Counter(t for t, _ in new_scan)
    missing, added = old_n - new_n, new_n - old_n
    if missing:
        reasons.append(f"数字缺失或被改动：原文的 {_show(missing, old_raw)} 不见了")
    if added:
        reasons.append(f"出现了原文没有的数字：{_show(added, new_raw)}")
    # 2. what the numbers count, which way they point, the places and bodies named
    from .meaning import check_meaning

    reasons += check_meaning(original, new)
    # 3. protected spans
    for span in protected_spans(original, tuple(protected)):
        if new.count(span) < original.count(span):
            reasons.append(f"缺少原文中的{_quote(span)}")
    for span in dict.fromkeys(m.group() for m in _TITLE_RE.finditer(new)):
        if span not in original:
            reasons.append(f"出现了原文没有的{_quote(span)}")
    # 4. length
    old_len = len("".join(original.split()))
    new_len = len("".join(new.split()))
    if old_len and not (MIN_RATIO <= new_len / old_len <= MAX_RATIO):
        reasons.append(f"长度变化过大（原文 {old_len} 字，润色后 {new_len} 字，应在 {MIN_RATIO}–{MAX_RATIO} 倍之间）")
    # 5. headings, table text, several paragraphs
    if "\n" in new:
        reasons.append("润色结果分成了多段（应为一段）")
    if "\t" in new or ("|" in new and "|" not in original):
        reasons.append("润色结果含有表格格式")
    for word in _TABLE_WORDS:
        if word in new and word not in original:
            reasons.append(f"润色结果含有标题或表格文字“{word}”")
            break
    if _SUBHEADING_RE.match(new) and not _SUBHEADING_RE.match(original):
        reasons.append("润色结果以标题编号开头")
    # 6. Chinese prose, not an explanation
    if _CHATTER_START_RE.match(new) and not _CHATTER_START_RE.match(original):
        reasons.append("润色结果像是模型的说明，而不是正文")
    else:
        for word in _CHATTER_WORDS:
            if word in new and word not in original:
                reasons.append(f"润色结果含有说明性文字“{word}”")
                break
    if _MARKDOWN_RE.search(new) and not _MARKDOWN_RE.search(original):
        reasons.append("润色结果含有 Markdown 标记")
    english = [w for w in _ENGLISH_WORD_RE.findall(new) if w not in original]
    if english:
        shown = dict.fromkeys(w if len(w) <= 20 else w[:20] + "…" for w in english[:5])
        reasons.append(f"润色结果含有原文没有的英文：{'、'.join(shown)}")
    if _cjk_share(new) < 0.8 * _cjk_share(original):
        reasons.append("润色结果中文比例过低，不像正文")
    return reasons
