"""Speaker mentions: a noun phrase read as a person, institution, group or description.

:func:`parse_mention` reads phrases such as ``Russian Foreign Minister Sergei
Lavrov``, ``the diplomat``, ``Pyongyang's Defense Ministry`` or ``US
officials``; :func:`generic_mention` accepts any short noun phrase naming
people or an organisation as the subject of an unambiguous speech verb.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import IO, Sequence

from .countries import commented_rows, csv_rows
from .cues import MESSAGE_NOUNS, CueLexicon, Token
from .registry import RegistryEntry, SpeakerRegistry

PRONOUNS = {"he": "m", "she": "f", "they": "plural", "it": "thing", "we": "plural", "i": None}
DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "this", "these", "both", "two",
               "three", "several", "some", "many", "other", "another", "one"}
WORD_CLASSES = ("title", "person-title", "institution", "group", "description", "document", "modifier",
                "lower-case-only", "name-particle", "name-suffix", "not-a-name", "title-preposition",
                "portfolio-head", "anaphor", "people", "shared-demonym")


def read_mention_words(source: IO[str], what: str = "mention words") -> dict[str, dict[str, str]]:
    """The mention vocabulary from a ``word<TAB>class<TAB>value`` table: for each class, its words and values.

    Lines starting with ``#`` are comments; an unknown class raises ``ValueError`` naming ``what`` and the row.
    """
    words: dict[str, dict[str, str]] = {kind: {} for kind in WORD_CLASSES}
    for number, row in commented_rows(source):
        kind = (row.get("class") or "").strip()
        if kind not in words or not (row.get("word") or "").strip():
            raise ValueError(f"{what}: line {number}: needs a word and a class among {', '.join(WORD_CLASSES)}, "
                             f"got {row.get('word')!r} / {kind!r}")
        words[kind][row["word"].strip()] = (row.get("value") or "").strip()
    return words


def _shipped_mention_words() -> dict[str, dict[str, str]]:
    with resources.files("stance").joinpath("data/mention_words.tsv").open(encoding="utf-8") as f:
        return read_mention_words(f, "stance/data/mention_words.tsv")


_WORDS = _shipped_mention_words()
# Words that may stand in a title before a name (President, Foreign Minister, ...), lower case.
TITLE_WORDS = set(_WORDS["title"])
# Lower-case words that name an institution inside a mention, with the institution type.
ORG_WORDS = dict(_WORDS["institution"])
GROUP_NOUNS = set(_WORDS["group"])
# A description noun and the titles a later ``the <noun>`` may refer back to.
DESCRIPTION_NOUNS = {word: tuple(value.split("|")) for word, value in _WORDS["description"].items()}
DOCUMENT_NOUNS = set(_WORDS["document"])
MODIFIERS = set(_WORDS["modifier"])
# Vocabulary only in lower case: capitalised, these words belong to a name (``Tax Policy Center``).
LOWER_CASE_ONLY = set(_WORDS["lower-case-only"])
NAME_PARTICLES = set(_WORDS["name-particle"])
NOT_NAMES = set(_WORDS["not-a-name"])
# Months that are also surnames (``Theresa May``): a name after a given name, a month elsewhere.
MONTH_NAMES = {"may", "june", "april", "august"}
PERSON_TITLES = set(_WORDS["person-title"])
PREPOSITIONS_IN_TITLES = set(_WORDS["title-preposition"])
NAME_SUFFIXES = set(_WORDS["name-suffix"])
# Titles a portfolio word may stand before (``agriculture minister``, ``tax commissioner``, ``election chief``).
PORTFOLIO_HEADS = set(_WORDS["portfolio-head"])
# Nouns that, definite and alone, refer back to an institution (``the bloc``, ``the body``), with its kind.
ANAPHORS = dict(_WORDS["anaphor"])
# Nouns that name a person (``analyst``, ``wife``, ``questioner``): with a determiner or a possessive, or in the
# plural, such a noun is a speaker (``her ex-husband``, ``one voter``, ``the mayor's supporters``).
PEOPLE_NOUNS = set(_WORDS["people"])
# Demonyms of several countries (``Congolese``: DR Congo and the Republic of the Congo), with their codes.
SHARED_DEMONYMS = {word: tuple(value.split("|")) for word, value in _WORDS["shared-demonym"].items()}


def _institution_acronyms() -> dict[str, str]:
    """Acronyms any country uses for one of its institutions (``MOFA`` -> ``foreign ministry``), from the data file.

    Acronyms that name one country's institution (``DFA``, ``KCNA``) are aliases of its registry row instead.
    """
    with resources.files("stance").joinpath("data/institution_acronyms.csv").open(encoding="utf-8") as f:
        return {row["acronym"].strip().lower(): row["institution"].strip().lower()
                for row in csv_rows(f, ("acronym", "institution"), ("acronym", "institution"), "acronyms")}


ABBREVIATED_ORGS = _institution_acronyms()
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



@dataclass(frozen=True)
class Mention:
    """A noun phrase naming a source of speech, parsed.

    ``kind`` is one of ``person`` (a proper name, maybe with a title),
    ``pronoun``, ``description`` (``the diplomat``), ``institution``,
    ``country``, ``group`` or ``joint`` (two countries). ``name`` is the proper
    name as written, ``head`` the head noun in lower case, ``title`` the words
    before a name, ``country`` the country or bloc the mention states, and
    ``org`` the institution type (``Foreign Ministry``) it names. A joint
    mention of two named people (``Senator Jane Roe and Senator John Doe``)
    holds their two person mentions in ``parts``.
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
    parts: tuple[Mention, ...] = ()




