"""Properties of drafting over many random figure sets (hypothesis):

- the draft passes ``check --prior`` with zero errors and no year warnings;
- ``extract`` on the draft gives back exactly the input figures (md and txt; docx and html too);
- every narrative number outside a 【待核实】 marker comes from the figures or facts.
"""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.catalog import APPLICANT_KEYS, OUTCOME_ROWS, TABLE2_ROWS, TABLE3_ROWS, TABLE4_BLOCKS
from nianbao.check import check_report
from nianbao.draft import draft_report
from nianbao.draft.context import deltas, derived_numbers, quantities
from nianbao.draft.provenance import unbacked
from nianbao.figures import FACTS, blank_facts
from nianbao.read import read_bytes, read_report, read_text

from .conftest import FIXTURES, examples

TABLES = ("active_disclosure", "applications", "review_litigation")
PRIORS = (None, "madian_2024.txt", "suqian_2024.txt", "huaian_2024.txt")
counts = st.one_of(st.just(0), st.just(0), st.integers(1, 30), st.integers(31, 50_000))
rare = st.one_of(st.just(0), st.just(0), st.just(0), st.integers(1, 40), st.integers(41, 3_000))


@lru_cache(maxsize=None)
def prior_report(name):
    return read_report(FIXTURES / name) if name else None


@st.composite
def balanced_figures(draw, carried_over: dict | None):
    """Tables that satisfy every rule: rows sum, results total the 21 outcomes, columns balance."""
    ad = {}
    for row in TABLE2_ROWS:
        if len(row.columns) == 3:
            ad[row.key] = {c.key: draw(counts) for c in row.columns}
        elif row.money:
            ad[row.key] = draw(st.one_of(st.just(0), st.integers(1, 90_000),
                                         st.decimals(0, 90_000, places=4).map(float)))
        else:
            ad[row.key] = draw(counts)
    apps = {row.key: {} for row in TABLE3_ROWS}
    for col in APPLICANT_KEYS[:6]:
        outcomes = {row.key: draw(rare) for row in OUTCOME_ROWS}
        before = carried_over[col] if carried_over else draw(rare)
        forward = draw(rare)
        total = sum(outcomes.values())
        new = total + forward - before
        if new < 0:
            forward, new = forward - new, 0
        for key, value in outcomes.items():
            apps[key][col] = value
        apps["new_received"][col], apps["carried_over"][col] = new, before
        apps["results_total"][col], apps["carried_forward"][col] = total, forward
    for row in TABLE3_ROWS:
        apps[row.key]["total"] = sum(apps[row.key][c] for c in APPLICANT_KEYS[:6])
    rl = {}
    for block in TABLE4_BLOCKS:
        values = [draw(rare) for _ in range(4)]
        rl[block.key] = dict(zip(("upheld", "corrected", "other", "pending", "total"), values + [sum(values)]))
    return {"active_disclosure": ad, "applications": apps, "review_litigation": rl}


@st.composite
def facts(draw):
    out = blank_facts()
    for fact in FACTS:
        if fact.kind == "texts":
            if draw(st.booleans()):
                out[fact.key] = draw(st.lists(st.sampled_from([
                    "政策解读形式较为单一", "村级公开栏信息更新不够及时", "制定了信息发布审核流程，规范性明显提高",
                    "每季度开展一次自查", "加强业务培训，提升队伍能力"]), min_size=1, max_size=3, unique=True))
        elif draw(st.booleans()):
            out[fact.key] = draw(st.integers(0, 5_000)) if fact.kind == "count" else draw(
                st.one_of(st.integers(0, 9_000), st.decimals(0, 9_000, places=2).map(float)))
    return out


@st.composite
def drafting_inputs(draw):
    name = draw(st.sampled_from(PRIORS))
    prior = prior_report(name)
    carried = prior.figures["applications"]["carried_forward"] if prior else None
    fig = draw(balanced_figures(carried))
    agency = (prior.agency if prior and prior.agency else draw(st.sampled_from(["宿迁市人民政府", "某县某镇人民政府", "某市某局"])))
    year = prior.year + 1 if prior else draw(st.integers(2022, 2030))
    return {"agency": agency, "year": year, **fig, "facts": draw(facts())}, prior


def _assert_checks_and_round_trips(draft, obj, prior, report):
    assert {k: report.figures[k] for k in TABLES} == {k: obj[k] for k in TABLES}
    assert (report.agency, report.year) == (obj["agency"], obj["year"])
    bad = [f for f in check_report(report, prior) if f.severity == "error" or f.area == "year"]
    assert not bad, [f.message for f in bad]


SETTINGS = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(drafting_inputs())
def test_drafts_in_md_and_txt_check_clean_and_give_back_their_figures(inputs):
    obj, prior = inputs
    draft = draft_report(obj, prior)
    for fmt in ("md", "txt"):
        _assert_checks_and_round_trips(draft, obj, prior, read_text(draft.render(fmt), f"draft.{fmt}"))


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drafting_inputs())
def test_drafts_in_docx_and_html_check_clean_and_give_back_their_figures(inputs):
    obj, prior = inputs
    draft = draft_report(obj, prior)
    for fmt in ("docx", "html"):
        doc = draft.render(fmt)
        data = doc if isinstance(doc, bytes) else doc.encode("utf-8")
        _assert_checks_and_round_trips(draft, obj, prior, read_bytes(data, f"draft.{fmt}"))


@SETTINGS
@given(drafting_inputs())
def test_every_narrative_number_has_a_source_or_a_marker(inputs):
    obj, prior = inputs
    draft = draft_report(obj, prior)
    n = quantities({k: obj[k] for k in TABLES})
    d = deltas(n, quantities(prior.figures)) if prior is not None else None
    numbers, percents = derived_numbers(n, d, obj["facts"], obj["year"])
    text = "\n".join(draft.obj["sections"].values())
    assert not unbacked(text, numbers, percents, obj["year"])
    # and the per-sentence record covers the whole narrative
    assert sum(len(s.text) for s in draft.sentences) <= len(text)
    assert {s.kind for s in draft.sentences} <= {"generated", "carried", "marked"}
    if prior is None:
        assert all(s.origin == "generated" for s in draft.sentences)
