"""The speaker registry: known people, institutions and groups (``data/speakers.csv``).

Each row gives a canonical name, aliases and transliterations (acronyms such
as ``DFA`` or ``KCNA`` included), titles, type, affiliation and term of office;
users add their own rows with :meth:`SpeakerRegistry.extended`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Iterable

from .countries import Countries, csv_rows, split_list

REGISTRY_COLUMNS = ("name", "type", "affiliation", "aliases", "titles", "gender", "start", "end")


# Letters that Unicode does not decompose into a base letter and a mark, so NFKD alone would drop them
# ("Kalın" would fold to "kaln", not "kalin").
_UNDECOMPOSED = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss",
                               "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ð": "d", "þ": "th"})


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents or punctuation, for matching names (``Erdoğan`` -> ``erdogan``)."""
    if not text.isascii():  # ASCII text is its own NFKD form
        text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub(" ", text.lower()).strip()


def is_short_acronym(written: str) -> bool:
    """Whether an alias is an acronym of at most five capitals (``WHO``, ``SPA``, ``FO``): one that matches only
    as written, since in lower case it is often a word."""
    return len(written) <= 5 and written.isalpha() and written.isupper()


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

    @property
    def is_outlet(self) -> bool:
        """Whether the entry is a news outlet (registry title ``news outlet``): it relays, it is not a source."""
        return "news outlet" in self.titles

    @property
    def is_state_media(self) -> bool:
        """Whether the entry is a state news agency or broadcaster (title ``state media``): whom it relays
        without a country is of its own country (``KCNA said a ministry spokesperson warned``)."""
        return "state media" in self.titles

    def in_office(self, on: str | None) -> bool:
        """Whether the entry's title held on the ISO date ``on`` (true when either is unknown)."""
        return on is None or ((self.start or "") <= on and (not self.end or on <= self.end))


def read_registry(source: IO[str]) -> list[RegistryEntry]:
    """Parse a speakers CSV (columns ``name,type,affiliation,aliases,titles,gender,start,end``)."""
    entries = []
    for row in csv_rows(source, REGISTRY_COLUMNS, ("name", "type"), "speakers"):
        name, kind = (row.get("name") or "").strip(), (row.get("type") or "").strip()
        if not name or kind not in ("person", "organization", "group"):
            raise ValueError(f"speakers CSV row needs a name and a type person/organization/group: {row!r}")
        entries.append(RegistryEntry(
            name=name, type=kind, affiliation=(row.get("affiliation") or "").strip() or None,
            aliases=split_list(row.get("aliases")), titles=tuple(t.lower() for t in split_list(row.get("titles"))),
            gender=(row.get("gender") or "").strip() or None, start=(row.get("start") or "").strip() or None,
            end=(row.get("end") or "").strip() or None,
        ))
    return entries