def _org_phrase(words: Sequence[str]) -> str | None:
    """The institution type named by the last words of a title (``defense ministry`` -> ``Ministry of Defense``)."""
    joined = " ".join(ABBREVIATED_ORGS.get(w, w) for w in words)
    for phrase in sorted(ORG_PHRASES, key=len, reverse=True):
        if joined == phrase or joined.endswith(" " + phrase):
            return ORG_PHRASES[phrase]
    return None


def is_vocabulary(low: str) -> bool:
    """Whether ``low`` is a word of the mention vocabulary: a title, modifier, institution, group or document noun."""
    return (low in TITLE_WORDS or low in MODIFIERS or low in ORG_WORDS or low in GROUP_NOUNS
            or low in DESCRIPTION_NOUNS or low in DOCUMENT_NOUNS or low in ABBREVIATED_ORGS or low in ANAPHORS)


def _country_spans(body: Sequence[Token], names: MentionReader) -> dict[int, tuple[int, str]]:
    """Countries named in ``body``: first token index -> (number of tokens, code); the longest that fits first."""
    spans: dict[int, tuple[int, str]] = {}
    if not body:
        return spans
    origin = names.index_of(body)
    index = 0
    while index < len(body):
        for length, code in names.countries_at(origin + index):
            if length <= len(body) - index:
                spans[index] = (length, code)
                index += length - 1
                break
        index += 1
    return spans


def _group_of_countries(body: Sequence[Token], names: MentionReader) -> Mention | None:
    """``officials from Japan and South Korea``, ``leaders of the EU and the United States``: a group with countries."""
    if len(body) < 3 or body[0].lower not in GROUP_NOUNS or body[1].lower not in ("of", "from", "in"):
        return None
    rest = body[2:]
    spans = _country_spans(rest, names)
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


def _name_start(body: Sequence[Token], names: MentionReader) -> int:
    """Index where the trailing proper name of ``body`` begins (``len(body)`` when there is none).

    A registered person's full name ends the body whole, though a word of it names a country (``Kim Jong Un``),
    and is the name inside a run of capitalised words (``Democrat Hillary Clinton``).
    """
    person = _registered_person_start(body, names)
    if person is not None:
        return person
    in_country = {i + k for i, (length, _) in _country_spans(body, names).items() for k in range(length)}
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
        vocabulary = (is_vocabulary(low) or is_vocabulary(token.lower)) and low not in LOWER_CASE_ONLY
        if low in MONTH_NAMES and index == len(body) and index > 1 and _is_given_name(body[index - 2]):
            index -= 1  # "Theresa May": a surname, not the month
            continue
        if not token.capitalized or low in NOT_NAMES or vocabulary \
                or index - 1 in in_country:
            break
        index -= 1
    while index < len(body) and body[index].lower in NAME_PARTICLES and (index or body[index].capitalized):
        # "bin Zayed" alone keeps its particle as written
        index += 1
    return index


def _is_given_name(token: Token) -> bool:
    """Whether ``token`` may be a given name before a surname: capitalised, neither vocabulary nor a stop word."""
    return token.capitalized and token.lower not in NOT_NAMES and not is_vocabulary(token.lower)


def _registered_person_start(body: Sequence[Token], names: MentionReader) -> int | None:
    """Where the longest registered person's name of two words or more that ends ``body`` starts, else ``None``:
    one look-up per such ending that opens with a capital or a name particle."""
    if not body or not body[-1].capitalized:
        return None
    for first in range(max(0, len(body) - names.registry.longest_name), len(body) - 1):
        if body[first].capitalized or body[first].lower in NAME_PARTICLES:
            entry = names.lookup(body[first:])
            if entry is not None and entry.type == "person":
                return first
    return None


def parse_mention(tokens: Sequence[Token], registry: SpeakerRegistry) -> Mention | None:
    """Read ``tokens`` as one mention of a speaker, or ``None`` if they are not one.

    Every token must belong to the mention (names, titles, countries,
    institution words, determiners), so a clause or an event (``the attack``)
    is refused. The proper name, if any, is the run of capitalised words at
    the end; what comes before is title, nationality or institution. To read
    many spans of one run of tokens, use :class:`MentionReader`.
    """
    return MentionReader(tokens, registry).parse(0, len(tokens)) if tokens else None


def _parsed(tokens: Sequence[Token], names: MentionReader) -> Mention | None:
    """:func:`parse_mention` of ``tokens``, a slice of ``names.tokens``, from the parsed mentions if seen before."""
    registry = names.registry
    origin = tokens[0].start
    key = (registry, tuple((t.text, t.start - origin, t.quoted) for t in tokens))
    if key not in _PARSED:
        if len(_PARSED) > MENTION_CACHE_SIZE:
            _PARSED.clear()
        parsed = _parse_in_context(tokens, names)
        _PARSED[key] = _shifted(parsed, -origin) if parsed is not None and origin else parsed
    mention = _PARSED[key]
    if mention is None or origin == 0:
        return mention
    return _shifted(mention, origin)


