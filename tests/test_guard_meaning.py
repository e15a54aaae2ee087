"""The guard on meaning: swaps of direction, polarity, counted nouns, units and names are rejected;
faithful rewrites (reordered clauses, other verbs) of the same real sentences are accepted."""

from __future__ import annotations

import pytest

from nianbao.polish.guard import check_rewrite
from nianbao.polish.meaning import bindings, entities, polarity

from .conftest import FIXTURES

SUQIAN_2023 = (FIXTURES / "suqian_2023.txt").read_text(encoding="utf-8")
SUQIAN_2024 = (FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")
SHANGHAI = (FIXTURES / "shanghai_shizhengfu_bangongting_2019.txt").read_text(encoding="utf-8")

# real sentences (asserted below to be in the fixtures)
APPLICANTS = "其中，自然人申请3493件，法人或其他组织申请114件；予以公开1191件、部分公开328件、不予公开142件。"
GROWTH = "全市政府系统共开设备案政务新媒体176个，同比增长6.7%，连续12个季度在全省政务新媒体抽查检查中总体合格率达到100%。"
UPHELD = "信息公开类行政复议7件，诉讼9件，均获维持，继续保持了省级政府零败诉的记录。"
PLACES = "全市全年共收办政府信息公开申请案件3607件（市政府349件、沭阳县477件、泗阳县301件、宿豫区216件）。"
# sentences as `nianbao draft` writes them (examples/madian-2025 with the 2024 report as prior)
DRAFTED = "本年度共新收政府信息公开申请4件，较上年增加4件，其中自然人申请3件、法人或其他组织申请1件。"
NO_SUIT = "本年度未发生因政府信息公开工作被提起行政诉讼的情况。"
REVIEW = "本年度因政府信息公开工作被申请行政复议1件，较上年增加1件，其中结果维持1件。"


def test_sentences_are_real():
    assert APPLICANTS[:30] in SUQIAN_2023
    assert GROWTH[:40] in SUQIAN_2023 or GROWTH[:40] in SUQIAN_2024
    assert UPHELD[:30] in SHANGHAI
    assert "沭阳县477件" in SUQIAN_2023 and "宿豫区216件" in SUQIAN_2023


FAITHFUL = {
    "clauses reordered": (APPLICANTS, "其中，法人或其他组织申请114件，自然人申请3493件；予以公开1191件、部分公开328件、不予公开142件。"),
    "verb changed": (APPLICANTS, APPLICANTS.replace("自然人申请", "自然人提出申请").replace("法人或其他组织申请", "法人或其他组织提出申请")),
    "noun after number": (DRAFTED, "本年度共新收4件政府信息公开申请，较上年增加4件，其中自然人申请3件、法人或其他组织申请1件。"),
    "comparison synonym": (GROWTH, GROWTH.replace("同比增长", "较上年增长")),
    "negation synonym": (NO_SUIT, "本年度没有发生因政府信息公开工作被提起行政诉讼的情况。"),
    "occurrence synonym": (NO_SUIT, NO_SUIT.replace("未发生", "未出现")),
    "places reordered": (PLACES, PLACES.replace("沭阳县477件、泗阳县301件", "泗阳县301件、沭阳县477件")),
    "shanghai verb": (UPHELD, UPHELD.replace("继续保持了", "延续了")),
    "review reworded": (REVIEW, "本年度因政府信息公开工作被申请行政复议1件，比上年增加1件，其中结果维持1件。"),
}


@pytest.mark.parametrize("name", sorted(FAITHFUL))
def test_faithful_rewrites_pass(name):
    original, rewrite = FAITHFUL[name]
    assert rewrite != original
    assert check_rewrite(original, rewrite) == [], name


SWAPS = {
    "increase to decrease": (DRAFTED, DRAFTED.replace("增加", "减少"), "方向"),
    "comparison dropped": (DRAFTED, DRAFTED.replace("较上年增加", "增加"), "同比/较上年"),
    "growth to decline": (GROWTH, GROWTH.replace("增长", "下降"), "方向"),
    "did not happen to happened": (NO_SUIT, NO_SUIT.replace("未发生", "发生了"), "未/没有"),
    "negation added": (UPHELD, UPHELD.replace("均获维持", "均未获维持"), "未/没有"),
    "upheld to corrected": (REVIEW, REVIEW.replace("维持", "纠正"), "纠正"),
    "applicant counts swapped": (DRAFTED, DRAFTED.replace("自然人申请3件、法人或其他组织申请1件", "自然人申请1件、法人或其他组织申请3件"), "对象"),
    "real applicant counts swapped": (APPLICANTS, APPLICANTS.replace("3493", "X").replace("114", "3493").replace("X", "114"), "对象"),
    "outcomes swapped": (APPLICANTS, APPLICANTS.replace("部分公开328件、不予公开142件", "部分公开142件、不予公开328件"), "对象"),
    "place counts swapped": (PLACES, PLACES.replace("沭阳县477件、泗阳县301件", "沭阳县301件、泗阳县477件"), "对象"),
    "unit changed": (GROWTH, GROWTH.replace("176个", "176件"), "单位"),
    "place replaced": (PLACES, PLACES.replace("宿豫区", "宿城区"), "地名"),
    "body added": (UPHELD, UPHELD.replace("信息公开类", "市司法局办理的信息公开类"), "地名"),
}


@pytest.mark.parametrize("name", sorted(SWAPS))
def test_meaning_swaps_are_rejected(name):
    original, rewrite, expected = SWAPS[name]
    assert rewrite != original
    reasons = check_rewrite(original, rewrite)
    assert reasons, name
    assert any(expected in r for r in reasons), reasons


def test_bindings_polarity_entities():
    b = bindings(DRAFTED)
    assert b["自然人"] == {("3", "件"): 1} and b["法人"] == {("1", "件"): 1}
    assert polarity(NO_SUIT)["negation"] == 1 and polarity(NO_SUIT)["occurrence"] == 1
    assert polarity(DRAFTED)["increase"] == 1 and polarity(DRAFTED)["comparison"] == 1
    assert {"沭阳县", "泗阳县"} <= set(entities(PLACES))
    assert not {"全市", "我镇"} & set(entities(PLACES + "我镇"))


def test_faithful_rewrites_of_real_reports_pass():
    """Every paragraph of the 91 real report excerpts, rewritten with synonyms as a careful model would."""
    from .test_polish_endpoint import faithful

    from nianbao.polish.meaning import check_meaning

    changed = []
    for path in sorted((FIXTURES / "reports").glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n"):
            para = para.strip()
            new = faithful(para, 0)
            if len(para) >= 40 and not para.startswith("#") and new != para:
                changed.append((path.name, para, new))
    assert len(changed) > 100
    rejected = [(name, check_meaning(old, new)) for name, old, new in changed if check_meaning(old, new)]
    assert not rejected
    # and the same paragraphs with a direction word flipped are all caught
    flipped = [(old, old.replace("增加", "减少", 1)) for _, old, _ in changed if "增加" in old]
    assert flipped and all(check_meaning(old, new) for old, new in flipped)


def test_meaning_tokens_use_the_whole_dictionary_from_the_cache(monkeypatch):
    """With jieba's dictionary cached (loaded bucket by bucket), the guard's words are those of the
    whole dictionary: “自然人” stays one word in a fresh process, not only after a full build."""
    from nianbao.compare import words
    from nianbao.polish import meaning

    words.cut("申请人为自然人")  # the cache file exists from here on
    monkeypatch.setattr(words, "_TOKENIZER", None)  # a new process: the dictionary comes from the cache
    meaning._pos_tokenizer.cache_clear()
    meaning._tokens.cache_clear()
    try:
        assert words.tokenizer().nianbao_dictionary is not None
        tokens = [t[0] for t in meaning._tokens("收到自然人提出的申请")]
        assert "自然人" in tokens, tokens
    finally:
        meaning._pos_tokenizer.cache_clear()
        meaning._tokens.cache_clear()
