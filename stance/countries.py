"""Countries and blocs: names, aliases, demonyms and capitals, and where a text mentions them."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence

COUNTRY_COLUMNS = ("code", "kind", "name", "aliases", "demonyms", "capitals", "government")
_WORD = re.compile(r"(?<![\w.'\u2019-])[A-Z][\w.'\u2019-]*")
# Capitalised words that may follow a country's name without making it part of another name.
NAME_CONTINUATIONS_OK = {
    "president", "prime", "foreign", "defense", "defence", "minister", "ministry", "army", "military", "navy",
    "government", "secretary", "state", "department", "embassy", "ambassador", "forces", "air", "security",
    "national", "senate", "house", "congress", "parliament", "supreme", "leader", "spokesperson", "spokesman",
    "spokeswoman", "officials", "authorities", "envoy", "chief", "general", "defense", "joint", "special",
    "deputy", "vice", "high", "central", "interior", "intelligence", "marine", "marines", "coast", "border",
    "navy", "says", "said", "warns", "urges", "accuses", "vows", "rejects", "threatens", "calls", "will", "is",
    "has", "and", "on", "in", "to", "for", "the", "says", "tells", "slams", "denies", "agrees", "welcomes",
    "condemns", "demands", "asks", "presses", "signs", "backs", "claims", "orders", "plans", "seeks", "hits",
    "following", "after", "over", "against", "amid", "as", "with", "from", "at", "by", "of", "before", "while",
    "but", "or", "if", "not", "no", "strike", "strikes", "attack", "attacks", "talks", "deal", "troops",
    "missile", "missiles", "aid", "sanctions", "war", "ties", "relations", "tensions", "could", "would", "must",
    "may", "can", "should", "was", "are", "were", "had", "have", "does", "did", "pledges", "vow", "warn", "urge",
}


@dataclass(frozen=True)
class Country:
    """A country or bloc (``kind`` is ``country`` or ``bloc``), keyed by its alpha-3 or bloc code."""

    code: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    government: str | None = None

    @property
    def adjective(self) -> str:
        """The main demonym (``Russian``), or the name when there is none."""
        return self.demonyms[0] if self.demonyms else self.name


@dataclass(frozen=True)
class CountryMention:
    """A place in a text that names a country or bloc; ``form`` says how (name, alias, demonym, capital)."""

    start: int
    end: int
    code: str
    form: str


def split_list(value: str | None) -> tuple[str, ...]:
    """The items of a ``|``-separated CSV field (``US|U.S.|America``), stripped, blanks dropped."""
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def csv_rows(source: IO[str], columns: Sequence[str], required: Sequence[str], what: str) -> Iterator[dict[str, str]]:
    """The rows of a registry CSV, after checking that its header has the ``required`` columns."""
    reader = csv.DictReader(source)
    missing = [c for c in required if c not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"a {what} CSV needs the columns {', '.join(columns)}; missing {', '.join(missing)}")
    yield from reader


def commented_rows(lines: Iterable[str], delimiter: str = "\t") -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a data table whose ``#`` lines (and blank lines) are comments, each with its line number in
    the file, so that an error can name the line to fix."""
    numbered = [(number, line) for number, line in enumerate(lines, start=1)
                if line.strip() and not line.startswith("#")]
    rows = csv.DictReader((line for _, line in numbered), delimiter=delimiter)
    for (number, _), row in zip(numbered[1:], rows):
        yield number, row


def _case_fits(canonical: str, written: str) -> bool:
    """Whether ``written`` has the case its form needs: an all-capitals form (``US``) in capitals, a capitalised
    one capitalised (so the pronoun *us* is not the United States)."""
    return not (canonical.isupper() and not written.isupper()) and \
        not (canonical[:1].isupper() and not written[:1].isupper())


def read_countries(source: IO[str]) -> list[Country]:
    """Parse a countries CSV (columns ``code,kind,name,aliases,demonyms,capitals,government``)."""
    rows = []
    for row in csv_rows(source, COUNTRY_COLUMNS, ("code", "name"), "countries"):
        missing = [c for c in ("code", "name") if not (row.get(c) or "").strip()]
        if missing:
            raise ValueError(f"countries CSV row {row!r} lacks {', '.join(missing)}")
        rows.append(Country(
            code=row["code"].strip(), kind=(row.get("kind") or "country").strip(), name=row["name"].strip(),
            aliases=split_list(row.get("aliases")), demonyms=split_list(row.get("demonyms")),
            capitals=split_list(row.get("capitals")), government=(row.get("government") or "").strip() or None,
        ))
    return rows