def _shifted(mention: Mention, offset: int) -> Mention:
    """``mention`` moved by ``offset`` characters (a field copy: ``dataclasses.replace`` is slow on this path)."""
    moved = object.__new__(Mention)
    moved.__dict__.update(mention.__dict__, start=mention.start + offset, end=mention.end + offset)
    return moved


MENTION_CACHE_SIZE = 200_000
# Parsed mentions by (registry, tokens relative to the first): the same phrases recur across articles.
# Kept here rather than on the registry, which stays an immutable table; the key holds the registry itself
# (hashed by identity), so a new or extended registry never sees another's results.
_PARSED: dict[tuple, Mention | None] = {}


class MentionReader:
    """Reads spans of one run of tokens (a sentence, a headline) as speaker mentions.

    Each country and registry name of the run is looked up once, however many of its spans are read:
    ``MentionReader(tokens, registry).parse(first, last)`` is ``parse_mention(tokens[first:last], registry)``.
    The look-ups live as long as the reader, so none is kept on the registry.
    """

    def __init__(self, tokens: Sequence[Token], registry: SpeakerRegistry):
        self.tokens = tokens
        self.registry = registry
        self._index = {token.start: index for index, token in enumerate(tokens)}
        if len(self._index) != len(tokens):
            raise ValueError("a mention reader needs tokens at distinct offsets, as tokenize gives them")
        self._names: dict[tuple[int, int], RegistryEntry | None] = {}
        self._countries: dict[int, tuple[tuple[int, str], ...]] = {}
        self._spans: dict[int, tuple[tuple[tuple[int, RegistryEntry], ...], RegistryEntry | None]] = {}

    def parse(self, first: int, last: int) -> Mention | None:
        """The mention ``tokens[first:last]`` make, or ``None`` (see :func:`parse_mention`)."""
        return _parsed(self.tokens[first:last], self) if last > first else None

    def index_of(self, span: Sequence[Token]) -> int:
        """Where ``span``, a non-empty slice of the run, starts in it."""
        return self._index[span[0].start]

    def lookup(self, span: Sequence[Token]) -> RegistryEntry | None:
        """The registry entry named by the words of ``span`` (a slice of the run) as written, less a final 's."""
        first = self._index[span[0].start]
        key = (first, first + len(span))
        if key not in self._names:
            self._names[key] = self.registry.lookup(_written(span))
        return self._names[key]

    def countries_at(self, index: int) -> tuple[tuple[int, str], ...]:
        """The countries named by 4, 3, 2 or 1 words from ``tokens[index]`` on, longest first: (words, code)."""
        found = self._countries.get(index)
        if found is None:
            tokens, lookup = self.tokens, self.registry.countries.lookup
            named = []
            if tokens[index].capitalized or tokens[index].text.isupper():
                for length in range(min(4, len(tokens) - index), 0, -1):
                    match = lookup(" ".join(t.text for t in tokens[index:index + length]))
                    if match is not None:
                        named.append((length, match[0]))
            found = self._countries[index] = tuple(named)
        return found

    def names_at(self, index: int) -> tuple[tuple[tuple[int, RegistryEntry], ...], RegistryEntry | None]:
        """The registry names from ``tokens[index]`` on (words, entry), longest first, a person's only if of
        two words or more; and the one registered person whose surname the word is, if any."""
        if index not in self._spans:
            self._spans[index] = _registry_names(self.tokens, index, self.registry)
        return self._spans[index]


def _parse_in_context(tokens: Sequence[Token], names: MentionReader) -> Mention | None:
    if any(t.lower in NEGATIVE_QUANTIFIERS for t in tokens):
        return None
    mention = _parse_mention(tokens, names)
    if mention is not None and tokens[0].lower in ("the", "this", "that", "these", "those"):
        return replace(mention, definite=True)
    if mention is not None and tokens[0].lower in ("a", "an", "one", "another"):
        return replace(mention, indefinite=True)
    return mention


@dataclass(frozen=True)
class _Prefix:
    """What the words before a mention's proper name say: countries, role words, an institution."""

    countries: tuple[str, ...]
    roles: tuple[str, ...]
    unknown: tuple[str, ...]
    org_entry: RegistryEntry | None
    joined: bool


