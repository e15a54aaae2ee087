"""Polishing the narrative with a local model, behind a fact guard.

Pipeline: :func:`open_document` finds the narrative paragraphs of a report file →
:func:`polish_paragraphs` asks a backend (:func:`make_backend`: a local transformers model or an
OpenAI-compatible endpoint) for each paragraph and keeps only rewrites that pass
:func:`check_rewrite` → ``document.render(result)`` writes the accepted ones back.
torch/transformers are imported only when a local model is loaded.
"""

from __future__ import annotations

from .backend import Backend, Request, make_backend
from .document import open_document
from .engine import ParagraphOutcome, PolishResult, polish_paragraphs, polishable_count, split_label
from .guard import check_rewrite, number_tokens, protected_spans
from .prompts import load_prompt

__all__ = [
    "Backend", "Request", "make_backend", "open_document", "ParagraphOutcome", "PolishResult", "polish_paragraphs",
    "polishable_count", "split_label", "check_rewrite", "number_tokens", "protected_spans", "load_prompt",
]
