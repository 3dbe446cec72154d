"""The exceptions digest raises.

DigestError
 ├── ConfigError   the settings in mkdocs.yml are wrong (exit status 2)
 ├── SourceError   one article file or feed could not be read or parsed (a warning
 │                 unless --strict: the rest of the build goes on)
 └── BuildError    rendering or publishing failed (exit status 1)
"""

from __future__ import annotations


class DigestError(Exception):
    """Base class of every error digest raises on purpose."""


class ConfigError(DigestError):
    """Invalid settings. The message names the file and the key."""

    def __init__(self, messages: list[str] | str) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


class SourceError(DigestError):
    """One input could not be read. The message starts with its path or URL."""


class BuildError(DigestError):
    """Rendering or publishing failed; the previous site is left in place."""