def _parse_mention(tokens: Sequence[Token], names: MentionReader) -> Mention | None:
    while tokens and tokens[-1].text == ",":
        tokens = tokens[:-1]
    if not tokens or len(tokens) > 14 or any(t.quoted or t.is_quote_mark for t in tokens) or _has_headline_verb(tokens):
        return None
    start, end = tokens[0].start, tokens[-1].end
    if len(tokens) == 1 and tokens[0].lower in PRONOUNS and not tokens[0].possessive:
        return Mention(start, end, "pronoun", head=tokens[0].lower)
    body = _without_determiner(tokens)
    if not body or body[-1].lower in PREPOSITIONS_IN_TITLES:  # "the court of (appeals)": the phrase goes on
        return None
    entry = names.lookup(body)
    if entry is not None:
        kind = {"person": "person", "group": "group"}.get(entry.type, "institution")
        return Mention(start, end, kind, name=entry.name, head=entry.name.lower(), entry=entry,
                       country=entry.affiliation, countries=(entry.affiliation,) if entry.affiliation else ())
    group = _group_of_countries(body, names)
    if group is not None:
        return replace(group, start=start, end=end)
    relayed = _relayed_source(body, names)
    if relayed is not None:
        return relayed
    pair = _pair_of_people(body, names)
    if pair is not None:
        return replace(pair, start=start, end=end)
    member = _member_of_institution(body, names)
    if member is not None:
        return replace(member, start=start, end=end)
    if _organisation_name(body, names):  # "Sikhs for Justice", "Friends of the Earth": one name
        return Mention(start, end, "generic", name=_written(body), head=body[-1].lower, org="institution")
    split = _name_start(body, names)
    prefix = _read_prefix(body[:split], names)
    if prefix is None:
        return None
    if body[split:]:
        title = " ".join(t.text for t in body[:split])
        return _named_mention(start, end, prefix, title, _written(body[split:]), names.registry)
    return _unnamed_mention(start, end, prefix)


def _relayed_source(body: Sequence[Token], names: MentionReader) -> Mention | None:
    """``AFP reports China``: a news outlet relaying is not the speaker; the source it names after the verb is."""
    for index in range(1, len(body) - 1):
        if body[index].lower == "reports" and not body[index].capitalized:
            outlet = names.lookup(body[:index])
            if outlet is not None and outlet.is_outlet:
                return _parse_mention(body[index + 1:], names)
    return None


NAME_PREPOSITIONS = frozenset({"for", "of", "without", "against"})


def _organisation_name(body: Sequence[Token], names: MentionReader) -> bool:
    """Whether ``body`` is an organisation's name built on a preposition (``Sikhs for Justice``, ``Lawyers
    Against Torture``): one capitalised word before it, capitalised words after it; the first word no vocabulary
    (``Minister for Trade``), no organisation noun, nor, before ``of``, a noun naming people (``Residents of
    Kherson``); the object no country."""
    if len(body) < 3 or body[1].lower not in NAME_PREPOSITIONS or not body[0].capitalized \
            or not body[0].text.isalpha():
        return False  # one word before it: "Jane Roe for Acme Weekly" is a person writing for an outlet
    joint = 1
    first = body[0].lower
    if is_vocabulary(first) or first in ORGANIZATION_HEADS or names.registry.countries.lookup(body[0].text) or \
            body[joint].lower == "of" and is_source_noun(first):  # "(Veltor) Institute for Civic Reform": a part
        return False
    obj = [t for t in body[joint + 1:] if t.lower not in ("the", "and")]
    return bool(obj) and all(t.capitalized and t.text.isalpha() for t in obj) \
        and names.registry.countries.lookup(" ".join(t.text for t in body[joint + 1:])) is None


MEMBER_NOUNS = frozenset({"source", "sources", "official", "officials"})


def _member_of_institution(body: Sequence[Token], names: MentionReader) -> Mention | None:
    """``an official source at the Ministry of Foreign Affairs``, ``officials at the foreign ministry``, ``a
    foreign ministry source``: a member of an institution, read as a description (one) or a group (several) of
    that institution."""
    if len(body) > 1 and body[-1].lower == "source":  # "a foreign ministry source": a source in it
        institution = _parse_mention(body[:-1], names)
        if institution is None or institution.kind != "institution" or institution.org in ("outlet", "government") \
                or institution.entry is not None and institution.entry.is_outlet \
                or institution.entry is None and institution.country is None \
                and institution.org not in ORG_PHRASES.values():
            return None  # "a Reuters source" is the outlet's; "a government/ministry source", of no country, no one's
        return replace(institution, kind="description", head="source", title=" ".join(t.lower for t in body),
                       name=None)
    joint = next((i for i, t in enumerate(body) if t.lower in ("at", "in", "from", "within")), None)
    if not joint or body[joint - 1].lower not in MEMBER_NOUNS or not all(
            is_vocabulary(t.lower) or t.lower in MEMBER_NOUNS for t in body[:joint]):
        return None
    institution = _parse_mention(body[joint + 1:], names)
    if institution is None or institution.kind != "institution" or institution.org == "outlet":
        return None
    head = body[joint - 1].lower
    return Mention(body[0].start, body[-1].end, "group" if head.endswith("s") else "description", head=head,
                   title=" ".join(t.lower for t in body[:joint]), country=institution.country,
                   org=institution.org, entry=institution.entry, countries=institution.countries)


def _pair_of_people(body: Sequence[Token], names: MentionReader) -> Mention | None:
    """``Senator Jane Roe and Senator John Doe``: two named people speaking together (kind ``joint``, ``parts``)."""
    joins = [i for i, t in enumerate(body) if t.lower in ("and", "&")]
    if len(joins) != 1 or not 0 < joins[0] < len(body) - 1:
        return None
    parts = (_parse_mention(body[:joins[0]], names), _parse_mention(body[joins[0] + 1:], names))
    if not all(p is not None and p.kind == "person" and p.name for p in parts):
        return None
    countries = tuple(dict.fromkeys(p.country for p in parts if p.country))
    return Mention(body[0].start, body[-1].end, "joint", name=" and ".join(p.name or "" for p in parts),
                   countries=countries, parts=parts)


