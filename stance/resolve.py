"""Resolution: the mentions of one article turned into canonical speakers.

A :class:`Resolver`, one per article, turns :class:`~stance.mentions.Mention`
records into :class:`~stance.records.Speaker` records in reading order,
resolving surnames, titles, descriptions and pronouns against what the
article said before (or, for headlines, after).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable

from .countries import Country, CountryMention
from .cues import tokenize
from .mentions import (ANAPHORS, DESCRIPTION_NOUNS, DETERMINERS, DOCUMENT_NOUNS, NAME_PARTICLES, ORG_PHRASES, ORG_WORDS,
                       ORGANIZATION_HEADS, PERSON_TITLES, PORTFOLIO_HEADS, PREPOSITIONS_IN_TITLES, PRONOUNS,
                       SHARED_DEMONYMS, Mention, is_source_noun, is_vocabulary, parse_mention)
from .records import Speaker
from .registry import RegistryEntry, SpeakerRegistry, fold

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


# Group nouns that say whose members speak only with a country or an institution (``Indian ministers``).
UNOWNED_GROUP_NOUNS = frozenset({"ministers", "media", "leaders", "members", "staff", "group", "groups"})
_NAME_PAIR = re.compile(r"\b([A-Z][\w'\u2019]+)-([A-Z][\w'\u2019]+)\b")
# Words of a description that no registry title has: a person named in it (as "person") and a rank.
NOT_IN_TITLES = frozenset({"person", "top"})
# The heads of a group of a bloc's members (``EU countries``, ``ASEAN members``, ``member states``).
MEMBER_HEADS = frozenset({"states", "countries", "nations", "members"})
SPOKES_NOUNS = ("spokesperson", "spokesman", "spokeswoman", "representative")
# A word right after these is their object (``supporters of Khalistan``, ``Sikhs for Justice``), not a speaker.
_OBJECT_OF = re.compile(r"\b(?:of|for|behind|against)\s+(?:the\s+)?$", re.IGNORECASE)
# How far back the sentence before a document mention is read for the institution it names.
SENTENCE_REACH = 400
# Titles of a country's own government: a person so titled with no country named is of the article's subject
# country (news names a foreign official with a demonym, its own without: "Foreign Secretary X").
DOMESTIC_TITLE_WORDS = frozenset({"president", "minister", "secretary", "premier", "chancellor",
                                  "spokesperson", "spokesman", "spokeswoman"})
RANK_WORDS = frozenset({"acting", "assistant", "deputy", "vice", "under", "senior", "chief", "principal", "special",
                        "first", "second", "former", "new", "top"})
_HALF_NAME = re.compile(r"(?:[Tt]he\s+)?(North|South|East|West)(?:['\u2019]s)?\b")
# A possessor opening a description: a name (``Abiy's``) or a possessive pronoun (``his government's``).
_POSSESSOR = re.compile(r"([A-Z][\w.-]*)['\u2019]s\s|(his|her|its|their)\s", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.\s+|\n\s*")
_OWNER_BEFORE = re.compile(r"\b(his|her|its|their)\s+$", re.IGNORECASE)
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}


def _portfolio(title: str) -> str:
    """The portfolio of a group of ministers (``foreign `` in ``SCO foreign ministers``), else ``""``."""
    words = title.split()
    if len(words) < 2 or words[-1] not in PORTFOLIO_HEADS or not words[-2].isalpha():
        return ""
    word = words[-2]
    return f"{word} " if f"{word} ministry" in ORG_PHRASES or not is_vocabulary(word) else ""


def _title_variants(title: str, head: str) -> list[str]:
    """``title``, then with its last word, the head, replaced by each title it may stand for (``refugee chief``,
    ``refugee head``): the registry's words for a role need not be the article's."""
    words = title.split()
    if not words or words[-1] != head:
        return [title]
    return [title] + [" ".join(words[:-1] + [other]) for other in DESCRIPTION_NOUNS.get(head, ()) if other != head]


# The countries a shared demonym may name (``Congolese``: both Congos).
SHARED_DEMONYM_CODES = frozenset(code for codes in SHARED_DEMONYMS.values() for code in codes)


class Resolver:
    """Resolves the mentions of one article to canonical speakers, in reading order.

    ``people`` are the persons the article names anywhere (with their titles),
    found beforehand, so that a headline or a description (``the Iranian
    foreign minister``) can refer to a person named elsewhere. ``countries``
    are the mentions of countries in ``text`` (``registry.countries.mentions``).
    """

    def __init__(self, registry: SpeakerRegistry, date: str | None = None, home: str | None = None,
                 text: str = "", countries: Iterable[CountryMention] = ()):
        self.registry = registry
        self.date = date
        self.home = home
        self.text = text
        named = list(countries)
        self.countries = {m.code for m in named}  # the codes of the countries the text names
        self._named = tuple(named)
        # How the text writes the countries a shared demonym may name: (code, folded words).
        self._shared_written = {(m.code, fold(text[m.start:m.end])) for m in named if m.code in SHARED_DEMONYM_CODES}
        self.known: list[_Known] = []
        # Media named as a group (``Iranian state media``, ``local media``): whether each is a state's.
        self.media: dict[Speaker, bool] = {}
        self._subject: tuple[str | None] | None = None

    def _half_named(self, mention: Mention) -> str | None:
        """``the North's defense ministry`` in an article on North Korea: the one country so named there."""
        match = _HALF_NAME.match(self.text, mention.start, mention.end)
        if match is None:
            return None
        word = match.group(1).lower()
        codes = {code for code in self.countries
                 if (country := self._country(code)) is not None and country.name.lower().startswith(word + " ")}
        return codes.pop() if len(codes) == 1 else None

    @property
    def subject(self) -> str | None:
        """The country the headline opens with by name (``Japan says ...``, ``Spain's minister ...``), else
        ``None``; a demonym (``Chinese envoy summoned``) says whom the news is about, not who reports it."""
        if self._subject is None:
            end = self.text.find("\n")
            end = len(self.text) if end < 0 else end
            named = self._countries_in(0, end)
            opening = len(self.text) - len(self.text.lstrip())
            first = named[0] if named and named[0].start == opening and named[0].form != "demonym" else None
            country = self._country(first.code) if first else None
            self._subject = (first.code if country is not None and country.kind == "country" else None,)
        return self._subject[0]

    def _possessor_country(self, mention: Mention) -> str | None:
        """``Abiy's national security adviser``, ``his government's foreign secretary``: the country of the person
        (or institution) the description opens with by name or possessive pronoun, if the article gives one."""
        match = _POSSESSOR.match(self.text, mention.start, mention.end)
        if match is None:
            return None
        if match.group(2):
            owner = self._pronoun(POSSESSIVE_PRONOUNS[match.group(2).lower()], mention.start)
            return owner.affiliation if owner else None
        name = fold(match.group(1))
        known = self._recent(mention.start, lambda k: k.speaker.type == "person" and name in k.surnames)
        if known is not None:
            return known.speaker.affiliation
        entry = self.registry.lookup(match.group(1))
        holders = [entry] if entry is not None else self.registry.by_surname(match.group(1))
        return holders[0].affiliation if len(holders) == 1 and holders[0].type == "person" else None

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
        name = f"{self._adjective(code)} {org}".strip()
        entry = self.registry.lookup(name)  # "Chinese Commerce Ministry": the registry's Chinese Ministry of Commerce
        if entry is not None and entry.type == "organization" and entry.affiliation == code:
            return Speaker(entry.name, "organization", code)
        return Speaker(name, "organization", code)

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
        if self._common_noun(mention) or self._name_pair(mention):
            definite = self.text[mention.start:mention.end].split()[0].lower() in ("the", "this", "that")
            speaker = self._anaphor(mention) if definite else None
        elif mention.country in SHARED_DEMONYM_CODES:
            mention, demonym = self._of_shared_demonym(mention)
            speaker = self._resolve(mention, ahead, appositive)
            if demonym and speaker is not None and speaker.affiliation is None:
                speaker = replace(speaker, name=f"{demonym.capitalize()} {speaker.name}")  # which one, unknown
        else:
            speaker = self._resolve(mention, ahead, appositive)
        if speaker is not None and subject:
            self.remember(speaker, mention.start, subject=True)
        return speaker

    def _common_noun(self, mention: Mention) -> bool:
        """Whether ``mention`` is one common noun alone (``Sanctions``, ``Staff``, ``group``, ``ministers``, ``media``).

        Such a word names no one: no country, institution or person says whose
        it is. A generic phrase of one word counts when the word is one of the
        mention vocabulary or the article writes it in lower case elsewhere
        (a capital at a sentence's start says nothing).
        """
        if mention.entry is not None or mention.country is not None:
            return False
        words = [w for w in self.text[mention.start:mention.end].split() if w.lower() not in DETERMINERS]
        if len(words) != 1:
            return False
        low = words[0].lower()
        if _OBJECT_OF.search(self.text, max(0, mention.start - 16), mention.start) is not None:
            return True
        if mention.kind in ("group", "institution"):
            return low in UNOWNED_GROUP_NOUNS
        if mention.kind == "generic":
            return is_vocabulary(low) or low in UNOWNED_GROUP_NOUNS or self._written_as_thing(words[0])
        return mention.kind == "person" and not mention.title and not self.registry.lookup(low) and \
            not self.registry.by_surname(low) and self._written_as_thing(words[0], person=True)

    def _plural_people(self, mention: Mention) -> bool:
        """Whether a would-be name is one plural noun naming people (``Separatists``, ``Activists``), unregistered."""
        name = mention.name or ""
        return mention.entry is None and not mention.title and " " not in name and name.lower().endswith("s") \
            and is_source_noun(name.lower()) and not self.registry.by_surname(name)

    def _written_as_thing(self, word: str, *, person: bool = False) -> bool:
        """Whether the article also writes ``word`` in lower case (a common noun) or as a place (``in Khalistan``).

        For a would-be person, only ``in`` marks a place: people too are written ``to X``, ``from X``, ``pro-X``.
        """
        if not word[:1].isupper():
            return False
        if re.search(rf"(?<![\w/@.-]){re.escape(word.lower())}(?![\w/@-])", self.text):
            return True
        before = r"\bin\s+" if person else r"\b(?:in|to|from|into|across|inside|pro|anti)[\s-]+"
        return re.search(rf"{before}{re.escape(word)}\b(?!['\u2019])", self.text) is not None

    def _name_pair(self, mention: Mention) -> bool:
        """Whether ``mention`` holds two names joined by a hyphen (``Putin-Macron talks``, ``US-China``)."""
        for match in _NAME_PAIR.finditer(self.text, mention.start, mention.end):
            if all(self.registry.lookup(part) or self.registry.by_surname(part) or self.registry.countries.lookup(part)
                   for part in match.groups()):
                return True
        return False

    def _anaphor(self, mention: Mention) -> Speaker | None:
        """``the group``, ``the ministers``: the institution or group the article last mentioned, if any."""
        found = self._recent(mention.start, lambda k: k.speaker.type in ("group", "organization")
                             and k.speaker.affiliation is not None)
        return found.speaker if found else None

    def _of_shared_demonym(self, mention: Mention) -> tuple[Mention, str | None]:
        """``the Congolese Foreign Ministry``: a mention whose country is named by a demonym of several countries
        takes the one the article names otherwise (dateline, capital, name), else none; with the demonym, if it
        left the country unknown."""
        words = fold(self.text[mention.start:mention.end]).split()
        word = next((w for w in words if mention.country in SHARED_DEMONYMS.get(w, ())), None)
        if word is None:
            return mention, None
        codes = SHARED_DEMONYMS[word]
        named = {code for code, written in self._shared_written if code in codes and written != word} \
            | ({self.home} & set(codes))
        code = named.pop() if len(named) == 1 else None
        if code == mention.country:
            return mention, None
        if mention.entry is not None:  # the registry's "Congolese Foreign Ministry" is one Congo's
            org = ORG_PHRASES.get(" ".join(w for w in fold(mention.entry.name).split() if w != word))
            if org is None:
                return mention, None
            mention = replace(mention, kind="institution", name=None, entry=None, org=org)
        return replace(mention, country=code, countries=(code,) if code else ()), None if code else word

    def _resolve(self, mention: Mention, ahead: bool, appositive: Mention | None) -> Speaker | None:
        at = mention.start
        if mention.country is None and mention.kind in ("institution", "description", "group", "generic"):
            code = self._half_named(mention)
            if code is not None:
                mention = replace(mention, country=code, countries=(code,))
        if mention.country is None and mention.kind in ("description", "group"):
            code = self._possessor_country(mention)
            if code is not None:  # "his government's foreign secretary": any official of that country's
                title = " ".join(w for w in mention.title.split() if w != "government")
                mention = replace(mention, country=code, countries=(code,), title=title)
        country = mention.country or (appositive.country if appositive else None)
        if mention.kind == "person" and self._plural_people(mention):  # "Separatists in Balochistan said"
            speaker = Speaker(mention.name or "", "group", country)
            self.remember(speaker, at)
            return speaker
        if mention.kind == "person":
            return self._person(mention, country, appositive, ahead)
        if mention.kind == "pronoun":
            return self._pronoun(mention.head or "", at)
        if mention.kind == "country":
            speaker = self.government(mention.country or "")
            self.remember(speaker, at, org="government")
            return speaker
        if mention.kind == "joint" and mention.parts:
            return self._people(mention, ahead)
        if mention.kind == "joint":
            return self._joint(mention.countries, at)
        if mention.kind == "institution":
            return self._institution(mention, at, ahead)
        if mention.kind == "generic":
            kind = {"institution": "organization", "person": "person"}.get(mention.org or "", "group")
            speaker = Speaker(mention.name or "", kind, mention.country)
            if kind == "group" and mention.head == "media":  # "local media"
                self.media[speaker] = False
            self.remember(speaker, at)
            return speaker
        if mention.kind == "group":
            return self._group(mention, at)
        return self._description(mention, at, ahead)

    def _joint(self, codes: tuple[str, ...], at: int) -> Speaker | None:
        """The governments of ``codes`` speaking together, else of the two countries the text named most."""
        codes = codes or self._most_named(at, 2)
        if len(codes) < 2:
            return None
        names = [self._adjective(c) for c in codes]
        speaker = Speaker(f"{' and '.join(names)} governments", "group", None)
        self.remember(speaker, at)
        return speaker

    def _people(self, mention: Mention, ahead: bool) -> Speaker:
        """Named people speaking together: each resolved (and remembered) alone, the pair as one group speaker."""
        # the parts' offsets are not moved with a cached mention: both stand at the pair's place
        people = [self._person(replace(part, start=mention.start, end=mention.end), part.country, None, ahead)
                  for part in mention.parts]
        affiliations = {person.affiliation for person in people}
        speaker = Speaker(" and ".join(person.name for person in people), "group",
                          affiliations.pop() if len(affiliations) == 1 else None)
        return speaker

    def _most_named(self, before: int, how_many: int) -> tuple[str, ...]:
        """The countries the text names most often before offset ``before``."""
        counts = Counter(m.code for m in self._countries_in(0, before)
                         if (c := self.registry.countries.get(m.code)) is not None and c.kind == "country")
        return tuple(code for code, _ in counts.most_common(how_many))

    def _person(self, mention: Mention, country: str | None, appositive: Mention | None, ahead: bool) -> Speaker:
        written = mention.name or ""
        title = " ".join(filter(None, (mention.title, appositive.title if appositive else "",
                                       appositive.org or "" if appositive else "")))
        entry = mention.entry or self.registry.lookup(written)
        folded = fold(written).split()
        if entry is None and len(folded) > 1 and all(w in NAME_PARTICLES for w in folded[:-1]):
            folded = folded[-1:]  # "bin Zayed" after "Mohamed bin Zayed": the surname with its particle
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
        affiliation = country or self._country_of_title(mention, appositive) or \
            self._owner_before(mention.start) or self._domestic(title, mention.start)
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

    def _owner_before(self, at: int) -> str | None:
        """``The Chinese Embassy said its Deputy Chief of Mission X``: the country of the referent of a possessive
        pronoun right before a name."""
        match = _OWNER_BEFORE.search(self.text, max(0, at - 8), at)
        owner = self._pronoun(POSSESSIVE_PRONOUNS[match.group(1).lower()], at) if match else None
        return owner.affiliation if owner else None

    def _domestic(self, title: str, at: int) -> str | None:
        """The article's subject country, else its dateline's, for a government ``title`` with no country; else
        the country of the institution the title names, as the article last named it (``Foreign Affairs Assistant
        Secretary`` after ``the Philippine Department of Foreign Affairs``)."""
        words = fold(title).split()
        if not DOMESTIC_TITLE_WORDS & set(words):
            return None
        portfolio = [w for w in words if w not in DOMESTIC_TITLE_WORDS and w not in RANK_WORDS]
        return self.subject or self.home or (self._country_of_kind(portfolio, at) if portfolio else None)

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
            if found is None:  # "Qatar's foreign ministry spokesman said ... He said": the spokesman's ministry
                found = self._recent(at, lambda k: k.speaker.type == "organization"
                                     and any(noun in k.titles.split() for noun in SPOKES_NOUNS))
            return found.speaker if found else None
        if pronoun == "it":  # the institution that spoke last, else the one the sentence before named
            found = self._recent(at, lambda k: k.speaker.type == "organization")
            if found is not None:
                return found.speaker
            named = self._institution_named_before(at)
            return self._institution(named, named.start, False) if named is not None else None
        found = self._recent(at, lambda k: k.speaker.type in ("group", "organization"))
        return found.speaker if found else None

    def _institution(self, mention: Mention, at: int, ahead: bool) -> Speaker | None:
        if mention.org is None and mention.head in ANAPHORS and mention.entry is None:
            return self._referent(mention, at)
        org, code = self._generic_alias_named_before(mention, at)
        if org is None:
            org, code = self._generic_alias_elsewhere(mention), self.home
        if org is not None:  # "ISLAMABAD - The Foreign Office said": Pakistan's, not the British one so called
            speaker = self.institution(org, code)
            self.remember(speaker, at, org=org)
            return speaker
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
            code = self._country_of_kind(words, at) or self.home or self.subject
        speaker = self.institution(org, code)
        self.remember(speaker, at, org=org)
        self._note_medium(mention, speaker)
        return speaker

    def _note_medium(self, mention: Mention, speaker: Speaker) -> None:
        """``the state-run Radio Pakistan``: a medium named by its kind is media (a state's if written so), so that
        it relays rather than speaks (:mod:`stance.attribution`)."""
        if ORG_WORDS.get(mention.head or "") == "outlet":
            words = re.split(r"[\s-]+", self.text[mention.start:mention.end].lower())
            self.media[speaker] = "state" in words and speaker.affiliation is not None

    def _countries_in(self, start: int, end: int) -> list[CountryMention]:
        """The country mentions within ``text[start:end]``: read from the article's mentions when the resolver was
        given them (read once per article), else from the text."""
        if self._named:
            return [m for m in self._named if start <= m.start and m.end <= end]
        return self.registry.countries.mentions(self.text, start, end)

    def _names_a_country(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` names a country."""
        return bool(self._countries_in(start, end))

    def _generic_alias_named_before(self, mention: Mention, at: int) -> tuple[str | None, str | None]:
        """``Pakistan's Foreign Office spokesperson ... The Foreign Office said``: a registry row's generic alias,
        written without a country, is the institution type it names (``Foreign Ministry``) of the country of the
        article's last mention of that kind of institution, when that is another country; else ``(None, None)``."""
        entry = mention.entry
        if entry is None or self._names_a_country(mention.start, mention.end):
            return None, None
        alias = " ".join(w for w in fold(self.text[mention.start:mention.end]).split() if w not in DETERMINERS)
        org = ORG_PHRASES.get(alias)
        code = self._country_of_kind(alias.split(), at) if org else None
        return (org, code) if code not in (None, entry.affiliation) else (None, None)

    def _country_of_kind(self, words: list[str], at: int) -> str | None:
        """The country of the article's last mention before ``at`` of an institution whose name or a person's
        title holds ``words`` (``foreign ministry``: ``Qatar's foreign ministry spokesman``), if any."""
        def named(known: _Known) -> bool:
            country = self._country(known.speaker.affiliation)
            if country is None or country.kind != "country":
                return False
            held = fold(known.speaker.name).split() if known.speaker.type == "organization" else known.titles.split()
            return all(w in held for w in words)

        found = self._recent(at, named)
        return found.speaker.affiliation if found else None

    def _generic_alias_elsewhere(self, mention: Mention) -> str | None:
        """The institution type a registry row's generic alias names (``Foreign Office``: ``Foreign Ministry``)
        when the article's dateline is another country's; else ``None``."""
        entry = mention.entry
        if entry is None or self.home is None or entry.affiliation == self.home or mention.countries != (
                (entry.affiliation,) if entry.affiliation else ()):
            return None
        words = [w for w in fold(self.text[mention.start:mention.end]).split() if w not in DETERMINERS]
        home = self._country(self.home)
        return ORG_PHRASES.get(" ".join(words)) if home is not None and home.kind == "country" else None

    def _referent(self, mention: Mention, at: int) -> Speaker | None:
        """``the bloc``, ``the body``: the institution the article named last (for a bloc, one whose affiliation
        is a bloc, else the bloc the text named last); ``None`` for an indefinite or unanchored one."""
        if not mention.definite:
            return None
        if ANAPHORS.get(mention.head or "") != "bloc":
            found = self._recent(at, lambda k: k.speaker.type == "organization")
            if found is not None:
                return found.speaker
            named = self._institution_named_before(at)
            return self._institution(named, named.start, False) if named is not None else None
        found = self._recent(at, lambda k: k.speaker.type != "person" and self._is_bloc(k.speaker.affiliation))
        if found is not None:
            return found.speaker
        named = [m.code for m in self._countries_in(0, at) if self._is_bloc(m.code)]
        return self.government(named[-1]) if named else None

    def _is_bloc(self, code: str | None) -> bool:
        country = self._country(code)
        return country is not None and country.kind == "bloc"

    def _group(self, mention: Mention, at: int) -> Speaker | None:
        if mention.head == "media" and mention.entry is None:
            return self._media(mention, at)
        members = self._member_states(mention, at)
        if members is not None:
            self.remember(members, at)
            return members
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
            speaker = Speaker(f"{adjective} {_portfolio(mention.title)}{head}".strip(), "group", mention.country)
        self.remember(speaker, at)
        return speaker

    def _member_states(self, mention: Mention, at: int) -> Speaker | None:
        """``EU member states``, ``EU countries``, ``the member states``: the members of a bloc as one group, named
        ``<bloc> member states``; the bloc is the one the article named last when the mention names none (no bloc:
        ``member states``). ``None`` for any other group."""
        if mention.head not in MEMBER_HEADS or mention.entry is not None or len(mention.countries) > 1:
            return None
        code = mention.country
        if code is None and "member" in mention.title.split():
            named = [m.code for m in self._countries_in(0, at) if self._is_bloc(m.code)]
            code = named[-1] if named else None
            if code is None:
                return Speaker("member states", "group", None)
        if not self._is_bloc(code):
            return None
        return Speaker(f"{self._adjective(code)} member states", "group", code)

    def _media(self, mention: Mention, at: int) -> Speaker | None:
        """``State media``, ``Iranian state media``: a country's media, the dateline's when the mention names
        none; with no country at all, no speaker (``media`` alone names no one)."""
        code = mention.country or self.home
        if code is None or len(mention.countries) > 1:
            return None
        state = "state " if "state" in mention.title.split() else ""
        speaker = Speaker(f"{self._adjective(code)} {state}media", "group", code)
        self.media[speaker] = bool(state)
        self.remember(speaker, at)
        return speaker

    def _description(self, mention: Mention, at: int, ahead: bool) -> Speaker | None:
        head = mention.head or ""
        if head in DOCUMENT_NOUNS:
            return self._document(mention, at)
        if head == "official" and mention.org is None and mention.entry is None:
            return self._official(mention, at)
        found = self._described(mention, at, ahead)
        if found is not None:
            self.remember(found.speaker, at)
            return found.speaker
        return self._undescribed(mention, at, ahead)

    def _official(self, mention: Mention, at: int) -> Speaker:
        """``a US official``, ``the official``: an anonymous official, the one named before if definite."""
        if not mention.definite or mention.country is None:
            found = self._recent(at, lambda k: k.speaker.name.endswith(" official")
                                 and (mention.country is None or k.speaker.affiliation == mention.country))
            if found is not None and (mention.definite or mention.country is None):
                return found.speaker
        speaker = Speaker(f"{self._adjective(mention.country)} official".strip(), "group", mention.country)
        self.remember(speaker, at)
        return speaker

    def _described(self, mention: Mention, at: int, ahead: bool = False) -> _Known | None:
        """Whom the article introduced with a title that fits description ``mention`` (``the diplomat``)."""
        head = mention.head or ""
        compatible = DESCRIPTION_NOUNS.get(head, (head,))
        institution = mention.entry.name if mention.entry else mention.org
        spokes = head in SPOKES_NOUNS
        # the institution as normalised (``military``) or as written (``army``)
        institution_words = {w for w in fold(institution or "").split() if len(w) > 3} | \
            {w for w in fold(mention.title).split() if w in ORG_WORDS}
        # "the election chief" is not the agriculture minister: a portfolio word must be in the title too
        title_words = fold(mention.title).split()
        portfolio = [w for w, following in zip(title_words, title_words[1:])
                     if following in PORTFOLIO_HEADS and w.isalpha() and not is_vocabulary(w)]

        def fits(known: _Known) -> bool:
            if known.speaker.type != "person":
                return spokes and known.org is not None and \
                    (institution is None or institution.lower() in known.speaker.name.lower()) and \
                    (mention.country is None or known.speaker.affiliation == mention.country)
            if mention.country and known.speaker.affiliation != mention.country:
                return False
            titles = f" {known.titles} "
            if institution and not any(f" {w} " in titles for w in institution_words) and not (
                    spokes and self._headline_spokesperson(known)):
                return False
            if any(f" {w} " not in titles for w in portfolio):
                return False
            return any(f" {word} " in titles or f" {word}-" in titles for word in compatible)

        if mention.indefinite and institution:  # "a foreign ministry spokesperson": one not named
            return None
        found = self._recent(at, lambda k: k.speaker.type == "person" and fits(k), ahead=True)
        if found is None and spokes:  # "the spokesperson": whose spokesperson the text said before
            found = self._recent(at, lambda k: fits(k) and " spokes" in f" {k.titles}")
        return found or self._recent(at, fits)

    def _headline_spokesperson(self, known: _Known) -> bool:
        """Whether ``known`` was named in the headline as a spokesperson of no institution (``Spokeswoman X
        rejects claims``): the article's ``the foreign ministry spokeswoman`` may then be her."""
        headline_end = self.text.find("\n")
        return 0 <= known.position < headline_end and bool(known.titles) and all(
            word in SPOKES_NOUNS for word in known.titles.split())

    def _undescribed(self, mention: Mention, at: int, ahead: bool) -> Speaker | None:
        """A description the article's people do not fit: a registry title holder, an institution or the text."""
        head = mention.head or ""
        institution = mention.entry.name if mention.entry else mention.org
        spokes = head in SPOKES_NOUNS
        if mention.country and mention.entry is None and not mention.indefinite:
            # "Putin's top foreign policy aide": the title without its owner's name and rank word
            title = " ".join(w for w in mention.title.split() if w not in DETERMINERS and w not in NOT_IN_TITLES)
            entry = next(filter(None, (self.registry.by_title(t, mention.country, self.date)
                                       for t in _title_variants(title, head))), None)
            if entry is not None:
                speaker = Speaker(entry.name, entry.type, entry.affiliation)
                self.remember(speaker, at, title=" ".join(entry.titles), gender=entry.gender)
                return speaker
        entry = self._holder(mention) if not spokes else None
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
            if spokes:
                self.remember(speaker, at, title=head)
            return speaker
        if spokes and mention.country:
            speaker = self.government(mention.country)
            self.remember(speaker, at, org="government")
            return speaker
        return self._unnamed(mention, at)

    def _holder(self, mention: Mention) -> RegistryEntry | None:
        """The registered holder of a title at a registered institution (``the WHO chief``, ``the AU Commission
        chairperson``) on the article's date; ``None`` for an indefinite mention or an unregistered role."""
        if mention.entry is None or mention.entry.type == "person" or mention.indefinite or not mention.title:
            return None
        title = " ".join(w for w in mention.title.split() if w not in DETERMINERS and w not in NOT_IN_TITLES)
        return next(filter(None, (self.registry.holder_of(mention.entry, t, self.date)
                                  for t in _title_variants(title, mention.head or ""))), None)

    def _unnamed(self, mention: Mention, at: int) -> Speaker | None:
        """A person the text describes but never names: the description is the name (``Iranian foreign minister``)."""
        words = [w for w in mention.title.split()
                 if w not in DETERMINERS and w not in PREPOSITIONS_IN_TITLES and w != "person"]
        if words and (words[-1] in ORGANIZATION_HEADS or words[-1] == "opposition"):
            # "the opposition", "the opposition party": a group or a body of the country named or the dateline's
            code = mention.country or self.home
            kind = "group" if words[-1] == "opposition" else "organization"
            speaker = Speaker(" ".join([self._adjective(code), *words]).strip(), kind, code)
            self.remember(speaker, at)
            return speaker
        if not words or words[-1] not in DESCRIPTION_NOUNS and words[-1] not in PERSON_TITLES:
            return None
        speaker = Speaker(" ".join([self._adjective(mention.country), *words]).strip(), "person", mention.country)
        self.remember(speaker, at, title=" ".join(words))
        return speaker

    def _document(self, mention: Mention, at: int) -> Speaker | None:
        """The author of ``a White House readout``, ``the ministry's statement``, ``US media reports``."""
        if "media" in mention.title.split():
            speaker = Speaker(f"{self._adjective(mention.country)} media".strip(), "group", mention.country)
            self.media[speaker] = False
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
        return self._author(mention, at)

    def _author(self, mention: Mention, at: int) -> Speaker | None:
        """``the statement``, ``an official statement``: the institution that last spoke, else the home government.

        A bare ``a statement`` (not definite, not official) has no author, nor has a joint one whose parties the
        mention does not name.
        """
        if not (mention.definite or "official" in mention.title.split()):
            return None
        if "joint" in mention.title.split():
            return self._joint(mention.countries, at) if len(mention.countries) >= 2 else None
        found = [k for k in self.known if 0 <= k.spoke_at <= at and k.speaker.type != "person"
                 and k.speaker not in self.media and not self._registered_outlet(k.speaker)]
        last = max(found, key=lambda k: k.spoke_at) if found else None
        named = self._institution_named_before(at)
        if named is not None and (last is None or named.start > last.spoke_at):  # the one named since it spoke
            return self._institution(named, named.start, False)
        if last is not None:
            return last.speaker
        return self.government(self.home) if self.home else None

    def _registered_outlet(self, speaker: Speaker) -> bool:
        """Whether ``speaker`` is a registry row for a news outlet (``Reuters``, ``KCNA``)."""
        entry = self.registry.lookup(speaker.name)
        return entry is not None and entry.is_outlet

    def _institution_named_before(self, at: int) -> Mention | None:
        """The last country's institution the text names in the sentence before offset ``at`` (``The UAE
        foreign ministry issued a statement. The statement said ...``): an institution word with a country or a
        registry row before it."""
        floor = max(0, at - SENTENCE_REACH)  # a bound: an endless sentence is not read again for each mention
        # the start of the sentence before (a paragraph's end ends one too), else of the reach
        starts = [floor] + [m.end() for m in _SENTENCE_END.finditer(self.text, floor, at)]
        begin = starts[-2] if len(starts) > 1 else floor
        tokens = tokenize(self.text, begin, at)
        for end in range(len(tokens), 0, -1):
            if tokens[end - 1].lower not in ORG_WORDS and not tokens[end - 1].capitalized:
                continue
            for first in range(max(0, end - 6), end):
                mention = parse_mention(tokens[first:end], self.registry)
                if mention is not None and mention.kind == "institution" and mention.country is not None \
                        and mention.org != "outlet" and not (mention.entry and mention.entry.is_outlet):
                    return mention
        return None
