"""Hypothesis strategies: random figure sets and the text variants real reports come in."""

from __future__ import annotations

import re

from hypothesis import strategies as st

from nianbao.catalog import APPLICANT_KEYS, PARTS, TABLE2_ROWS, TABLE3_ROWS, TABLE4_BLOCKS
from .builders import NumberStyle, render_text

counts = st.one_of(st.just(0), st.integers(1, 30), st.integers(31, 9_999_999))


@st.composite
def fees(draw):
    if draw(st.booleans()):
        return draw(st.integers(0, 200_000))
    return draw(st.decimals(min_value=0, max_value=200_000, places=4, allow_nan=False)).__float__()


@st.composite
def figures(draw, balanced: bool = True) -> dict:
    """All three tables; with ``balanced`` every table-3 row total is the sum of its six columns
    and every table-4 total the sum of its four results (column arithmetic is not needed to read)."""
    ad = {}
    for row in TABLE2_ROWS:
        if len(row.columns) == 3:
            ad[row.key] = {c.key: draw(counts) for c in row.columns}
        elif row.money:
            ad[row.key] = draw(fees())
        else:
            ad[row.key] = draw(counts)
    apps = {}
    small = st.one_of(st.just(0), st.just(0), st.integers(1, 50), st.integers(51, 20_000))
    for row in TABLE3_ROWS:
        values = [draw(small) for _ in APPLICANT_KEYS[:6]]
        total = sum(values) if balanced else draw(small)
        apps[row.key] = dict(zip(APPLICANT_KEYS, values + [total]))
    rl = {}
    for block in TABLE4_BLOCKS:
        values = [draw(small) for _ in range(4)]
        total = sum(values) if balanced else draw(small)
        rl[block.key] = dict(zip(("upheld", "corrected", "other", "pending", "total"), values + [total]))
    return {"active_disclosure": ad, "applications": apps, "review_litigation": rl}


SECTIONS = {
    "overview": "{y}年，我镇严格落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。\n"
    "（一）主动公开：及时发布权威信息，推动政务公开工作走实走深。\n"
    "（二）依申请公开：做好依申请公开受理、登记、办理、答复等各个环节工作。\n"
    "（三）政府信息管理：规范信息发布审核程序。\n"
    "（四）政府信息公开平台建设：及时更新政务信息。\n"
    "（五）监督保障：定期开展自查整改，自觉接受群众监督。",
    "problems": "政务公开工作机制需要进一步完善。\n我们将严格自查，有序推进整改。",
    "other_matters": "本年度未收取信息处理费。",
}

HEADING_VARIANTS = {
    "一": ["一、总体情况", "一.总体情况", "一．总体情况", "（一）总体情况", "总体情况", "## 一、总体情况", "一、 总体情况", "第一部分 总体情况"],
    "二": ["二、主动公开政府信息情况", "二.主动公开政府信息情况", "主动公开政府信息情况", "## 二、主动公开政府信息情况", "二、主动公开政府信息的情况"],
    "三": ["三、收到和处理政府信息公开申请情况", "三.收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请情况", "三、收到及处理政府信息公开申请情况"],
    "四": ["四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
           "四.政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议和行政诉讼情况"],
    "五": ["五、存在的主要问题及改进情况", "五、存在的主要问题和改进情况", "五、政府信息公开工作存在的主要问题及改进情况",
           "五、存在的主要问题及整改措施", "五.存在的主要问题及改进情况", "存在的主要问题及改进情况"],
    "六": ["六、其他需要报告的事项", "六.其他需要报告的事项", "其他需要报告的事项", "## 六、其他需要报告的事项"],
}


@st.composite
def report_texts(draw, balanced: bool = True):
    """(canonical object, text of a report in some real-world variant, description of the variant)."""
    fig = draw(figures(balanced))
    year = draw(st.integers(2021, 2030))
    obj = {"agency": "洛宁县马店镇人民政府", "year": year, **fig,
           "sections": {k: v.format(y=year) for k, v in SECTIONS.items()}}
    layout = draw(st.sampled_from(["tab", "pipe", "cells", "pdf"]))
    zeros = ["0", "/", "—", "-", "无"] + ([] if layout == "pdf" else [""])
    style = NumberStyle(zero=draw(st.sampled_from(zeros)), thousands=draw(st.booleans()), fullwidth=draw(st.booleans()))
    pdf = layout == "pdf"
    text = render_text(obj, layout, style, page_every=23 if pdf else 0)
    # heading variants
    for part in PARTS:
        variant = draw(st.sampled_from(HEADING_VARIANTS[part.number]))
        text = text.replace(part.heading + "\n", variant + "\n", 1)
    # label variants
    if draw(st.booleans()):
        text = re.sub(r"(?m)(^|[\t|]\s*)行政规范性文件", r"\1规范性文件", text)
    ordinal = draw(st.sampled_from(["{}.", "{}、", "（{}）", "{}．"]))
    text = re.sub(r"(?m)(^|[\t|] ?)(\d)\.(?=[\u4e00-\u9fff“])", lambda m: m.group(1) + ordinal.format(m.group(2)), text)
    if draw(st.booleans()):
        text = text.replace("（", "(").replace("）", ")")
    # a table of contents after the title
    if draw(st.booleans()):
        toc = "目录\n" + "\n".join(f"{p.heading}……{i + 1}" for i, p in enumerate(PARTS)) + "\n"
        title_end = text.index("\n") + 1
        text = text[:title_end] + toc + text[title_end:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    data = text.replace("\n", newline).encode(encoding)
    return obj, data, f"layout={layout} style={style} encoding={encoding} newline={newline!r}"


@st.composite
def mixed_texts(draw, pieces: list[str], characters, piece_size: int, run_size: int) -> str:
    """Up to eight parts, each a piece of one of ``pieces`` (real report text, up to ``piece_size``
    characters) or a random run of ``characters`` (a strategy, up to ``run_size``), joined."""
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            piece = draw(st.sampled_from(pieces))
            start = draw(st.integers(0, len(piece)))
            parts.append(piece[start:start + draw(st.integers(0, piece_size))])
        else:
            parts.append(draw(st.text(characters, max_size=run_size)))
    return "".join(parts)