def _has_headline_verb(tokens: Sequence[Token]) -> bool:
    """Whether a capitalised reporting verb stands inside ``tokens`` (``Putin Announces Mobilisation``).

    A headline's verb is not part of a name; at the end of the phrase the
    word may still be one (``Indian Express``).
    """
    forms = _finite_cue_forms()
    return any(t.capitalized and t.lower in forms for t in tokens[:-1])


@lru_cache(maxsize=1)
def _finite_cue_forms() -> frozenset[str]:
    """The one-word ``-s`` and ``-ed`` forms of the cue lexicon's verbs, less words of the mention vocabulary."""
    forms = {form for entry in CueLexicon.default().entries if entry.frame != "noun" for form in entry.forms
             if " " not in form and form.endswith(("s", "ed"))}
    return frozenset(f for f in forms if not is_vocabulary(f) and f not in MESSAGE_NOUNS)


def _written(tokens: Sequence[Token]) -> str:
    """The words of ``tokens`` as written, without a final possessive ``'s``."""
    written = " ".join(t.text for t in tokens)
    return written[:-2] if tokens[-1].possessive else written


def _read_prefix(prefix: Sequence[Token], names: MentionReader) -> _Prefix | None:
    """Sort the words before a name into countries, roles and institutions; ``None`` if one is none of these."""
    countries: list[str] = []
    roles: list[str] = []
    org_entry: RegistryEntry | None = None
    org_words: list[str] = []
    unknown: list[str] = []
    joined = False
    country_spans = _country_spans(prefix, names)
    index = 0
    while index < len(prefix):
        token = prefix[index]
        low = token.lower
        span = _registry_span(prefix, index, names)
        if span or index in country_spans:
            length, found = span or country_spans[index]
            if isinstance(found, str):
                countries.append(found)
            elif found.type == "person":
                roles.append("person")
            else:
                org_entry, org_words = found, [t.lower for t in prefix[index:index + length]]
            if not isinstance(found, str) and found.affiliation:
                countries.append(found.affiliation)
            index += length
            continue
        if low in ("and", "&"):
            joined = True
        elif is_vocabulary(low) or (low in PREPOSITIONS_IN_TITLES and roles) or _is_portfolio(prefix, index) \
                or _is_owner(prefix, index):
            roles.append(low)
        elif token.capitalized and low not in NOT_NAMES:
            unknown.append(token.text)
        elif low not in ("'s", "\u2019s"):
            return None
        index += 1
    if org_entry is not None and countries and countries[0] != org_entry.affiliation:
        # "Philippine Defense Department": a generic alias of another country's institution
        countries.remove(org_entry.affiliation)
        roles.extend(org_words)
        org_entry = None
    return _Prefix(tuple(dict.fromkeys(countries)), tuple(roles), tuple(unknown), org_entry, joined)


def _is_portfolio(prefix: Sequence[Token], index: int, depth: int = 0) -> bool:
    """Whether the lower-case word at ``index`` names a portfolio: a plain noun right before a portfolio title
    (``oil`` in ``Iran's oil minister``), or before another such noun (``human`` in ``the UN human rights
    chief``), not a function word, a participle or an adverb."""
    low = prefix[index].lower
    if not (index + 1 < len(prefix) and low.isalpha() and not prefix[index].capitalized and len(low) > 2
            and low not in NOT_NAMES and low not in DETERMINERS and not low.endswith(("ed", "ing", "ly"))):
        return False
    return prefix[index + 1].lower in PORTFOLIO_HEADS or depth == 0 and _is_portfolio(prefix, index + 1, 1)


def _is_owner(prefix: Sequence[Token], index: int) -> bool:
    """Whether the word at ``index`` is a lower-case possessive owner before a title (``region`` in ``the
    region's tax commissioner``, ``company`` in ``the company's chief executive``)."""
    token = prefix[index]
    return (token.possessive and not token.capitalized and token.lower.isalpha() and index + 1 < len(prefix)
            and token.lower not in NOT_NAMES and token.lower not in DETERMINERS and token.lower not in PRONOUNS)


def _named_mention(start: int, end: int, prefix: _Prefix, title: str, name: str,
                   registry: SpeakerRegistry) -> Mention | None:
    """A mention ending in a proper name: a person (``Foreign Minister Sergei Lavrov``) or an institution."""
    roles, countries = prefix.roles, prefix.countries
    country = countries[0] if countries else None
    if (ministry := _ministry_of(roles, name.split())) and registry.lookup(name) is None:  # "the Ministry of Health"
        return Mention(start, end, "institution", head=roles[0], country=country, org=ministry,
                       countries=countries)
    last_preposition = max((i for i, r in enumerate(roles) if r in PREPOSITIONS_IN_TITLES), default=-1)
    if last_preposition >= 0 and all(r in PERSON_TITLES or r in DETERMINERS for r in roles[last_preposition + 1:]):
        # "former adviser to President Putin", "envoy to the Sahel": the name is the object of the description
        named = registry.lookup(name) or next(iter(registry.by_surname(name)), None)
        owner = (named.affiliation,) if named and named.affiliation else ()
        if last_preposition == 0:
            return None
        return Mention(start, end, "description", head=roles[last_preposition - 1],
                       title=" ".join(roles[:last_preposition]), country=country or (owner[0] if owner else None),
                       countries=countries + owner)
    named = registry.lookup(name)
    if named is not None and named.type != "person":
        return Mention(start, end, "institution", name=named.name, entry=named, country=named.affiliation,
                       countries=countries)
    if roles and roles[-1] in ORG_WORDS and not any(r in TITLE_WORDS for r in roles[:-1]):
        return None
    return Mention(start, end, "person", name=name, head=roles[-1] if roles else None, title=title,
                   country=country, entry=named, countries=countries)


