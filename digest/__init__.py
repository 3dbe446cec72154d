"""digest: turn a stream of news articles into an incident briefing."""

import logging

from digest.errors import BuildError, ConfigError, DigestError, SourceError

__version__ = "0.1.0"

__all__ = ["BuildError", "ConfigError", "DigestError", "SourceError", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
