"""Polishing a fresh draft (``nianbao draft --polish``) before it is rendered."""

from __future__ import annotations

from ..catalog import NARRATIVE_KEYS, PART_BY_KEY
from .engine import PolishResult, polish_paragraphs, polishable_count


def _paragraphs(draft) -> list[tuple[str, int, str]]:
    """(part key, index in that part, text) of every narrative paragraph of the draft."""
    out = []
    for key in NARRATIVE_KEYS:
        for i, text in enumerate((draft.obj.get("sections", {}).get(key) or "").split("\n")):
            out.append((key, i, text))
    return out


def draft_polishable(draft) -> int:
    return polishable_count([t for _, _, t in _paragraphs(draft)], {})


def polish_draft(draft, backend, *, prompt="default", templates=None, prior=None, allow_inconsistent=False,
                 progress=None) -> PolishResult:
    """Polish the draft's narrative paragraphs in place; every rewrite passes the fact guard.

    After the accepted rewrites are put in, the draft is checked again exactly as before
    polishing (``verify_draft``); if that fails, every rewrite is undone.
    """
    from ..draft.engine import DraftCheckError, verify_draft

    items = _paragraphs(draft)
    result = polish_paragraphs(
        [t for _, _, t in items], backend, prompt=prompt, templates=templates, agency=draft.obj.get("agency", ""),
        year=draft.obj.get("year"), sections=[PART_BY_KEY[k].heading for k, _, _ in items],
        where=[f"{PART_BY_KEY[k].heading} 第 {i + 1} 段" for k, i, _ in items], progress=progress,
    )
    before = {k: draft.obj["sections"].get(k, "") for k in NARRATIVE_KEYS}
    for key in NARRATIVE_KEYS:
        texts = [result.items[n].text for n, (k, _, _) in enumerate(items) if k == key]
        if key in draft.obj.get("sections", {}):
            draft.obj["sections"][key] = "\n".join(texts)
    try:
        verify_draft(draft, prior, allow_inconsistent=allow_inconsistent)
    except DraftCheckError:
        draft.obj["sections"].update(before)
        for item in result.items:
            if item.status == "accepted":
                item.status, item.text, item.reasons = "rejected", item.original, ["润色后的草稿没有通过检查，已全部恢复原文"]
    return result
