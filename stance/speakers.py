"""Speakers: the registry, speaker mentions in the text, and their resolution.

A facade over three modules, one per stage: :mod:`stance.registry` (the table
of known people and institutions), :mod:`stance.mentions` (a noun phrase read
as a mention) and :mod:`stance.resolve` (the mentions of one article turned
into canonical :class:`~stance.records.Speaker` records). Import from here or
from the module itself.
"""
from __future__ import annotations

from .mentions import (COMMON_VERBS, DESCRIPTION_NOUNS, DOCUMENT_NOUNS, PRONOUNS, TITLE_WORDS, Mention,
                       MentionReader, generic_mention, is_source_noun, parse_mention)
from .registry import REGISTRY_COLUMNS, RegistryEntry, SpeakerRegistry, fold, read_registry
from .resolve import Resolver

__all__ = ["COMMON_VERBS", "DESCRIPTION_NOUNS", "DOCUMENT_NOUNS", "PRONOUNS", "REGISTRY_COLUMNS", "TITLE_WORDS",
           "Mention", "MentionReader", "RegistryEntry", "Resolver", "SpeakerRegistry", "fold", "generic_mention",
           "is_source_noun", "parse_mention", "read_registry"]
