"""Drafting: this year's figures + last year's report → a complete, checked report draft."""

from .engine import Draft, DraftCheckError, Sentence, draft_report, verify_draft
from .provenance import ProvenanceError
from .templates import TEMPLATE_NAMES, Templates, packaged_dir

__all__ = [
    "Draft", "DraftCheckError", "Sentence", "draft_report", "verify_draft", "ProvenanceError",
    "TEMPLATE_NAMES", "Templates", "packaged_dir",
]
