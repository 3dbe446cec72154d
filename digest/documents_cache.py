"""Article files' Documents kept between builds (``.digest/documents.sqlite``).

Reading a file is cheap; parsing it is not (its YAML front matter, or an HTML page's
extraction by trafilatura), and every build reads the whole archive. Each file's Document
is stored under a key that hashes all it is made from (:class:`ArticleFile`: the file's
bytes, its sidecar's, its path and folder) and the code and packages that parse it. So the
key is the content, not the file's size and time: an edit is seen whatever it leaves of
those (a file edited within the same second to the same size, or given back its old
modification time, included), and a copied or checked-out archive, whose files all have new
times, still hits. A build still reads every file's bytes (the price of that guarantee);
it parses only the new and changed ones.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from digest.cache import Store, derivation_version, stored_value
from digest.model import Document, Problem
from digest.sources.files import ArticleFile, parse_article_file, read_article_files

DOCUMENTS_FILE = "documents.sqlite"
_PARSING_CODE = ("model.py", "sources/files.py", "sources/markup.py")
# trafilatura's own requirements shape what it extracts too (dates by htmldate, the
# parse by lxml, boilerplate by jusText, encodings by charset-normalizer), and it asks
# only for minimum versions of them.
_PARSING_PACKAGES = (
    "PyYAML",
    "trafilatura",
    "w3lib",
    "htmldate",
    "lxml",
    "justext",
    "courlan",
    "charset-normalizer",
)


def file_key(file: ArticleFile, version: str) -> str:
    """The key of ``file``'s Document parsed with ``version``."""
    hashed = hashlib.sha1(f"{version}\0{file.relative}\0{file.folder_outlet}\0".encode())
    if file.sidecar is not None:
        name, data = file.sidecar
        hashed.update(f"sidecar {name} {len(data)}\0".encode())
        hashed.update(data)
    hashed.update(file.data)
    return hashed.hexdigest()


def cached_article_files(
    folders: tuple[Path, ...], root: Path, max_bytes: int, cache_dir: Path
) -> tuple[tuple[Document, ...], tuple[Problem, ...]]:
    """:func:`digest.sources.files.read_article_files`, parsing only the files whose key
    has no Document stored. Rows of files no longer read are dropped; a file that cannot be
    read is not stored (it is reported at every build)."""
    store = Store(cache_dir / DOCUMENTS_FILE, "document")
    stored = store.read()
    version = derivation_version(_PARSING_CODE, _PARSING_PACKAGES)
    fresh: list[tuple[str, str, bytes]] = []

    def parse(file: ArticleFile) -> Document:
        key = file_key(file, version)
        cached = stored_value(stored or {}, file.relative, key)
        if isinstance(cached, Document):
            return cached
        document = parse_article_file(file)
        fresh.append((file.relative, key, pickle.dumps(document, pickle.HIGHEST_PROTOCOL)))
        return document

    documents, problems = read_article_files(folders, root, max_bytes, parse)
    gone = set(stored or ()) - {document.path for document in documents}
    if stored is not None and (fresh or gone):
        store.write(fresh, gone)
    return documents, problems
