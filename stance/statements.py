"""Find the statements of an article and attribute them (being written)."""
from __future__ import annotations

from .records import Article, Statement
from .speakers import SpeakerRegistry


def find_statements(article: Article, registry: SpeakerRegistry) -> list[Statement]:
    """Every statement of ``article`` in reading order."""
    return []