def _holder_of_institution(roles: Sequence[str], org_entry: RegistryEntry | None) -> int | None:
    """Where the person noun stands in ``the chairperson of the commission``, ``a spokesperson for the (North
    Korean Foreign Ministry)``, ``the head of the agency``: a description noun whose object is an institution.

    The person, not the institution, is the mention's head; ``None`` when the roles are not so built.
    """
    first = next((i for i, word in enumerate(roles) if word in PREPOSITIONS_IN_TITLES), None)
    if not first or roles[first - 1] not in DESCRIPTION_NOUNS:
        return None
    after = [word for word in roles[first + 1:] if word not in DETERMINERS]
    if after and (after[-1] in ORG_WORDS or _org_phrase(after)) or not after and org_entry is not None:
        return first - 1
    return None


def _portfolio_org(roles: Sequence[str]) -> str:
    """The institution named by the last roles: ``Trade Ministry`` for ``the trade ministry``, else the head
    alone (``Commission``)."""
    head = roles[-1]
    if head in PORTFOLIO_HEADS and len(roles) > 1 and roles[-2].isalpha() and roles[-2] not in MODIFIERS \
            and roles[-2] not in PREPOSITIONS_IN_TITLES and roles[-2] not in DETERMINERS:
        return f"{roles[-2].capitalize()} {head.capitalize()}"
    return head.capitalize()


def _ministry_of(roles: Sequence[str], unknown: Sequence[str]) -> str | None:
    """``Justice Ministry`` for ``Ministry of Justice``, ``Health Ministry`` for ``Ministry of Health``: a
    ministry or department named by the portfolio after ``of``; ``None`` for other roles."""
    if len(roles) < 2 or roles[0] not in ("ministry", "department") or roles[1] != "of":
        return None
    portfolio = [w for w in roles[2:] if w not in DETERMINERS] or [w.lower() for w in unknown]
    if not 0 < len(portfolio) <= 3 or not all(w.isalpha() or w == "and" for w in portfolio):
        return None
    return " ".join(w if w == "and" else w.capitalize() for w in portfolio + [roles[0]])


def _unnamed_mention(start: int, end: int, prefix: _Prefix) -> Mention | None:
    """A mention without a proper name: a country, group, institution, document or description."""
    roles, countries, org_entry, unknown = prefix.roles, prefix.countries, prefix.org_entry, prefix.unknown
    while roles and (roles[-1] in PREPOSITIONS_IN_TITLES or roles[-1] in DETERMINERS):
        roles = roles[:-1]  # "the president of France", "a spokesperson for the (ministry)": the object was named
    country = countries[0] if countries else None
    if len(roles) == 1 and roles[0] in ANAPHORS and not countries and org_entry is None and not unknown:
        return Mention(start, end, "institution", head=roles[0])  # "the bloc": resolved to the one named before
    holder = _holder_of_institution(roles, org_entry)
    if holder is not None:
        return Mention(start, end, "description", head=roles[holder], title=" ".join(roles), country=country,
                       org=_org_phrase(roles[holder + 2:]), countries=countries, entry=org_entry)
    head = roles[-1] if roles else None
    whole = org = _org_phrase(roles) if roles else None  # "Ministry of Foreign Affairs": all of it names one
    if whole is None and (ministry := _ministry_of(roles, unknown)):  # "the Ministry of Justice": Justice Ministry
        return Mention(start, end, "institution", head=roles[0], country=country, org=ministry,
                       countries=countries)
    if org is None and head in DESCRIPTION_NOUNS and len(roles) > 1:
        org = _org_phrase(roles[:-1])
    if head is None:
        if org_entry is not None:
            return Mention(start, end, "institution", name=org_entry.name, entry=org_entry,
                           country=org_entry.affiliation, countries=countries)
        if unknown:
            return None
        if len(countries) == 1 and not prefix.joined:
            return Mention(start, end, "country", country=country, countries=countries)
        if len(countries) >= 2 and prefix.joined:
            return Mention(start, end, "joint", countries=countries)
        return None
    if head in GROUP_NOUNS:
        if head in ("countries", "nations", "sides", "governments") and (len(countries) >= 2 or not countries):
            return Mention(start, end, "joint", head=head, countries=countries)
        return Mention(start, end, "group", head=head, title=" ".join(roles), country=country, org=org,
                       countries=countries)
    if head in DOCUMENT_NOUNS:
        owner = org_entry.name if org_entry else (" ".join(unknown) or None)
        return Mention(start, end, "description", name=owner, head=head, country=country, org=org,
                       countries=countries, title=" ".join(roles))
    if whole is not None or org is not None and (head in ORG_WORDS or head in ABBREVIATED_ORGS
                                                 or org.lower().endswith(head)):
        if org_entry is not None and not unknown:
            return Mention(start, end, "institution", name=org_entry.name, entry=org_entry,
                           country=org_entry.affiliation, countries=countries)
        return Mention(start, end, "institution", head=head, country=country, org=org, countries=countries)
    if head in ORG_WORDS:
        if unknown or org_entry is not None:
            owner = org_entry.name if org_entry and not unknown else " ".join(unknown)
            return Mention(start, end, "institution", name=owner, head=head, country=country,
                           org="outlet" if ORG_WORDS[head] == "outlet" else None, countries=countries,
                           entry=org_entry if not unknown else None)
        return Mention(start, end, "institution", head=head, country=country,
                       org=ORG_PHRASES.get(head) or _portfolio_org(roles), countries=countries)
    if head in DESCRIPTION_NOUNS or head in TITLE_WORDS:
        return Mention(start, end, "description", head=head, title=" ".join(roles), country=country, org=org,
                       countries=countries, entry=org_entry)
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
                      "corporation", "corp", "inc", "ltd", "club", "church", "mission", "authority", "regime",
                      "city", "town", "county", "municipality", "fund"}
