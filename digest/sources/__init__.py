"""Where articles come from. Each source yields :class:`~digest.model.Document` records."""

from digest.sources.files import read_article_files

__all__ = ["read_article_files"]
