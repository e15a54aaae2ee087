"""Writers: the report model → text, Markdown (and, with drafting, Word and HTML)."""
