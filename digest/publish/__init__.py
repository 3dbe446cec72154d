"""Stage 5: briefs → Markdown pages, feeds, incidents.json, and the MkDocs site."""
