"""The speaker registry: canonical names, aliases, titles, types and affiliations."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

REGISTRY_COLUMNS = ("name", "type", "affiliation", "aliases", "titles", "gender", "start", "end")


@dataclass(frozen=True)
class RegistryEntry:
    """One known speaker: a person, an institution or a group."""

    name: str
    type: str
    affiliation: str | None
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    gender: str | None = None
    start: str | None = None
    end: str | None = None


def _read_entries(source) -> list[RegistryEntry]:
    entries = []
    for row in csv.DictReader(source):
        split = lambda key: tuple(v.strip() for v in (row.get(key) or "").split("|") if v.strip())
        entries.append(RegistryEntry(
            name=row["name"].strip(), type=row["type"].strip(), affiliation=(row.get("affiliation") or "").strip() or None,
            aliases=split("aliases"), titles=split("titles"), gender=(row.get("gender") or "").strip() or None,
            start=(row.get("start") or "").strip() or None, end=(row.get("end") or "").strip() or None,
        ))
    return entries


class SpeakerRegistry:
    """Known speakers, looked up by any of their names."""

    def __init__(self, entries: list[RegistryEntry]):
        self.entries = list(entries)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "SpeakerRegistry":
        """The registry shipped with the package (``stance/data/speakers.csv``)."""
        with resources.files("stance").joinpath("data/speakers.csv").open(encoding="utf-8") as f:
            return cls(_read_entries(f))

    def extended(self, path: str | Path) -> "SpeakerRegistry":
        """A new registry with the entries of the CSV at ``path`` added (they win on conflicts)."""
        with open(path, encoding="utf-8", newline="") as f:
            return SpeakerRegistry(self.entries + _read_entries(f))