class Countries:
    """A table of countries and blocs with a matcher for their mentions in text."""

    def __init__(self, countries: Iterable[Country]):
        self.by_code: dict[str, Country] = {}
        for country in countries:
            self.by_code[country.code] = country
        self._forms: dict[str, tuple[str, str]] = {}
        for country in self.by_code.values():
            for form, names in (("capital", country.capitals), ("demonym", country.demonyms),
                                ("alias", country.aliases), ("name", (country.name,))):
                for written in names:
                    self._forms[self._key(written)] = (country.code, form)
        self._by_first: dict[str, list[str]] = {}
        for key in sorted(self._forms, key=len, reverse=True):
            self._by_first.setdefault(key.split()[0], []).append(key)
        self._canonical = {self._key(w): w[4:] if w.lower().startswith("the ") else w
                           for code in self.by_code for w in self._written(code)}
        lower_firsts = sorted({k.split()[0] for k, w in self._canonical.items() if not w[:1].isupper()
                               and not k.split()[0][:1].isdigit()}, key=len, reverse=True)
        self._word = re.compile(r"(?<![\w.'\u2019-])(?:[A-Z][\w.'\u2019-]*|(?:"
                                + "|".join(re.escape(w) for w in lower_firsts) + r")\b)") if lower_firsts else _WORD

    @staticmethod
    def _key(written: str) -> str:
        key = " ".join(written.split()).lower()
        return key[4:] if key.startswith("the ") else key

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Countries":
        """The table shipped with the package (``stance/data/countries.csv``)."""
        with resources.files("stance").joinpath("data/countries.csv").open(encoding="utf-8") as f:
            return cls(read_countries(f))

    def extended(self, path: str | Path) -> "Countries":
        """A new table with the rows of the CSV at ``path`` added (they win on conflicts)."""
        with open(path, encoding="utf-8", newline="") as f:
            return Countries([*self.by_code.values(), *read_countries(f)])

    def get(self, code: str | None) -> Country | None:
        """The country or bloc with this code, or ``None``."""
        return self.by_code.get(code) if code else None

    def lookup(self, written: str) -> tuple[str, str] | None:
        """``(code, form)`` for a name, alias, demonym or capital as written (``"Moscow"``), else ``None``."""
        if written.endswith(("'s", "\u2019s")):
            written = written[:-2]
        return self._forms.get(self._key(written))

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[CountryMention]:
        """Every mention of a country or bloc in ``text[start:end]``, as offsets into ``text``.

        Matching ignores case except that an all-capitals form (``US``, ``UK``)
        must be written in capitals, so the pronoun *us* is not the United States.
        """
        found: list[CountryMention] = []
        stop = len(text) if end is None else end
        for word in self._word.finditer(text, start, stop):
            at = word.start()
            if found and at < found[-1].end:
                continue
            first = word.group().lower()
            if first.endswith(("'s", "\u2019s")):
                first = first[:-2]
            mention = self._mention_at(text, at, first, stop)
            if mention is not None:
                found.append(mention)
            elif "-" in first or first.endswith(("'", "\u2019")):
                found.extend(self._compound_parts(text, word))
        return found

    def _mention_at(self, text: str, at: int, first: str, stop: int) -> CountryMention | None:
        """The longest name, alias, demonym or capital starting at ``at`` whose first word is ``first``."""
        for key in self._by_first.get(first, ()) or self._by_first.get(first.rstrip("."), ()):
            written = text[at:at + len(key)]
            if " ".join(written.lower().split()) != key or at + len(key) > stop or \
                    (at + len(key) < len(text) and text[at + len(key)].isalnum()):
                continue
            code, form = self._forms[key]
            if not _case_fits(self._canonical.get(key, written), written):
                return None
            if form != "demonym" and self._inside_longer_name(text, at, at + len(key)):
                return None
            return CountryMention(at, at + len(key), code, form)
        return None

    def _compound_parts(self, text: str, word: re.Match[str]) -> list[CountryMention]:
        """Countries inside a hyphenated or possessive word: ``US-made``, ``Iran-backed``, ``US-China``, ``US'``."""
        found = []
        for part in re.finditer(r"[^-'\u2019]+", word.group()):
            written = part.group()
            if word.group()[part.end():].lower().startswith("-based"):
                continue  # 'a Washington-based group' says where, not who
            entry = self._forms.get(written.lower())
            canonical = self._canonical.get(written.lower(), written)
            if entry is None or " " in canonical or not written[:1].isupper() or not _case_fits(canonical, written):
                continue
            found.append(CountryMention(word.start() + part.start(), word.start() + part.end(), *entry))
        return found

    @staticmethod
    def _inside_longer_name(text: str, start: int, end: int) -> bool:
        """``West Bank``, ``Washington Post``, ``Latin America``: a country word inside another proper name."""
        following = re.match(r"(?:\s+)([A-Z][a-z]+)", text[end:end + 30])
        if following and following.group(1).lower() not in NAME_CONTINUATIONS_OK:
            return True
        preceding = re.search(r"([A-Z][a-z]+)\s+$", text[max(0, start - 30):start])
        return bool(preceding and preceding.group(1) in ("Latin", "South", "North", "Central", "New", "East",
                                                         "West", "Southeast", "Greater", "Upper", "Lower"))

    def _written(self, code: str) -> tuple[str, ...]:
        country = self.by_code[code]
        return (country.name, *country.aliases, *country.demonyms, *country.capitals)