# Plural agent nouns name people (``speechwriters``, ``activists``, ``politicians``), unless listed here.
AGENT_SUFFIXES = ("writer", "ist", "ian", "maker", "ator", "igner", "older")
NOT_AGENTS = {"list", "christian", "median", "guardian"}
HEAD_PREPOSITIONS = {"of", "on", "in", "at", "for", "from", "with"}
GENERIC_STOP = {"it", "this", "that", "there", "which", "what", "who", "he", "she", "they", "we", "i", "you",
                "one", "time", "day", "year", "week", "report", "statement"}


def is_people_noun(low: str) -> bool:
    """Whether the singular ``low`` names a person: a people noun, alone or after a hyphenated prefix (``ex-wife``,
    ``co-founder``)."""
    return low in PEOPLE_NOUNS or "-" in low and low.rpartition("-")[2] in PEOPLE_NOUNS


def is_source_noun(head: str) -> bool:
    """Whether ``head`` names people or an organisation (``campaign``, ``lawyers``), not a thing or an event."""
    singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    if head.endswith("sses") or head.endswith("ches"):  # "witnesses", "coaches"
        singular = head[:-2]
    return head in ORGANIZATION_HEADS or singular in ORGANIZATION_HEADS or is_people_noun(singular) or head == "percent" \
        or head in GROUP_NOUNS or (singular != head and singular.endswith(AGENT_SUFFIXES)
                                   and singular not in NOT_AGENTS)


def generic_mention(tokens: Sequence[Token], registry: SpeakerRegistry) -> Mention | None:
    """Any short noun phrase as a source (``many Democrats``, ``The bank``, ``restructuring experts``).

    Used only as the subject of an unambiguous speech verb; refuses phrases
    with a verb, a quotation or punctuation in them.
    """
    close = _people_close_to(tokens)
    if close is not None:
        return close
    body = [t for t in _without_determiner(tokens)]
    if not body or len(body) > 8 or _has_headline_verb(tokens) or any(
            t.quoted or t.is_quote_mark or t.lower in NEGATIVE_QUANTIFIERS for t in tokens):
        return None
    if not all(_plain_word(body, index) for index in range(len(body))):
        return None
    if body[-1].lower in HEAD_PREPOSITIONS or body[-1].lower in DETERMINERS or body[-1].possessive:
        return None  # "employees of the (state ...)", "pages of Trump's (tax filings)": the phrase goes on
    # the head noun comes before a prepositional modifier: "experts on arms control", "officials at the agency"
    last = next((i - 1 for i, t in enumerate(body) if i > 0 and t.lower in HEAD_PREPOSITIONS), len(body) - 1)
    head = body[last].lower
    if head in GENERIC_STOP or not body[last].text[:1].isalpha():
        return None
    if not (body[last].capitalized or head.endswith("s") or head in ORGANIZATION_HEADS or is_people_noun(head)
            or _share_of_people(body, last)):
        return None  # "the attack claimed four lives": a singular common noun is rarely a speaker
    # "One of the doctors", "some of his advisers": the quantifier stays in the name
    named = tokens[len(tokens) - len(body) - 1:] if body[0].lower == "of" and len(body) < len(tokens) else body
    written = " ".join(t.text for t in named).replace(" , ", ", ")
    countries = tuple(dict.fromkeys(m.code for m in registry.countries.mentions(written)))
    # "her ex-husband", "one voter": a singular people noun is one person; a plural one is a group
    kind = "institution" if head in ORGANIZATION_HEADS else "person" if is_people_noun(head) else "group"
    return Mention(tokens[0].start, tokens[-1].end, "generic", name=written, head=head, org=kind,
                   country=countries[0] if countries else None, countries=countries)


def _share_of_people(body: Sequence[Token], last: int) -> bool:
    """``40 percent``, ``Forty per cent``: a share of the people a poll asked (a number before ``percent``)."""
    before = last - 1 if body[last].lower == "percent" else last - 2 if body[last].lower == "cent" else -1
    if before < 0 or body[last].lower == "cent" and body[last - 1].lower != "per":
        return False
    number = body[before].lower
    return number.replace(".", "").isdigit() or number.split("-")[0].endswith(("ty", "teen")) or number == "ten"


