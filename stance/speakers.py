"""Speakers: the registry, speaker mentions in the text, and their resolution.

The registry (``data/speakers.csv``) lists known people and institutions with
their canonical name, aliases and transliterations, titles, type and
affiliation; users add their own rows with :meth:`SpeakerRegistry.extended`.
:func:`parse_mention` reads a noun phrase such as ``Russian Foreign Minister
Sergei Lavrov``, ``the diplomat``, ``Pyongyang's Defense Ministry`` or ``US
officials``; a :class:`Resolver`, one per article, turns mentions into
canonical :class:`~stance.records.Speaker` records, resolving surnames,
titles, descriptions and pronouns against what the article said before.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Iterable, Sequence

from .countries import Countries, Country, csv_rows, split_list
from .cues import Token
from .records import Speaker

REGISTRY_COLUMNS = ("name", "type", "affiliation", "aliases", "titles", "gender", "start", "end")

PRONOUNS = {"he": "m", "she": "f", "they": "plural", "it": "thing", "we": "plural", "i": None}
DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "this", "these", "both", "two",
               "three", "several", "some", "many", "other", "another", "one"}
# Words that may stand in a title before a name (President, Foreign Minister, ...), lower case.
TITLE_WORDS = set(
    """president vice prime minister ministers foreign defense defence secretary secretary-general general
    spokesperson spokesman spokeswoman spokespeople spokesmen ambassador envoy chancellor premier king queen
    prince crown emir sheikh supreme leader commander chief head director chairman chairwoman chair speaker
    deputy acting former senior adviser advisor aide senator sen. rep. representative governor mayor lt. gen.
    col. adm. maj. capt. mr. mrs. ms. dr. mr mrs ms dr gov. prof. rev. amb. sgt.
    brig. cmdr. pres. sec. sens. reps. pope patriarch cardinal affairs external internal interior
    state national security high commissioner member lawmaker congressman congresswoman mp officer official
    diplomat top army navy air force military staff joint chiefs special presidential press secretary of for
    to the attorney justice finance trade economy energy home homeland intelligence ground lieutenant colonel
    admiral marshal major captain sergeant retired incoming outgoing then-president then-secretary
    then-foreign first lady cabinet party opposition ruling veteran negotiator mediator counterpart
    ukrainian-born longtime nominee candidate contender challenger incumbent hopeful front-runner
    frontrunner""".split()
)
# Lower-case words that name an institution inside a mention.
ORG_WORDS = {
    "ministry": "ministry", "department": "department", "office": "office", "government": "government",
    "administration": "government", "cabinet": "government", "military": "military", "army": "military",
    "forces": "military", "navy": "military", "embassy": "embassy", "council": "council", "agency": "outlet",
    "outlet": "outlet", "website": "outlet", "newspaper": "outlet", "daily": "outlet", "channel": "outlet",
    "broadcaster": "outlet", "television": "outlet", "tv": "outlet", "radio": "outlet", "network": "outlet",
    "portal": "outlet", "presidency": "presidency", "parliament": "parliament", "legislature": "parliament",
    "commission": "council", "committee": "council", "staff": "military", "command": "military",
    "mission": "embassy", "consulate": "embassy", "guard": "military", "corps": "military", "service": "agency",
    "regime": "government", "leadership": "government", "court": "council", "union": "council",
}
GROUP_NOUNS = {"police", "officials", "authorities", "sources", "diplomats", "media", "lawmakers", "leaders", "ministers",
               "officers", "spokespeople", "representatives", "envoys", "governments", "countries", "nations",
               "sides", "allies", "partners", "negotiators", "delegations", "legislators", "analysts", "experts",
               "commanders", "generals", "observers", "military", "insiders", "aides", "advisers", "advisors",
               "senators", "members", "states"}
DESCRIPTION_NOUNS = {
    "minister": ("minister",),
    "spokesperson": ("spokesperson", "spokesman", "spokeswoman", "representative", "press secretary"),
    "spokesman": ("spokesperson", "spokesman", "spokeswoman", "representative", "press secretary"),
    "spokeswoman": ("spokesperson", "spokesman", "spokeswoman", "representative", "press secretary"),
    "diplomat": ("minister", "ambassador", "envoy", "diplomat", "spokesperson", "spokesman", "spokeswoman",
                 "secretary of state", "foreign"),
    "leader": ("president", "prime minister", "premier", "chancellor", "king", "leader", "emir", "chairman",
               "supreme", "secretary-general", "head of state"),
    "president": ("president",), "premier": ("premier", "prime minister"), "chancellor": ("chancellor",),
    "chief": ("chief", "head", "secretary-general", "director", "commander", "secretary", "minister"),
    "head": ("chief", "head", "secretary-general", "director", "chairman", "secretary", "minister"),
    "secretary-general": ("secretary-general",), "secretary": ("secretary",),
    "ambassador": ("ambassador", "envoy"), "envoy": ("envoy", "ambassador", "representative"),
    "representative": ("representative", "spokesperson", "spokesman", "spokeswoman", "envoy"), "official": ("official",),
    "adviser": ("adviser", "advisor", "aide"), "advisor": ("adviser", "advisor", "aide"), "aide": ("aide", "adviser"),
    "commander": ("commander", "general", "chief"), "general": ("general", "commander"),
    "senator": ("senator",), "governor": ("governor",), "mayor": ("mayor",), "ruler": ("king", "emir", "leader"),
    "negotiator": ("negotiator", "envoy"), "mediator": ("mediator", "envoy"), "lawmaker": ("lawmaker", "senator", "mp"),
    "counterpart": ("minister", "president", "prime minister", "secretary"),
    "justice": ("justice",), "judge": ("judge",), "prosecutor": ("prosecutor",), "candidate": ("candidate",),
    "congressman": ("congressman", "representative"), "congresswoman": ("congresswoman", "representative"),
}
DOCUMENT_NOUNS = {"statement", "statements", "readout", "communique", "communiqué", "report", "reports", "letter",
                  "declaration", "note", "resolution", "post", "message", "release", "notice", "bulletin",
                  "transcript"}
MODIFIERS = {"former", "senior", "top", "chief", "deputy", "acting", "local", "state", "state-run", "state-owned",
             "official", "anonymous", "unnamed", "western", "foreign", "defense", "defence", "external", "national",
             "security", "presidential", "high-ranking", "outgoing", "incoming", "new", "joint", "military",
             "russian-installed", "pro-russian", "pro-kremlin", "government", "intelligence", "independent",
             "regional", "federal", "provincial", "interior", "news", "press", "affairs", "u.s.-based", "online",
             "other", "some", "many", "several", "two", "three", "both", "separatist", "opposition", "ruling",
             "leading", "key", "european", "international", "allied", "visiting", "hardline", "hard-line",
             "unidentified", "informed", "administration", "white", "house", "department", "ministry", "office",
             "israeli", "said", "armed", "general", "legal", "economic", "diplomatic", "iranian-backed",
             "kremlin-backed", "state-controlled", "government-run", "well-placed", "public", "private", "tv",
             "ministry's", "ministry\u2019s"}
NAME_PARTICLES = {"bin", "al", "al-", "el", "de", "del", "der", "van", "von", "da", "dos", "du", "la", "le", "ibn",
                  "abu", "di", "ul", "y"}
NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
             "but", "and", "however", "also", "meanwhile", "still", "yet", "then", "so", "now", "earlier", "later",
             "in", "on", "at", "after", "before", "during", "while", "when", "as", "if", "though", "although",
             "speaking", "asked", "responding", "this", "that", "these", "those", "there", "here", "it", "we",
             "they", "he", "she", "i", "you", "what", "who", "why", "how", "where", "which", "read", "more",
             "also", "photo", "video", "watch", "listen", "follow", "update", "updated", "source", "sources",
             "reporting", "editing", "writing", "by", "with", "from", "for", "to", "of", "not", "no", "yes",
             "one", "all", "both", "each", "every", "such", "amid", "despite", "since", "until", "because",
             "according", "like", "unlike", "over", "under", "about", "against", "between", "among", "through"}
ABBREVIATED_ORGS = {"fm": "foreign ministry", "mfa": "foreign ministry", "mod": "ministry of defense"}
ORG_PHRASES = {
    "foreign ministry": "Foreign Ministry", "ministry of foreign affairs": "Foreign Ministry",
    "foreign affairs ministry": "Foreign Ministry", "foreign office": "Foreign Ministry",
    "ministry of external affairs": "Foreign Ministry", "external affairs ministry": "Foreign Ministry",
    "defense ministry": "Ministry of Defense", "defence ministry": "Ministry of Defense",
    "ministry of defense": "Ministry of Defense", "ministry of defence": "Ministry of Defense",
    "defense department": "Ministry of Defense", "department of defense": "Ministry of Defense",
    "state department": "State Department", "department of state": "State Department",
    "interior ministry": "Interior Ministry", "ministry of interior": "Interior Ministry",
    "ministry of the interior": "Interior Ministry", "military": "military", "army": "military",
    "armed forces": "military", "government": "government", "administration": "government",
    "embassy": "Embassy", "presidency": "presidency", "parliament": "parliament", "general staff": "General Staff",
}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents or punctuation, for matching names (``Erdoğan`` -> ``erdogan``)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


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
        for entry in self.entries:
            for written in (entry.name, *entry.aliases):
                key = fold(written)
                if " " in key or entry.type != "person" or key == fold(entry.name):
                    self._by_name[key] = entry
                else:
                    self._by_surname.setdefault(key, []).append(entry)
        self._longest = max((len(k.split()) for k in self._by_name), default=1)
        self.mention_cache: dict[tuple, Mention | None] = {}

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
        """The entry whose name or multi-word alias is ``written`` (accents and case ignored)."""
        return self._by_name.get(fold(written))

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

    @property
    def longest_name(self) -> int:
        """The most words in any registered name or alias."""
        return self._longest


@dataclass(frozen=True)
class Mention:
    """A noun phrase naming a source of speech, parsed.

    ``kind`` is one of ``person`` (a proper name, maybe with a title),
    ``pronoun``, ``description`` (``the diplomat``), ``institution``,
    ``country``, ``group`` or ``joint`` (two countries). ``name`` is the proper
    name as written, ``head`` the head noun in lower case, ``title`` the words
    before a name, ``country`` the country or bloc the mention states, and
    ``org`` the institution type (``Foreign Ministry``) it names.
    """

    start: int
    end: int
    kind: str
    name: str | None = None
    head: str | None = None
    title: str = ""
    country: str | None = None
    org: str | None = None
    entry: RegistryEntry | None = None
    countries: tuple[str, ...] = ()
    definite: bool = False
    indefinite: bool = False


PERSON_TITLES = {"president", "king", "queen", "prince", "emir", "sheikh", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
                 "dr", "dr.", "prime", "minister", "chancellor", "premier", "general", "gen.", "pope", "leader",
                 "secretary-general", "supreme"}
PREPOSITIONS_IN_TITLES = {"of", "for", "to"}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _org_phrase(words: Sequence[str]) -> str | None:
    """The institution type named by the last words of a title (``defense ministry`` -> ``Ministry of Defense``)."""
    joined = " ".join(ABBREVIATED_ORGS.get(w, w) for w in words)
    for phrase in sorted(ORG_PHRASES, key=len, reverse=True):
        if joined == phrase or joined.endswith(" " + phrase):
            return ORG_PHRASES[phrase]
    return None


def _is_vocabulary(low: str) -> bool:
    return (low in TITLE_WORDS or low in MODIFIERS or low in ORG_WORDS or low in GROUP_NOUNS
            or low in DESCRIPTION_NOUNS or low in DOCUMENT_NOUNS or low in ABBREVIATED_ORGS)


def _country_spans(body: Sequence[Token], registry: SpeakerRegistry) -> dict[int, tuple[int, str]]:
    """Countries named in ``body``: first token index -> (number of tokens, code)."""
    spans: dict[int, tuple[int, str]] = {}
    index = 0
    while index < len(body):
        for length in (4, 3, 2, 1):
            words = body[index:index + length]
            if len(words) < length or not (words[0].capitalized or words[0].text.isupper()):
                continue
            found = registry.countries.lookup(" ".join(t.text for t in words))
            if found is not None:
                spans[index] = (length, found[0])
                index += length - 1
                break
        index += 1
    return spans


def _group_of_countries(body: Sequence[Token], registry: SpeakerRegistry) -> Mention | None:
    """``officials from Japan and South Korea``, ``leaders of the EU and the United States``: a group with countries."""
    if len(body) < 3 or body[0].lower not in GROUP_NOUNS or body[1].lower not in ("of", "from", "in"):
        return None
    rest = body[2:]
    spans = _country_spans(rest, registry)
    codes: list[str] = []
    index = 0
    while index < len(rest):
        if index in spans:
            length, code = spans[index]
            codes.append(code)
            index += length
        elif rest[index].lower in ("the", "and", ","):
            index += 1
        else:
            return None
    if not codes:
        return None
    codes_t = tuple(dict.fromkeys(codes))
    return Mention(body[0].start, body[-1].end, "group", head=body[0].lower, country=codes_t[0], countries=codes_t)


def _name_start(body: Sequence[Token], registry: SpeakerRegistry) -> int:
    """Index where the trailing proper name of ``body`` begins (``len(body)`` when there is none)."""
    in_country = {i + k for i, (length, _) in _country_spans(body, registry).items() for k in range(length)}
    index = len(body)
    while index > 0:
        token = body[index - 1]
        low = token.lower.rstrip(".")
        if low in NAME_SUFFIXES and index < len(body) + 1 and index > 1:
            index -= 1
            continue
        if token.text == "." and index > 1 and body[index - 2].lower in NAME_SUFFIXES:
            index -= 1
            continue
        if index < len(body) and low in NAME_PARTICLES:
            index -= 1
            continue
        if not token.capitalized or low in NOT_NAMES or _is_vocabulary(low) or _is_vocabulary(token.lower) \
                or index - 1 in in_country:
            break
        index -= 1
    while index < len(body) and body[index].lower in NAME_PARTICLES:
        index += 1
    return index


def parse_mention(tokens: Sequence[Token], registry: SpeakerRegistry) -> Mention | None:
    """Read ``tokens`` as one mention of a speaker, or ``None`` if they are not one.

    Every token must belong to the mention (names, titles, countries,
    institution words, determiners), so a clause or an event (``the attack``)
    is refused. The proper name, if any, is the run of capitalised words at
    the end; what comes before is title, nationality or institution.
    """
    if not tokens:
        return None
    origin = tokens[0].start
    key = tuple((t.text, t.start - origin, t.quoted) for t in tokens)
    cache = registry.mention_cache
    if key not in cache:
        if len(cache) > MENTION_CACHE_SIZE:
            cache.clear()
        cache[key] = _parse_in_context(tokens, registry)
        if cache[key] is not None and origin:
            cache[key] = _shifted(cache[key], -origin)
    mention = cache[key]
    if mention is None or origin == 0:
        return mention
    return _shifted(mention, origin)


def _shifted(mention: Mention, offset: int) -> Mention:
    """``mention`` moved by ``offset`` characters (a field copy: ``dataclasses.replace`` is slow on this path)."""
    moved = object.__new__(Mention)
    moved.__dict__.update(mention.__dict__, start=mention.start + offset, end=mention.end + offset)
    return moved


MENTION_CACHE_SIZE = 200_000


def _parse_in_context(tokens: Sequence[Token], registry: SpeakerRegistry) -> Mention | None:
    if any(t.lower in NEGATIVE_QUANTIFIERS for t in tokens):
        return None
    mention = _parse_mention(tokens, registry)
    if mention is not None and tokens[0].lower in ("the", "this", "that", "these", "those"):
        return replace(mention, definite=True)
    if mention is not None and tokens[0].lower in ("a", "an", "one", "another"):
        return replace(mention, indefinite=True)
    return mention


def _parse_mention(tokens: Sequence[Token], registry: SpeakerRegistry) -> Mention | None:
    while tokens and tokens[-1].text == ",":
        tokens = tokens[:-1]
    if not tokens or len(tokens) > 14 or any(t.quoted or t.is_quote_mark for t in tokens):
        return None
    start, end = tokens[0].start, tokens[-1].end
    if len(tokens) == 1 and tokens[0].lower in PRONOUNS and not tokens[0].possessive:
        return Mention(start, end, "pronoun", head=tokens[0].lower)
    body = _without_determiner(tokens)
    if not body:
        return None
    written = " ".join(t.text for t in body)
    if body[-1].possessive:
        written = written[:-2]
    entry = registry.lookup(written)
    if entry is not None:
        kind = {"person": "person", "group": "group"}.get(entry.type, "institution")
        return Mention(start, end, kind, name=entry.name, head=entry.name.lower(), entry=entry,
                       country=entry.affiliation, countries=(entry.affiliation,) if entry.affiliation else ())
    group = _group_of_countries(body, registry)
    if group is not None:
        return replace(group, start=start, end=end)
    split = _name_start(body, registry)
    prefix, name = body[:split], body[split:]
    countries: list[str] = []
    roles: list[str] = []
    org_entry: RegistryEntry | None = None
    org_words: list[str] = []
    unknown: list[str] = []
    joined = False
    country_spans = _country_spans(prefix, registry)
    index = 0
    while index < len(prefix):
        token = prefix[index]
        low = token.lower
        span = _registry_span(prefix, index, registry)
        if span:
            length, found = span
            if found.type == "person":
                roles.append("person")
            else:
                org_entry = found
                org_words = [t.lower for t in prefix[index:index + length]]
            if found.affiliation:
                countries.append(found.affiliation)
            index += length
            continue
        if index in country_spans:
            length, code = country_spans[index]
            countries.append(code)
            index += length
            continue
        if low in ("and", "&"):
            joined = True
        elif _is_vocabulary(low) or (low in PREPOSITIONS_IN_TITLES and roles):
            roles.append(low)
        elif token.capitalized and low not in NOT_NAMES:
            unknown.append(token.text)
        elif low in ("-", "'s", "\u2019s"):
            pass
        else:
            return None
        index += 1
    if org_entry is not None and countries and countries[0] != org_entry.affiliation:
        # "Philippine Defense Department": a generic alias of another country's institution
        countries.remove(org_entry.affiliation)
        roles.extend(org_words)
        org_entry = None
    countries_t = tuple(dict.fromkeys(countries))
    country = countries_t[0] if countries_t else None
    title = " ".join(t.text for t in prefix)
    if name:
        name_text = " ".join(t.text for t in name)
        if name[-1].possessive:
            name_text = name_text[:-2]
        last_preposition = max((i for i, r in enumerate(roles) if r in PREPOSITIONS_IN_TITLES), default=-1)
        if last_preposition >= 0 and all(r in PERSON_TITLES for r in roles[last_preposition + 1:]):
            # "former adviser to President Putin": the name is the object of the description
            named = registry.lookup(name_text) or next(iter(registry.by_surname(name_text)), None)
            owner = (named.affiliation,) if named and named.affiliation else ()
            head = roles[last_preposition - 1] if last_preposition > 0 else None
            if head is None:
                return None
            return Mention(start, end, "description", head=head, title=" ".join(roles[:last_preposition]),
                           country=country or (owner[0] if owner else None), countries=countries_t + owner)
        named = registry.lookup(name_text)
        if named is not None and named.type != "person":
            return Mention(start, end, "institution", name=named.name, entry=named, country=named.affiliation,
                           countries=countries_t)
        if roles and roles[-1] in ORG_WORDS and not any(r in TITLE_WORDS for r in roles[:-1]):
            return None
        return Mention(start, end, "person", name=name_text, head=roles[-1] if roles else None, title=title,
                       country=country, entry=named, countries=countries_t)
    head = roles[-1] if roles else None
    org = _org_phrase(roles) if roles else None
    if org is None and head in DESCRIPTION_NOUNS and len(roles) > 1:
        org = _org_phrase(roles[:-1])
    if head is None:
        if org_entry is not None:
            return Mention(start, end, "institution", name=org_entry.name, entry=org_entry,
                           country=org_entry.affiliation, countries=countries_t)
        if unknown:
            return None
        if len(countries_t) == 1 and not joined:
            return Mention(start, end, "country", country=country, countries=countries_t)
        if len(countries_t) >= 2 and joined:
            return Mention(start, end, "joint", countries=countries_t)
        return None
    if head in GROUP_NOUNS:
        if head in ("countries", "nations", "sides", "governments") and (len(countries_t) >= 2 or not countries_t):
            return Mention(start, end, "joint", head=head, countries=countries_t)
        return Mention(start, end, "group", head=head, country=country, org=org, countries=countries_t)
    if head in DOCUMENT_NOUNS:
        owner = org_entry.name if org_entry else (" ".join(unknown) or None)
        return Mention(start, end, "description", name=owner, head=head, country=country, org=org,
                       countries=countries_t, title=" ".join(roles))
    if org is not None and (head in ORG_WORDS or head in ABBREVIATED_ORGS or org.lower().endswith(head)):
        if org_entry is not None and not unknown:
            return Mention(start, end, "institution", name=org_entry.name, entry=org_entry,
                           country=org_entry.affiliation, countries=countries_t)
        return Mention(start, end, "institution", head=head, country=country, org=org, countries=countries_t)
    if head in ORG_WORDS:
        if unknown or org_entry is not None:
            owner = org_entry.name if org_entry and not unknown else " ".join(unknown)
            return Mention(start, end, "institution", name=owner, head=head, country=country,
                           org="outlet" if ORG_WORDS[head] == "outlet" else None, countries=countries_t,
                           entry=org_entry if not unknown else None)
        return Mention(start, end, "institution", head=head, country=country,
                       org=ORG_PHRASES.get(head, head.capitalize()), countries=countries_t)
    if head in DESCRIPTION_NOUNS or head in TITLE_WORDS:
        return Mention(start, end, "description", head=head, title=" ".join(roles), country=country, org=org,
                       countries=countries_t, entry=org_entry)
    return None


COMMON_VERBS = set(
    """is are was were be been being has have had do does did will would can could shall should may might must
    make makes made get gets got go goes went come comes came take takes took give gives gave see sees saw know
    knows knew think thinks thought want wants wanted seem seems seemed become becomes became leave leaves left
    keep keeps kept let lets put puts begin begins began show shows showed shown hold holds held bring brings
    brought write writes wrote run runs ran meet meets met pay pays paid include includes included continue
    continues continued set sets lead leads led understand understands understood believe believes believed
    also not never said says say told tells added stated noted warned claimed""".split()
)
NEGATIVE_QUANTIFIERS = {"neither", "no", "none", "nobody", "nor", "not", "never"}
ORGANIZATION_HEADS = {"bank", "company", "campaign", "firm", "court", "board", "union", "party", "committee",
                      "group", "organization", "organisation", "team", "office", "ministry", "agency", "council",
                      "department", "government", "administration", "embassy", "network", "newspaper",
                      "website", "paper", "magazine", "station", "institute", "foundation", "center", "centre",
                      "university", "school", "hospital", "police", "army", "military", "navy", "coalition",
                      "alliance", "movement", "association", "federation", "commission", "bureau", "service",
                      "corporation", "corp", "inc", "ltd", "club", "church", "mission", "authority", "regime"}
PEOPLE_NOUNS = {"analyst", "expert", "economist", "professor", "scholar", "researcher", "lawyer", "attorney",
                "activist", "witness", "resident", "survivor", "doctor", "historian", "observer", "strategist",
                "commentator", "diplomat", "official", "source", "insider", "negotiator", "spokesperson", "aide",
                "adviser", "advisor", "veteran", "commander", "officer", "soldier", "journalist", "reporter",
                "editor", "columnist", "critic", "leader", "candidate", "lawmaker", "legislator", "senator",
                "chairman", "chairwoman", "chair", "director", "head", "chief", "founder", "owner", "manager",
                "nominee", "contender", "challenger", "incumbent", "pollster", "advocate", "campaigner", "scientist",
                "announcer", "narrator", "businessman", "businesswoman", "friend", "woman", "man", "voter",
                "protester", "protestor", "neighbor", "neighbour", "mother", "father", "wife", "husband", "son",
                "daughter", "student", "teacher", "farmer", "worker", "trader", "fisherman", "villager", "refugee",
                "pilot", "passenger", "priest", "imam", "rabbi", "monk", "citizen", "local", "bystander", "victim",
                "parent", "organizer", "organiser", "volunteer", "judge", "prosecutor", "defendant", "mayor"}
HEAD_PREPOSITIONS = {"of", "on", "in", "at", "for", "from", "with"}
GENERIC_STOP = {"it", "this", "that", "there", "which", "what", "who", "he", "she", "they", "we", "i", "you",
                "one", "time", "day", "year", "week", "report", "statement"}


def is_source_noun(head: str) -> bool:
    """Whether ``head`` names people or an organisation (``campaign``, ``lawyers``), not a thing or an event."""
    singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    return head in ORGANIZATION_HEADS or singular in ORGANIZATION_HEADS or singular in PEOPLE_NOUNS \
        or head in GROUP_NOUNS


def generic_mention(tokens: Sequence[Token], registry: SpeakerRegistry) -> Mention | None:
    """Any short noun phrase as a source (``many Democrats``, ``The bank``, ``restructuring experts``).

    Used only as the subject of an unambiguous speech verb; refuses phrases
    with a verb, a quotation or punctuation in them.
    """
    body = [t for t in _without_determiner(tokens)]
    if not body or len(body) > 8 or any(t.quoted or t.is_quote_mark or t.lower in NEGATIVE_QUANTIFIERS
                                        for t in tokens):
        return None
    for token in body:
        low = token.lower
        if low in COMMON_VERBS or low in NOT_NAMES - {"many", "some", "several", "most", "all", "both", "other",
                                                     "one", "two", "three", "source", "sources"} \
                and low not in ("of", "in", "on", "for", "from", "at", "with"):
            return None
        if not (token.text[:1].isalnum()) and token.text not in ("-", "&", ".", "(", ")"):
            return None
        if low.endswith("ed") and len(low) > 4 and not token.capitalized:
            return None
    if body[-1].lower in HEAD_PREPOSITIONS or body[-1].lower in DETERMINERS:
        return None  # "employees of the (state ...)": the phrase goes on
    # the head noun comes before a prepositional modifier: "experts on arms control", "officials at the agency"
    last = next((i - 1 for i, t in enumerate(body) if i > 0 and t.lower in HEAD_PREPOSITIONS), len(body) - 1)
    head = body[last].lower
    if head in GENERIC_STOP or not body[last].text[:1].isalpha():
        return None
    if not (body[last].capitalized or head.endswith("s") or head in ORGANIZATION_HEADS or head in PEOPLE_NOUNS):
        return None  # "the attack claimed four lives": a singular common noun is rarely a speaker
    written = " ".join(t.text for t in body)
    countries = tuple(dict.fromkeys(m.code for m in registry.countries.mentions(written)))
    kind = "institution" if head in ORGANIZATION_HEADS else "group"
    return Mention(tokens[0].start, tokens[-1].end, "generic", name=written, head=head, org=kind,
                   country=countries[0] if countries else None, countries=countries)


def _without_determiner(tokens: Sequence[Token]) -> Sequence[Token]:
    index = 0
    while index < len(tokens) and tokens[index].lower in DETERMINERS and not tokens[index].possessive:
        index += 1
    return tokens[index:]


def _registry_span(tokens: Sequence[Token], index: int, registry: SpeakerRegistry) -> tuple[int, RegistryEntry] | None:
    for length in range(min(registry.longest_name, len(tokens) - index), 0, -1):
        words = tokens[index:index + length]
        if not words[0].capitalized:
            continue
        written = " ".join(t.text for t in words)
        if words[-1].possessive:
            written = written[:-2]
        found = registry.lookup(written)
        if found is not None and (length > 1 or found.type != "person"):
            return length, found
    return None


@dataclass
class _Known:
    """Someone the article has named: the basis for resolving later mentions."""

    speaker: Speaker
    position: int
    surnames: set[str] = field(default_factory=set)
    titles: str = ""
    gender: str | None = None
    org: str | None = None
    spoke_at: int = -1
    subject_at: int = -1


_HALF_NAME = re.compile(r"(?:[Tt]he\s+)?(North|South|East|West)(?:['\u2019]s)?\b")


class Resolver:
    """Resolves the mentions of one article to canonical speakers, in reading order.

    ``people`` are the persons the article names anywhere (with their titles),
    found beforehand, so that a headline or a description (``the Iranian
    foreign minister``) can refer to a person named elsewhere.
    """

    def __init__(self, registry: SpeakerRegistry, date: str | None = None, home: str | None = None,
                 text: str = "", countries: Iterable[str] = ()):
        self.registry = registry
        self.date = date
        self.home = home
        self.text = text
        self.countries = set(countries)  # the codes of the countries the text names
        self.known: list[_Known] = []

    def _half_named(self, mention: Mention) -> str | None:
        """``the North's defense ministry`` in an article on North Korea: the one country so named there."""
        match = _HALF_NAME.match(self.text, mention.start, mention.end)
        if match is None:
            return None
        word = match.group(1).lower()
        codes = {code for code in self.countries
                 if (country := self._country(code)) is not None and country.name.lower().startswith(word + " ")}
        return codes.pop() if len(codes) == 1 else None

    # -- canonical forms -------------------------------------------------
    def _country(self, code: str | None) -> Country | None:
        return self.registry.countries.get(code)

    def _adjective(self, code: str | None) -> str:
        country = self._country(code)
        if country is None:
            return ""
        if country.government and country.government.endswith(" government"):
            return country.government[: -len(" government")]
        return country.adjective

    def government(self, code: str) -> Speaker:
        """The speaker for a country speaking as a whole (``Russian government``)."""
        country = self._country(code)
        name = (country.government if country and country.government else f"{self._adjective(code)} government")
        kind = "organization" if country is None or country.kind == "country" else "organization"
        return Speaker(name, kind, code)

    def institution(self, org: str, code: str | None) -> Speaker:
        """The speaker for a country's institution (``Russian Foreign Ministry``)."""
        if org == "government" and code:
            return self.government(code)
        adjective = self._adjective(code)
        return Speaker(f"{adjective} {org}".strip(), "organization", code)

    # -- memory ------------------------------------------------------------
    def remember(self, speaker: Speaker, position: int, *, title: str = "", gender: str | None = None,
                 org: str | None = None, written: str | None = None, subject: bool = False) -> None:
        """Note that the article mentioned ``speaker`` at ``position`` (as a sentence's subject or not)."""
        surnames = set()
        for form in filter(None, (speaker.name, written)):
            parts = fold(form).split()
            if parts:
                surnames.update({parts[-1], parts[0]} if len(parts) > 1 else {parts[0]})
        for known in self.known:
            if known.speaker == speaker:
                known.position = position
                known.surnames |= surnames
                known.titles = " ".join(filter(None, (known.titles, title.lower())))
                known.gender = known.gender or gender
                known.org = known.org or org
                if subject:
                    known.subject_at = max(known.subject_at, position)
                return
        self.known.append(_Known(speaker, position, surnames, title.lower(), gender, org,
                                 subject_at=position if subject else -1))

    def spoke(self, speaker: Speaker, position: int) -> None:
        """Note that ``speaker`` made a statement at ``position`` (pronouns prefer recent speakers)."""
        for known in self.known:
            if known.speaker == speaker:
                known.spoke_at = max(known.spoke_at, position)
                return
        self.remember(speaker, position)
        self.known[-1].spoke_at = position

    def _recent(self, position: int, test, *, ahead: bool = False) -> _Known | None:
        before = [k for k in self.known if k.position <= position and test(k)]
        if before:
            return max(before, key=lambda k: k.position)
        if ahead:
            after = [k for k in self.known if k.position > position and test(k)]
            return min(after, key=lambda k: k.position) if after else None
        return None

    # -- resolution ------------------------------------------------------
    def resolve(self, mention: Mention, *, ahead: bool = False, appositive: Mention | None = None,
                subject: bool = False) -> Speaker | None:
        """The canonical speaker ``mention`` refers to, or ``None``; updates the article memory.

        ``ahead`` lets a mention refer to someone named later (headlines);
        ``appositive`` is a description next to a name (``Mao Ning, China's
        Foreign Ministry spokesperson``) that adds a title and a country.
        """
        speaker = self._resolve(mention, ahead, appositive)
        if speaker is not None and subject:
            self.remember(speaker, mention.start, subject=True)
        return speaker

    def _resolve(self, mention: Mention, ahead: bool, appositive: Mention | None) -> Speaker | None:
        at = mention.start
        if mention.country is None and mention.kind in ("institution", "description", "group", "generic"):
            code = self._half_named(mention)
            if code is not None:
                mention = replace(mention, country=code, countries=(code,))
        country = mention.country or (appositive.country if appositive else None)
        if mention.kind == "person":
            return self._person(mention, country, appositive, ahead)
        if mention.kind == "pronoun":
            return self._pronoun(mention.head or "", at)
        if mention.kind == "country":
            speaker = self.government(mention.country or "")
            self.remember(speaker, at, org="government")
            return speaker
        if mention.kind == "joint":
            codes = mention.countries or self._most_named(at, 2)
            if len(codes) < 2:
                return None
            names = [self._adjective(c) for c in codes]
            speaker = Speaker(f"{' and '.join(names)} governments", "group", None)
            self.remember(speaker, at)
            return speaker
        if mention.kind == "institution":
            return self._institution(mention, at, ahead)
        if mention.kind == "generic":
            speaker = Speaker(mention.name or "", "organization" if mention.org == "institution" else "group",
                              mention.country)
            self.remember(speaker, at)
            return speaker
        if mention.kind == "group":
            return self._group(mention, at)
        return self._description(mention, at, ahead)

    def _most_named(self, before: int, how_many: int) -> tuple[str, ...]:
        """The countries the text names most often before offset ``before``."""
        counts = Counter(m.code for m in self.registry.countries.mentions(self.text, 0, before)
                         if (c := self.registry.countries.get(m.code)) is not None and c.kind == "country")
        return tuple(code for code, _ in counts.most_common(how_many))

    def _person(self, mention: Mention, country: str | None, appositive: Mention | None, ahead: bool) -> Speaker:
        written = mention.name or ""
        title = " ".join(filter(None, (mention.title, appositive.title if appositive else "",
                                       appositive.org or "" if appositive else "")))
        entry = mention.entry or self.registry.lookup(written)
        folded = fold(written).split()
        if entry is None and len(folded) == 1:
            local = self._recent(mention.start, lambda k: k.speaker.type == "person" and folded[0] in k.surnames,
                                 ahead=True)
            if local is not None:
                self.remember(local.speaker, mention.start, title=title)
                return local.speaker
            candidates = [e for e in self.registry.by_surname(folded[0])
                          if not country or e.affiliation == country]
            if len(candidates) == 1:
                entry = candidates[0]
        if entry is not None:
            speaker = Speaker(entry.name, entry.type, entry.affiliation)
            self.remember(speaker, mention.start, title=" ".join((title, *entry.titles)), gender=entry.gender,
                          written=written)
            return speaker
        if len(folded) > 1:  # a fuller form of a name the article used before ("Mark Warner" after "Warner")
            for known in self.known:
                if known.speaker.type == "person" and folded[-1] in known.surnames and \
                        fold(known.speaker.name).split()[0][:1] in (folded[0][:1], folded[-1][:1]):
                    if len(fold(known.speaker.name).split()) >= len(folded):
                        self.remember(known.speaker, mention.start, title=title)
                        return known.speaker
        affiliation = country or self._country_of_title(mention, appositive)
        speaker = Speaker(written, "person", affiliation)
        self.known = [k for k in self.known
                      if not (k.speaker.type == "person" and len(fold(k.speaker.name).split()) == 1
                              and fold(k.speaker.name) in folded)]
        self.remember(speaker, mention.start, title=title, written=written)
        return speaker

    def _country_of_title(self, mention: Mention, appositive: Mention | None) -> str | None:
        for source in (mention, appositive):
            if source is not None and source.countries:
                return source.countries[0]
        return None

    def _pronoun(self, pronoun: str, at: int) -> Speaker | None:
        gender = PRONOUNS.get(pronoun)
        if gender in ("m", "f", None):
            people = [k for k in self.known if k.speaker.type == "person" and k.gender in (None, gender)]

            def salience(known: _Known) -> int:  # the latest time the person spoke or was a sentence's subject
                return max(p for p in (known.spoke_at, known.subject_at, -1) if p <= at)

            salient = [k for k in people if salience(k) >= 0]
            if salient:
                return max(salient, key=salience).speaker
            found = self._recent(at, lambda k: k in people)
            return found.speaker if found else None
        if pronoun == "it":
            found = self._recent(at, lambda k: k.speaker.type == "organization")
            return found.speaker if found else None
        found = self._recent(at, lambda k: k.speaker.type in ("group", "organization"))
        return found.speaker if found else None

    def _institution(self, mention: Mention, at: int, ahead: bool) -> Speaker:
        if mention.entry is not None:
            entry = mention.entry
            speaker = Speaker(entry.name, "organization" if entry.type != "group" else "group", entry.affiliation)
            self.remember(speaker, at, org=entry.name)
            return speaker
        org = mention.org or "government"
        if org == "outlet" or (mention.name and org not in ORG_PHRASES.values()):
            speaker = Speaker(mention.name or org, "organization", mention.country)
            self.remember(speaker, at)
            return speaker
        code = mention.country
        if code is None:
            words = [w for w in fold(org).split() if w not in ("of", "the")]
            same = self._recent(at, lambda k: k.speaker.type == "organization" and all(
                w in fold(k.speaker.name).split() for w in words), ahead=ahead)
            if same is not None:
                self.remember(same.speaker, at)
                return same.speaker
            code = self.home
        speaker = self.institution(org, code)
        self.remember(speaker, at, org=org)
        return speaker

    def _group(self, mention: Mention, at: int) -> Speaker:
        if mention.entry is not None:
            speaker = Speaker(mention.entry.name, "group", mention.entry.affiliation)
            self.remember(speaker, at)
            return speaker
        head = mention.head or "officials"
        adjective = self._adjective(mention.country)
        if len(mention.countries) >= 2 and mention.org is None and " and " in self.text[mention.start:mention.end]:
            # "Japanese and South Korean officials", "leaders from the EU and the United States"
            names = " and ".join(self._adjective(code) for code in mention.countries)
            speaker = Speaker(f"{names} {head}", "group", None)
            self.remember(speaker, at)
            return speaker
        if mention.org and head in ("officials", "sources", "representatives"):
            base = self.institution(mention.org, mention.country)
            speaker = Speaker(f"{base.name} {head}", "group", mention.country)
        else:
            speaker = Speaker(f"{adjective} {head}".strip(), "group", mention.country)
        self.remember(speaker, at)
        return speaker

    def _description(self, mention: Mention, at: int, ahead: bool) -> Speaker | None:
        head = mention.head or ""
        if head in DOCUMENT_NOUNS:
            return self._document(mention, at)
        if head == "official" and mention.org is None and mention.entry is None:
            if not mention.definite or mention.country is None:
                found = self._recent(at, lambda k: k.speaker.name.endswith(" official")
                                     and (mention.country is None or k.speaker.affiliation == mention.country))
                if found is not None and (mention.definite or mention.country is None):
                    return found.speaker
            speaker = Speaker(f"{self._adjective(mention.country)} official".strip(), "group", mention.country)
            self.remember(speaker, at)
            return speaker
        compatible = DESCRIPTION_NOUNS.get(head, (head,))
        institution = mention.entry.name if mention.entry else mention.org
        spokes = head in ("spokesperson", "spokesman", "spokeswoman", "representative")

        def fits(known: _Known) -> bool:
            if known.speaker.type != "person":
                return spokes and known.org is not None and \
                    (institution is None or institution.lower() in known.speaker.name.lower()) and \
                    (mention.country is None or known.speaker.affiliation == mention.country)
            if mention.country and known.speaker.affiliation != mention.country:
                return False
            titles = f" {known.titles} "
            if institution and not any(f" {w} " in titles for w in fold(institution).split() if len(w) > 3):
                return False
            return any(f" {word} " in titles or f" {word}-" in titles for word in compatible)

        found = None
        if mention.definite or not institution:  # a person the text named first, else an institution
            found = self._recent(at, lambda k: k.speaker.type == "person" and fits(k), ahead=True)
            if found is None and spokes:  # "the spokesperson": whose spokesperson the text said before
                found = self._recent(at, lambda k: fits(k) and " spokes" in f" {k.titles}")
            found = found or self._recent(at, fits)
        if found is not None:
            self.remember(found.speaker, at)
            return found.speaker
        if mention.country and not institution and not mention.indefinite:
            title = " ".join(w for w in mention.title.split() if w not in DETERMINERS)
            entry = self.registry.by_title(title, mention.country, self.date)
            if entry is not None:
                speaker = Speaker(entry.name, entry.type, entry.affiliation)
                self.remember(speaker, at, title=" ".join(entry.titles), gender=entry.gender)
                return speaker
        if institution and (spokes or head in ("official", "officials", "source", "sources")):
            if mention.entry is not None:
                entry = mention.entry
                speaker = Speaker(entry.name, "organization", entry.affiliation)
                self.remember(speaker, at, org=entry.name, title=head if spokes else "")
                return speaker
            speaker = self._institution(Mention(mention.start, mention.end, "institution", org=mention.org,
                                                country=mention.country), at, ahead)
            if speaker is not None and spokes:
                self.remember(speaker, at, title=head)
            return speaker
        if spokes and mention.country:
            speaker = self.government(mention.country)
            self.remember(speaker, at, org="government")
            return speaker
        return self._unnamed(mention, at)

    def _unnamed(self, mention: Mention, at: int) -> Speaker | None:
        """A person the text describes but never names: the description is the name (``Iranian foreign minister``)."""
        words = [w for w in mention.title.split() if w not in DETERMINERS and w not in PREPOSITIONS_IN_TITLES]
        if not words or words[-1] not in DESCRIPTION_NOUNS and words[-1] not in PERSON_TITLES:
            return None
        speaker = Speaker(" ".join([self._adjective(mention.country), *words]).strip(), "person", mention.country)
        self.remember(speaker, at, title=" ".join(words))
        return speaker

    def _document(self, mention: Mention, at: int) -> Speaker | None:
        """The author of ``a White House readout``, ``the ministry's statement``, ``US media reports``."""
        if "media" in mention.title.split():
            speaker = Speaker(f"{self._adjective(mention.country)} media".strip(), "group", mention.country)
            self.remember(speaker, at)
            return speaker
        if mention.entry is not None:
            return Speaker(mention.entry.name, mention.entry.type, mention.entry.affiliation)
        if mention.name:
            entry = self.registry.lookup(mention.name)
            if entry is not None:
                return Speaker(entry.name, entry.type, entry.affiliation)
            return Speaker(mention.name, "organization", mention.country)
        if mention.org:
            return self.institution(mention.org, mention.country or self.home)
        if mention.country:
            return self.government(mention.country)
        found = [k for k in self.known if 0 <= k.spoke_at <= at and k.speaker.type != "person"]
        return max(found, key=lambda k: k.spoke_at).speaker if found and mention.definite else None
