"""digest: turn a stream of news articles into an incident briefing."""

import logging

from digest.errors import BuildError, ConfigError, DigestError, SourceError

__version__ = "0.1.0"
"""The release; pyproject.toml reads it from here (one place to bump)."""
DISTRIBUTION = "digest-briefing"
"""The name on the package index (`pip install digest-briefing`): `digest` there is another
project. The command and the import package are `digest`."""

__all__ = [
    "DISTRIBUTION",
    "BuildError",
    "ConfigError",
    "DigestError",
    "SourceError",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