class SpeakerRegistry:
    """Known speakers, looked up by any of their names, plus the table of countries and blocs."""

    def __init__(self, entries: Iterable[RegistryEntry], countries: Countries | None = None):
        self.entries = list(entries)
        self.countries = countries or Countries.default()
        self._by_name: dict[str, RegistryEntry] = {}
        self._by_surname: dict[str, list[RegistryEntry]] = {}
        self._by_acronym: dict[str, RegistryEntry] = {}
        for entry in self.entries:
            for written in (entry.name, *entry.aliases):
                if written != entry.name and is_short_acronym(written):
                    self._by_acronym[written] = entry  # "WHO", "SPA", "APP": not the words "who", "spa", "app"
                    if len(written) >= 4:  # "Unfpa", "Ohchr": a longer acronym is also written as a word
                        self._by_name.setdefault(fold(written), entry)
                    continue
                key = fold(written)
                if " " in key or entry.type != "person" or key == fold(entry.name):
                    self._by_name[key] = entry
                elif entry not in (bearers := self._by_surname.setdefault(key, [])):
                    bearers.append(entry)  # "Erdogan" and "Erdoğan" fold to one surname of one person
        self._longest = max((len(k.split()) for k in self._by_name), default=1)
        self._first_words = {key.split()[0] for key in self._by_name if key}

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "SpeakerRegistry":
        """The registry shipped with the package (``stance/data/speakers.csv`` and ``countries.csv``)."""
        with resources.files("stance").joinpath("data/speakers.csv").open(encoding="utf-8") as f:
            return cls(read_registry(f))

    def extended(self, path: str | Path) -> "SpeakerRegistry":
        """A new registry with the rows of the CSV at ``path`` added; they win on conflicts.

        The file is a speakers CSV, or a countries CSV (recognised by its
        ``code`` column) adding countries or blocs.
        """
        with open(path, encoding="utf-8", newline="") as f:
            header = f.readline()
        if "code" in [c.strip() for c in header.split(",")]:
            return SpeakerRegistry(self.entries, self.countries.extended(path))
        with open(path, encoding="utf-8", newline="") as f:
            return SpeakerRegistry(self.entries + read_registry(f), self.countries)

    def with_entries(self, entries: Iterable[RegistryEntry]) -> "SpeakerRegistry":
        """A new registry with ``entries`` added; they win on conflicts.

        >>> extra = RegistryEntry("Marta Ilves", "person", "EST", aliases=("Ilves",), titles=("foreign minister",))
        >>> SpeakerRegistry.default().with_entries([extra]).lookup("marta ilves").affiliation
        'EST'
        """
        return SpeakerRegistry(self.entries + list(entries), self.countries)

    def lookup(self, written: str) -> RegistryEntry | None:
        """The entry whose name or multi-word alias is ``written`` (accents and case ignored; a short acronym
        alias only in capitals, see :func:`is_short_acronym`)."""
        return self._by_name.get(fold(written)) or self._by_acronym.get(written.strip())

    def may_open_name(self, word: str) -> bool:
        """Whether a name of several words may start with the written ``word``: its folded first word opens a
        registered name or alias (a word that folds to nothing may open any)."""
        folded = fold(word).split()
        return not folded or folded[0] in self._first_words

    def by_surname(self, surname: str) -> list[RegistryEntry]:
        """People whose single-word alias (their surname) is ``surname``."""
        return self._by_surname.get(fold(surname), [])

    def by_title(self, title: str, affiliation: str | None, on: str | None) -> RegistryEntry | None:
        """The person holding ``title`` (``foreign minister``) for ``affiliation`` on date ``on``.

        Exact titles win over titles ending in it (``president`` over ``vice
        president``); among several holders, the latest to take office, when
        all their start dates are known; otherwise ``None``.
        """
        holders = [e for e in self.entries if e.type == "person" and e.affiliation == affiliation and e.in_office(on)]
        found = [e for e in holders if title in e.titles] or \
            [e for e in holders if any(t.endswith(" " + title) for t in e.titles)]
        if len(found) == 1:
            return found[0]
        if found and all(e.start for e in found):
            return max(found, key=lambda e: e.start or "")
        return None

    def holder_of(self, institution: RegistryEntry, title: str, on: str | None) -> RegistryEntry | None:
        """The person holding ``title`` (``chief``) at ``institution`` (the WHO) on date ``on``, else ``None``.

        The holder's registry title names the institution by its name or an alias (``who chief``), less the
        name of the bloc it belongs to (``commission chairperson`` at the African Union Commission); at a
        bloc's own body (the IAEA, the GCC) the bare title is enough.
        """
        bloc = self.countries.get(institution.affiliation or "")
        bloc_names = {fold(n) for n in (bloc.code, bloc.name, *bloc.aliases, *bloc.demonyms)} if bloc else set()
        for written in (institution.name, *institution.aliases):
            key = fold(written)
            forms = [key] + [key[len(n) + 1:] for n in bloc_names if key.startswith(n + " ")]
            for form in forms + ([""] if key in bloc_names else []):
                found = self.by_title(f"{form} {title}".strip(), institution.affiliation, on)
                if found is not None:
                    return found
        return None

    @property
    def longest_name(self) -> int:
        """The most words in any registered name or alias."""
        return self._longest