CLOSE_PEOPLE = {"those", "people", "someone", "sources", "persons"}
CLOSENESS = {"close", "closest", "familiar", "near", "loyal", "briefed", "knowledgeable"}
CLOSENESS_TO_PEOPLE = {"close", "closest", "near", "loyal"}


def _people_close_to(tokens: Sequence[Token]) -> Mention | None:
    """``Those close to the mayor``, ``people familiar with the talks``: people described by their closeness to a person
    or a matter, a group source; ``None`` for any other phrase."""
    if not 3 <= len(tokens) <= 7 or tokens[0].lower not in CLOSE_PEOPLE or tokens[1].lower not in CLOSENESS \
            or tokens[2].lower not in ("to", "with", "on", "about"):
        return None
    if not all(t.text[:1].isalnum() and t.lower not in COMMON_VERBS and not t.quoted for t in tokens[3:]):
        return None
    person = tokens[-1].lower in ("him", "her", "them") or tokens[-1].capitalized or is_source_noun(tokens[-1].lower)
    if tokens[1].lower in CLOSENESS_TO_PEOPLE and not person:
        return None  # "those close to the border": near a place, not to a person
    return Mention(tokens[0].start, tokens[-1].end, "generic", name=" ".join(t.text for t in tokens), head="people",
                   org="group")


def _plain_word(body: Sequence[Token], index: int) -> bool:
    """Whether ``body[index]`` may stand in a plain noun phrase: no verb, clause word or stray mark. An ``-ed``
    word may stand before a source noun (``elected officials``), ``and`` next to a plural source (``Experts on
    the region and beyond``, ``Developers and supporters``), a comma after a source in a list closed by ``and``."""
    token = body[index]
    low = token.lower
    following = body[index + 1].lower if index + 1 < len(body) else ""
    if low == "and":
        return any(_plural_source(t.lower) for t in body[:index]) or _plural_source(following)
    if low == ",":  # "The family, neighbours and church leaders": a list of sources closed by "and"
        return index > 0 and is_source_noun(body[index - 1].lower) and any(t.lower == "and" for t in body[index:])
    if low in COMMON_VERBS or low in NOT_NAMES - {"many", "some", "several", "most", "all", "both", "other",
                                                 "one", "two", "three", "source", "sources"} \
            and low not in ("of", "in", "on", "for", "from", "at", "with"):
        return False
    if not (token.text[:1].isalnum()) and token.text not in ("-", "&", ".", "(", ")"):
        return False
    if low.endswith("ed") and len(low) > 4 and not token.capitalized:
        return index == 0 and _plural_source(following)
    return token.capitalized or low not in _finite_cue_forms()  # "Ruritania rejects the claims, says ..."


def _plural_source(low: str) -> bool:
    return low.endswith("s") and is_source_noun(low)


def _without_determiner(tokens: Sequence[Token]) -> Sequence[Token]:
    index = 0
    while index < len(tokens) and tokens[index].lower in DETERMINERS and not tokens[index].possessive:
        index += 1
    return tokens[index:]


def _may_stand_in_name(token: Token) -> bool:
    """Whether ``token`` may stand inside a registered name: a word, or a comma, ``&`` or ``.`` (``Foreign,
    Commonwealth and Development Office``), not a bracket or a dash (``Reuters ) -`` is no name, though it folds
    to one)."""
    return any(c.isalnum() for c in token.text) or token.text in (",", "&", ".")


def _registry_span(tokens: Sequence[Token], index: int, names: MentionReader) -> tuple[int, RegistryEntry] | None:
    """The longest registry name starting at ``tokens[index]`` (a slice of the reader's run), or a surname only one
    registered person bears."""
    found, surname = names.names_at(names.index_of(tokens) + index)
    remaining = len(tokens) - index
    for length, entry in found:
        if length <= remaining:
            return length, entry
    if surname is not None and remaining > 1:  # "Biden administration", "Putin's aide": the one so named
        return 1, surname
    return None


def _registry_names(tokens: Sequence[Token], index: int, registry: SpeakerRegistry
                    ) -> tuple[tuple[tuple[int, RegistryEntry], ...], RegistryEntry | None]:
    """See :meth:`MentionReader.names_at`: only the words up to the first that may not stand in a name
    (:func:`_may_stand_in_name`) are looked up, and one alone if no name of several words opens with it."""
    token = tokens[index]
    if not token.capitalized:
        return (), None
    words: list[str] = []
    for word in tokens[index:index + (registry.longest_name if registry.may_open_name(token.text) else 1)]:
        if not _may_stand_in_name(word):
            break
        words.append(word.text)
    found = []
    for length in range(len(words), 0, -1):
        written = " ".join(words[:length])
        entry = registry.lookup(written[:-2] if tokens[index + length - 1].possessive else written)
        if entry is not None and (length > 1 or entry.type != "person"):
            found.append((length, entry))
    people = registry.by_surname(token.text[:-2] if token.possessive else token.text)
    return tuple(found), people[0] if len(people) == 1 else None
