"""Find the statements of an article and attribute each to its speaker.

The text is cut into *units*: sentences, joined where a quotation runs over
a sentence or paragraph break. In each unit the reporting cues of the
lexicon (``said``, ``accused``, ``according to``, ``statement that``) are
read with their speaker mention and their content:

- preposed: ``Lavrov said (that) CONTENT``, ``The Kremlin accused CONTENT``;
- postposed: ``CONTENT, Lavrov said``, ``"QUOTE," said the minister``;
- participial and coordinated: ``..., adding that CONTENT``, ``... and called CONTENT``;
- purpose clauses: ``summoned the ambassador to deliver CONTENT``;
- ``according to X``, nominal cues (``Blinken's statement that CONTENT``) and
  headline attributions (``CONTENT - Lavrov``);
- quotations with no cue of their own continue the previous speaker.

A report nested in another's content (``X said that Y warned ...``) is
Y's statement; the outer content stops where it begins. Statements never
overlap, and each is a span of the untouched article text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .cues import MESSAGE_NOUNS, CueLexicon, CueMatch, Token, tokenize
from .quotes import Quote, find_quotes
from .records import Article, Speaker, Statement
from .segment import Paragraph, paragraphs, sentences
from .speakers import (DESCRIPTION_NOUNS, DOCUMENT_NOUNS, GROUP_NOUNS, Mention, Resolver, SpeakerRegistry,
                       TITLE_WORDS, parse_mention)

SKIPPABLE = set(
    """also later earlier again repeatedly previously recently publicly privately directly firmly strongly
    further separately meanwhile then now already once officially explicitly openly formally flatly swiftly
    quickly sharply bluntly angrily reportedly has have had was were is are will would did does do could may
    might can should be been being today yesterday tonight morning evening afternoon night week month year
    last this on in at monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    ( ) in.""".split()
)
NEGATIONS = {"not", "n't", "never", "no", "neither", "nor"}
CLAUSE_WORDS = {"that", "when", "while", "as", "after", "before", "because", "since", "which", "who", "whom",
                "where", "if", "though", "although", "whereas", "until", "unless", "but", "so", "whether",
                "once", "than", ";", ":", "--", "\u2014", "\u2013", "(", ")"}
LEADING_CONNECTIVES = {"but", "and", "however", "yet", "still", "though", "although", "meanwhile", "moreover",
                       "furthermore", "also", "so", "indeed", "nonetheless", "nevertheless", "instead", "then",
                       "thus", "hence", "besides", "likewise", "similarly", "separately"}
ADJUNCT_OPENERS = {"speaking", "asked", "responding", "commenting", "referring", "talking", "addressing",
                   "writing", "replying", "answering", "reacting", "citing", "quoting", "echoing"}
PREPOSITIONS = {"on", "in", "at", "during", "after", "before", "following", "from", "via", "through", "over",
                "to", "with", "ahead", "amid", "of", "regarding", "about", "alongside", "outside", "inside",
                "by", "earlier", "later", "last", "this", "when", "while", "under", "upon", "for", "as",
                "in response", "like", "unlike", "despite"}
OBJECT_PRONOUNS = {"him", "her", "them", "us", "me", "reporters", "journalists", "lawmakers", "parliament",
                   "legislators", "supporters", "students", "diplomats", "officials", "delegates", "viewers",
                   "listeners", "readers", "correspondents"}
PURPOSE_CUES = {"deliver", "express", "convey", "present", "issue", "lodge", "voice", "offer", "extend",
                "warn", "protest", "reiterate", "reaffirm", "demand", "urge", "press", "propose", "explain",
                "announce", "discuss", "stress", "underline", "seek", "hand"}
NOMINAL_LEAD_INS = {"amid", "after", "following", "despite", "over", "given"}
NOMINAL_ADJECTIVES = {"existing", "latest", "repeated", "earlier", "previous", "stern", "formal", "fresh", "new",
                      "strong", "harsh", "renewed", "public", "official", "veiled", "direct", "explicit", "recent",
                      "own", "joint", "firm", "clear", "stark", "unprecedented", "sharp", "blunt", "such"}
_QUOTE_CLOSERS = set("\"'\u201d\u2019\u00bb") | {"''"}
_HEADLINE_SEPARATORS = re.compile(r"\s[-\u2013\u2014|]\s|:\s")
MIN_CONTENT_WORDS = 2
MIN_CONTINUATION_WORDS = 4


@dataclass(frozen=True)
class Unit:
    """A stretch of text read as one sentence: offsets, paragraph number, headline flag."""

    start: int
    end: int
    paragraph: int
    headline: bool = False


@dataclass
class _Candidate:
    """A statement being built: content span, cue, mention and how the speaker is found."""

    start: int
    end: int
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    mention: Mention | None = None
    appositive: Mention | None = None
    via: str = "mention"  # mention | subject | previous | none
    priority: int = 3
    unit: Unit | None = None
    ahead: bool = False
    speaker: Speaker | None = None


def _units(text: str, paras: list[Paragraph], quotes: list[Quote]) -> list[Unit]:
    """Sentences of the non-repeated paragraphs, merged where a quotation crosses their boundary."""
    units: list[Unit] = []
    live = [(i, p) for i, p in enumerate(paras) if not p.repeat]
    first_live = live[0][0] if live else -1
    for index, para in live:
        for start, end in sentences(text, para.start, para.end):
            units.append(Unit(start, end, index, headline=index == first_live and _looks_like_headline(text, para)))
    merged: list[Unit] = []
    for unit in units:
        if merged and any(q.open_at < merged[-1].end <= q.end and q.end > unit.start for q in quotes if q.double) \
                and not merged[-1].headline:
            prev = merged[-1]
            merged[-1] = Unit(prev.start, unit.end, prev.paragraph)
        else:
            merged.append(unit)
    return merged


def _looks_like_headline(text: str, para: Paragraph) -> bool:
    line = text[para.start:para.end]
    return len(line) <= 220 and not line.rstrip().endswith((".", "\u201d", '"')) or len(line.split()) <= 14


class _UnitReader:
    """Reads the candidates of one unit."""

    def __init__(self, text: str, unit: Unit, quotes: list[Quote], lexicon: CueLexicon, registry: SpeakerRegistry):
        self.text = text
        self.unit = unit
        self.quotes = [q for q in quotes if q.open_at < unit.end and q.close_end > unit.start]
        spans = [(max(q.start, unit.start), min(q.end, unit.end)) for q in self.quotes]
        self.tokens = tokenize(text, unit.start, unit.end, spans)
        self.lexicon = lexicon
        self.registry = registry

    # -- helpers -----------------------------------------------------------
    def _low(self, index: int) -> str:
        return self.tokens[index].lower if 0 <= index < len(self.tokens) else ""

    def _is_closer(self, index: int) -> bool:
        token = self.tokens[index]
        return token.is_quote_mark and any(q.end <= token.start < q.close_end for q in self.quotes)

    def _is_opener(self, index: int) -> bool:
        token = self.tokens[index]
        return token.is_quote_mark and any(q.open_at <= token.start < q.start for q in self.quotes)

    def _clause_start(self, index: int) -> int:
        """Index of the first token of the clause ending before ``index``."""
        k = index - 1
        while k >= 0:
            token = self.tokens[k]
            if not token.quoted and (token.lower in CLAUSE_WORDS or self._is_closer(k)):
                return k + 1
            k -= 1
        return 0

    def _parse(self, first: int, last: int) -> Mention | None:
        if first < 0 or last > len(self.tokens) or first >= last:
            return None
        return parse_mention(self.tokens[first:last], self.registry)

    def _mention_ending_at(self, last: int, floor: int) -> tuple[Mention, int] | None:
        """The longest mention made of tokens ``[i, last)`` with ``i >= floor``; returns it and ``i``."""
        best = None
        first = last - 1
        while first >= max(floor, last - 14):
            token = self.tokens[first]
            if token.quoted or token.is_quote_mark or token.text in ",;:":
                break
            mention = self._parse(first, last)
            if mention is not None:
                best = (mention, first)
            first -= 1
        return best

    def _mention_starting_at(self, first: int) -> tuple[Mention, int] | None:
        """The longest mention made of tokens ``[first, j)``; returns it and ``j``."""
        best = None
        last = first + 1
        while last <= min(len(self.tokens), first + 14):
            token = self.tokens[last - 1]
            if token.quoted or token.is_quote_mark or token.text in ",;:.":
                break
            mention = self._parse(first, last)
            if mention is not None:
                best = (mention, last)
            last += 1
        return best

    def _skip_back(self, index: int) -> tuple[int, bool]:
        """Walk left from ``index`` over adverbs, auxiliaries and dates; returns the new index and negation."""
        negated = False
        k = index
        while k >= 0:
            low = self._low(k)
            if self.tokens[k].quoted:
                break
            if low in NEGATIONS:
                negated = True
                k -= 1
            elif low in SKIPPABLE or low.isdigit() or (low == "," and k > 0 and (
                    self._low(k - 1) in SKIPPABLE or self._low(k - 1).isdigit()) and self._time_before(k - 1)):
                k -= 1
            else:
                break
        return k, negated

    def _time_before(self, index: int) -> bool:
        low = self._low(index)
        return low.isdigit() or low in SKIPPABLE and low not in ("has", "have", "had", "was", "were", "is", "are",
                                                                  "will", "would", "also")

    # -- subjects ----------------------------------------------------------
    def _subject(self, cue: CueMatch) -> tuple[Mention, int, Mention | None] | None:
        """The speaker mention right before the cue: ``(mention, first token, appositive)``."""
        k, negated = self._skip_back(cue.first - 1)
        if negated or k < 0:
            return None
        if self._low(k) == ",":
            return self._subject_with_insertion(k)
        found = self._mention_ending_at(k + 1, 0)
        if found is None:
            return None
        mention, first = found
        return mention, first, None

    def _subject_with_insertion(self, comma: int) -> tuple[Mention, int, Mention | None] | None:
        """``NAME, APPOSITIVE, said`` or ``NAME, who ..., said``: the name and its appositive."""
        floor = self._clause_floor(comma)
        pieces: list[tuple[int, int]] = []
        start = floor
        for k in range(floor, comma + 1):
            if self._low(k) == ",":
                if k > start:
                    pieces.append((start, k))
                start = k + 1
        for number, (first, last) in enumerate(pieces):
            opener = self._low(first)
            if opener in ADJUNCT_OPENERS or opener in PREPOSITIONS or opener in LEADING_CONNECTIVES:
                continue
            mention = self._parse(first, last)
            if mention is None:
                continue
            following = self._parse(*pieces[number + 1]) if number + 1 < len(pieces) else None
            if mention.kind == "description" and following is not None and following.kind == "person":
                return following, pieces[number + 1][0], mention
            if following is not None and following.kind not in ("description", "institution", "group"):
                following = None
            return mention, first, following
        return None

    def _clause_floor(self, index: int) -> int:
        """Start of the clause holding ``index``, looking past commas (unlike ``_clause_start``)."""
        k = index
        while k > 0:
            token = self.tokens[k - 1]
            if not token.quoted and (self._is_closer(k - 1) or token.text in (";", ":", "\u2014", "--")):
                return k
            k -= 1
        return 0

    def _main_subject(self, before: int, candidates: list[_Candidate]) -> _Candidate | None:
        """The subject of the clause a participial or purpose cue hangs on."""
        position = self.tokens[before].start
        earlier = [c for c in candidates if c.cue_start is not None and c.cue_start < position and
                   c.via in ("mention", "subject")]
        if earlier:
            return earlier[-1]
        first = 0
        if self._low(0) in LEADING_CONNECTIVES:
            first = 1
        if self._low(first) in PREPOSITIONS or self._low(first) in ADJUNCT_OPENERS:
            commas = [k for k in range(first, before) if self._low(k) == ","]
            if not commas:
                return None
            first = commas[0] + 1
        found = self._mention_starting_at(first)
        if found is None:
            return None
        mention, _ = found
        return _Candidate(0, 0, None, None, None, mention=mention)

    # -- content -----------------------------------------------------------
    def _content_after(self, index: int, cue: CueMatch) -> int:
        """Index of the first content token after a preposed cue (skipping addressee, dates, ``that``)."""
        k = index
        if cue.entry.frame == "tell" or cue.entry.lemma in ("confirm", "explain", "say", "announce", "state",
                                                               "declare", "report", "admit", "reveal", "suggest",
                                                               "complain", "signal", "indicate", "boast", "hint"):
            k = self._skip_addressee(k, cue)
        j = k
        while j < len(self.tokens) and (self._low(j) in PREPOSITIONS or self._low(j) in ("(",)) and \
                not self.tokens[j].quoted:
            that = self._find_that(j)
            if that is None:
                break
            j = that
        if j != k:
            k = j
        while k < len(self.tokens) and self._low(k) in (",", ":", "that", "--", "\u2014", "-", "however",
                                                          "though", "too", "also", "again", "then", "now"):
            k += 1
        return k

    def _skip_addressee(self, index: int, cue: CueMatch) -> int:
        if index >= len(self.tokens):
            return index
        low = self._low(index)
        if cue.entry.frame != "tell":
            if low == "to":  # "confirmed to AFP that"
                found = self._mention_starting_at(index + 1)
                return found[1] if found else index
            return index
        if low in OBJECT_PRONOUNS:
            return index + 1
        found = self._mention_starting_at(index)
        if found is not None:
            return found[1]
        return index

    def _find_that(self, index: int) -> int | None:
        """Index just after a ``that`` within a few adjunct tokens of ``index``, if any."""
        for k in range(index, min(len(self.tokens), index + 16)):
            token = self.tokens[k]
            if token.quoted or token.is_quote_mark or token.text in ".;":
                return None
            if token.lower == "that":
                return k + 1
        return None

    def _has_complement(self, index: int) -> bool:
        """Whether a clause, a quotation or ``to`` + verb follows a strict cue at ``index``."""
        if index >= len(self.tokens):
            return False
        low = self._low(index)
        if low in ("that", ":", "to") or self._is_opener(index):
            return True
        if low == "," and (self._low(index + 1) in ("that",) or self._is_opener(index + 1)):
            return True
        return self._find_that(index) is not None and self._low(index) in PREPOSITIONS

    def _object_is_message(self, index: int) -> bool:
        """Whether a message noun (warning, condolences, protest ...) heads the object at ``index``."""
        for k in range(index, min(len(self.tokens), index + 5)):
            if self._low(k) in MESSAGE_NOUNS:
                return True
            if self._low(k) in (",", ".", ";", "that", "to") or self.tokens[k].quoted:
                return False
        return False

    def _tail_only(self, index: int) -> bool:
        """Whether only adjuncts follow a postposed cue at ``index`` (``said on Sunday.``)."""
        if index >= len(self.tokens):
            return True
        low = self._low(index)
        if low in (".", ",", "!", "?", ";") or low in PREPOSITIONS or self._low(index).isdigit():
            return self._find_that(index) is None or low == ","
        if low in SKIPPABLE and low not in ("has", "have", "had", "was", "is", "are", "will", "would"):
            return self._find_that(index) is None
        return False

    # -- reading -------------------------------------------------------------
    def read(self) -> list[_Candidate]:
        """All candidates of the unit, in order of their cue."""
        candidates: list[_Candidate] = []
        index = 0
        while index < len(self.tokens):
            readings = self.lexicon.matches(self.tokens, index)
            made = None
            for cue in readings:
                made = self._read_cue(cue, candidates)
                if made is not None:
                    candidates.append(made)
                    index = cue.last
                    break
            if made is None:
                index += 1
        if self.unit.headline:
            candidates.extend(self._headline(candidates))
        return candidates

    def _read_cue(self, cue: CueMatch, candidates: list[_Candidate]) -> _Candidate | None:
        frame = cue.entry.frame
        if frame == "according":
            return self._according(cue)
        if frame == "noun":
            return self._nominal(cue)
        cue_start, cue_end = self.tokens[cue.first].start, self.tokens[cue.last - 1].end
        words = cue.form
        before = self._low(cue.first - 1)
        if before == "to" or (before in ("will", "would", "must", "should", "could", "might", "may", "can")
                              and cue.base_form):
            return self._purpose(cue, candidates) if before == "to" else None
        if cue.participle or (before in ("and", "but") and not self._subject(cue)):
            return self._dependent(cue, candidates)
        if cue.base_form and cue.entry.lemma.split()[0] == words.split()[0] and before not in ("i", "we", "they", "you"):
            if not (cue.first == 0 or before in (",", "and")):
                return None
        subject = self._subject(cue)
        if subject is None:
            return self._inverted(cue)
        mention, first, appositive = subject
        if mention.kind == "pronoun" and mention.head in ("i", "we", "you"):
            return None
        if first > 0 and (self._low(first - 1) == "," or self._is_closer(first - 1) or
                          self._low(first - 1) in ("\u2014", "--")) and self._tail_only(self._after_tell(cue)):
            left = self._left_content(first - 1)
            if left is not None:
                start, end = left
                return _Candidate(start, end, words, cue_start, cue_end, mention, appositive, unit=self.unit)
        if first > 0 and self._low(first - 1) in ("and", "but") and cue.entry.frame != "obj":
            pass
        content = self._content_after(cue.last, cue)
        if cue.entry.strict and not (self._has_complement(cue.last) or self._object_is_message(cue.last)
                                     or content > cue.last and self._low(content - 1) in ("that", ":")):
            return None
        if content >= len(self.tokens) or self._low(content) in (".", "?", "!"):
            return None
        return _Candidate(self.tokens[content].start, self.unit.end, words, cue_start, cue_end, mention,
                          appositive, unit=self.unit)

    def _after_tell(self, cue: CueMatch) -> int:
        index = cue.last
        if cue.entry.frame == "tell":
            index = self._skip_addressee(index, cue)
        return index

    def _left_content(self, boundary: int) -> tuple[int, int] | None:
        """Content before a postposed attribution: from the clause start to ``boundary`` (exclusive)."""
        end_token = boundary
        if self._low(end_token) == "," and end_token > 0 and self._is_closer(end_token - 1):
            end_token -= 1
        if self.tokens[end_token].text in (",", "\u2014", "--"):
            end = self.tokens[end_token - 1].end if end_token > 0 else None
        else:
            end = self.tokens[end_token].end
        if end is None:
            return None
        first = 0
        # leading "Speaking about X," and connectives are not part of the content
        if self._low(0) in ADJUNCT_OPENERS:
            commas = [k for k in range(0, end_token) if self._low(k) == ","]
            if commas:
                first = commas[0] + 1
        while first < end_token and self._low(first) in LEADING_CONNECTIVES | {","}:
            first += 1
        if first >= end_token and not self.tokens[first].is_quote_mark:
            return None
        start = self.tokens[first].start
        return (start, end) if end > start else None

    def _inverted(self, cue: CueMatch) -> _Candidate | None:
        """``"...," said the UN chief`` and ``..., said Mr. Smith``."""
        k = cue.first - 1
        if k < 0 or not (self._low(k) == "," or self._is_closer(k)):
            return None
        found = self._mention_starting_at(cue.last)
        if found is None:
            return None
        mention, after = found
        if mention.kind == "pronoun" or not self._tail_only(after):
            return None
        left = self._left_content(k)
        if left is None:
            return None
        start, end = left
        return _Candidate(start, end, cue.form, self.tokens[cue.first].start, self.tokens[cue.last - 1].end, mention,
                          unit=self.unit)

    def _dependent(self, cue: CueMatch, candidates: list[_Candidate]) -> _Candidate | None:
        """``..., adding that X``, ``... and called X``: same speaker as the main clause."""
        before = self._low(cue.first - 1)
        if cue.first == 0 or before not in (",", "and", "but", "while", "before", "after", "by", "in", "also"):
            return None
        if before == "," and cue.first >= 2 and self._is_closer(cue.first - 2) and not candidates:
            return None
        main = self._main_subject(cue.first, candidates)
        if main is None:
            return None
        content = self._content_after(cue.last, cue)
        if cue.entry.strict and not (self._has_complement(cue.last) or self._object_is_message(cue.last)):
            return None
        if content >= len(self.tokens) or self._low(content) in (".", "?", "!"):
            return None
        candidate = _Candidate(self.tokens[content].start, self.unit.end, cue.form, self.tokens[cue.first].start,
                               self.tokens[cue.last - 1].end, main.mention, main.appositive, via="subject",
                               unit=self.unit)
        candidate.speaker = main.speaker
        return candidate

    def _purpose(self, cue: CueMatch, candidates: list[_Candidate]) -> _Candidate | None:
        """``summoned the ambassador to deliver a formal warning``: the message is the content."""
        if cue.entry.lemma not in PURPOSE_CUES or not self._object_is_message(cue.last) and \
                cue.entry.lemma not in ("present", "propose", "convey", "deliver", "voice", "express"):
            return None
        main = self._main_subject(cue.first, candidates)
        if main is None or cue.last >= len(self.tokens):
            return None
        candidate = _Candidate(self.tokens[cue.last].start, self.unit.end, f"to {cue.form}",
                               self.tokens[cue.first - 1].start, self.tokens[cue.last - 1].end, main.mention,
                               main.appositive, via="subject", unit=self.unit)
        candidate.speaker = main.speaker
        return candidate

    def _according(self, cue: CueMatch) -> _Candidate | None:
        found = self._mention_starting_at(cue.last)
        if found is None:
            return None
        mention, after = found
        if mention.kind == "description" and mention.head not in DOCUMENT_NOUNS | set(DESCRIPTION_NOUNS):
            return None
        cue_start, cue_end = self.tokens[cue.first].start, self.tokens[cue.last - 1].end
        clause = self._clause_start(cue.first)
        if cue.first == clause or (cue.first > 0 and self._low(cue.first - 1) in LEADING_CONNECTIVES):
            k = after
            while k < len(self.tokens) and self._low(k) in (",",):
                k += 1
            if k >= len(self.tokens):
                return None
            return _Candidate(self.tokens[k].start, self.unit.end, cue.form, cue_start, cue_end, mention,
                              priority=2, unit=self.unit)
        boundary = cue.first - 1
        if self._low(boundary) != ",":
            boundary = cue.first
        first = clause
        while first < boundary and self._low(first) in LEADING_CONNECTIVES | {","}:
            first += 1
        if first >= boundary:
            return None
        end = self.tokens[boundary - 1].end if boundary > 0 else None
        if end is None:
            return None
        return _Candidate(self.tokens[first].start, end, cue.form, cue_start, cue_end, mention, priority=2,
                          unit=self.unit)

    def _nominal(self, cue: CueMatch) -> _Candidate | None:
        """``Russia's accusations that X``, ``amid reports that X``, ``Azerbaijan's demand for X``."""
        after = cue.last
        link = self._low(after)
        if link not in ("that", "for", "of", "to", ":"):
            return None
        k = cue.first - 1
        while k >= 0 and self._low(k) in NOMINAL_ADJECTIVES:
            k -= 1
        mention = None
        if k >= 0 and self.tokens[k].possessive:
            found = self._mention_ending_at(k + 1, 0)
            if found is not None:
                mention = found[0]
        elif k >= 0 and self._low(k) in NOMINAL_LEAD_INS and cue.entry.lemma in ("reports", "report"):
            mention = None
        else:
            return None
        start = after + 1 if link in ("that", ":") else after
        if start >= len(self.tokens) or (link == "to" and mention is None):
            return None
        candidate = _Candidate(self.tokens[start].start, self.unit.end, cue.form, self.tokens[cue.first].start,
                               self.tokens[cue.last - 1].end, mention, priority=2, unit=self.unit,
                               via="mention" if mention else "none")
        return candidate

    def _headline(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """``CONTENT - SPEAKER`` and ``CONTENT: SPEAKER`` headlines."""
        line = self.text[self.unit.start:self.unit.end]
        separators = list(_HEADLINE_SEPARATORS.finditer(line))
        if not separators or candidates:
            return []
        last = separators[-1]
        tail_start = self.unit.start + last.end()
        tail = [k for k, t in enumerate(self.tokens) if t.start >= tail_start]
        if not tail or len(tail) > 8:
            return []
        mention = self._parse(tail[0], tail[-1] + 1)
        content_end = self.unit.start + last.start()
        if mention is None or len(self.text[self.unit.start:content_end].split()) < 3:
            return []
        cue = last.group().strip()
        return [_Candidate(self.unit.start, content_end, cue, self.unit.start + last.start(),
                           self.unit.start + last.start() + len(cue) + 1, mention, unit=self.unit, ahead=True)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop edge whitespace, a final full stop or comma outside quotes, and unbalanced parentheses."""
    while start < end and (text[start].isspace() or text[start] in ",;:-\u2013\u2014"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:-\u2013\u2014"):
        end -= 1
    return start, end


def _cut_at_following_cues(candidates: list[_Candidate], text: str) -> None:
    """End each content before the next cue of the same unit (``..., adding that``, ``and called``)."""
    for current, following in zip(candidates, candidates[1:]):
        if following.unit is not current.unit or following.cue_start is None:
            continue
        if current.start < following.cue_start < current.end:
            cut = following.cue_start
            if following.via == "mention" and following.mention is not None and \
                    current.start <= following.mention.start < cut:
                cut = following.mention.start
            head = text[current.start:cut]
            stripped = re.sub(r"(?:[\s,;]+|\b(?:and|but|while|before|after|by|as|when|that|in which|also)\b)*$", "",
                              head, flags=re.I)
            current.end = current.start + len(stripped)


def _kind_and_span(text: str, start: int, end: int, quotes: list[Quote]) -> tuple[str, int, int]:
    """``direct`` (span inside the marks), ``mixed`` or ``indirect`` for content ``[start, end)``."""
    inside = [q for q in quotes if q.open_at < end and q.close_end > start]
    if not inside:
        return "indirect", start, end
    if len(inside) == 1:
        quote = inside[0]
        before = text[start:quote.open_at] if start <= quote.open_at else ""
        after = text[quote.close_end:end] if end >= quote.close_end else ""
        if not before.strip(" ,:") and not after.strip(" ,.;:") and start <= quote.start and end >= quote.end - 1:
            return "direct", quote.start, quote.end
    first = min(q.open_at for q in inside)
    last = max(q.close_end for q in inside)
    return "mixed", min(start, max(first, start)), max(end, min(last, max(end, last)))


def _without_overlaps(items: list[_Candidate]) -> list[_Candidate]:
    """Keep non-overlapping candidates: nested reports win inside their host, then priority, then order."""
    items = sorted(items, key=lambda c: (c.start, c.end))
    kept: list[_Candidate] = []
    for item in sorted(items, key=lambda c: (-c.priority, c.start)):
        if all(item.end <= other.start or item.start >= other.end for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda c: c.start)


def _nest(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """A report inside another's content ends the host's content where the inner clause begins."""
    result = []
    for host in candidates:
        for inner in candidates:
            if inner is host or inner.cue_start is None or not host.start < inner.cue_start < host.end:
                continue
            if inner.priority < host.priority or inner.via != "mention" or inner.mention is None:
                continue
            if inner.end > host.end or inner.start < host.start:
                continue
            cut = min(inner.mention.start, inner.start)
            head = text[host.start:cut]
            stripped = re.sub(r"(?:[\s,;]+|\b(?:and|but|while|when|as|after|that|in which|because|since|which)\b)*$",
                              "", head, flags=re.I)
            host.end = host.start + len(stripped)
        if len(text[host.start:host.end].split()) >= MIN_CONTENT_WORDS or (
                host.end > host.start and any(c in text[host.start:host.end] for c in "\"\u201c")):
            result.append(host)
    return result


def find_statements(article: Article, registry: SpeakerRegistry, lexicon: CueLexicon | None = None) -> list[Statement]:
    """Every statement of ``article``, attributed, in reading order."""
    lexicon = lexicon or CueLexicon.default()
    text = article.text
    paras = paragraphs(text)
    quotes = find_quotes(text, paras)
    units = _units(text, paras, quotes)
    resolver = Resolver(registry, article.date, home=_home_country(text, units, registry))
    _register_people(text, units, quotes, registry, resolver)
    candidates: list[_Candidate] = []
    for unit in units:
        found = _UnitReader(text, unit, quotes, lexicon, registry).read()
        found.sort(key=lambda c: c.cue_start if c.cue_start is not None else c.start)
        _cut_at_following_cues(found, text)
        candidates.extend(found)
    candidates = _nest(candidates, text)
    for candidate in candidates:
        candidate.start, candidate.end = _trim(text, candidate.start, candidate.end)
    candidates = [c for c in candidates if c.end > c.start]
    candidates = _without_overlaps(candidates)
    candidates.extend(_continuations(text, quotes, candidates, units))
    candidates = _without_overlaps(candidates)
    return _attribute(text, candidates, quotes, resolver)


def _continuations(text: str, quotes: list[Quote], taken: list[_Candidate], units: list[Unit]) -> list[_Candidate]:
    """Quotations no cue claimed: a sentence-like quote continues the previous speaker."""
    found = []
    live = [(u.start, u.end) for u in units]
    for quote in quotes:
        if not quote.double or any(c.start < quote.close_end and quote.open_at < c.end for c in taken):
            continue
        if not any(s <= quote.open_at < e for s, e in live):
            continue
        words = text[quote.start:quote.end].split()
        if len(words) < MIN_CONTINUATION_WORDS:
            continue
        found.append(_Candidate(quote.start, quote.end, None, None, None, via="previous", priority=1))
    return found


def _home_country(text: str, units: list[Unit], registry: SpeakerRegistry) -> str | None:
    """The country of a dateline (``BEIJING, Oct. 26 (Xinhua) --``, ``MOSCOW:``), if the article has one."""
    for unit in units[:3]:
        match = re.match(r"\s*([A-Z][A-Z .'\-]{2,30})(?:[,:(]|\s+\u2014|\s+--)", text[unit.start:unit.end])
        if match:
            found = registry.countries.lookup(match.group(1).strip().title())
            if found:
                return found[0]
    return None


def _register_people(text: str, units: list[Unit], quotes: list[Quote], registry: SpeakerRegistry,
                     resolver: Resolver) -> None:
    """Note every titled person and named institution of the article, for later references."""
    for unit in units:
        spans = [(max(q.start, unit.start), min(q.end, unit.end)) for q in quotes
                 if q.open_at < unit.end and q.close_end > unit.start]
        tokens = tokenize(text, unit.start, unit.end, spans)
        index = 0
        while index < len(tokens):
            best = None
            for last in range(min(len(tokens), index + 12), index, -1):
                if not tokens[last - 1].capitalized or (last < len(tokens) and tokens[last].capitalized):
                    continue
                mention = parse_mention(tokens[index:last], registry)
                if mention is None:
                    continue
                titled = mention.kind == "person" and (mention.entry is not None or any(
                    w.lower() in TITLE_WORDS for w in mention.title.split()))
                named_org = mention.kind == "institution" and mention.country is not None
                if titled or named_org:
                    best = (mention, last)
                    break
            if best is None:
                index += 1
                continue
            mention, last = best
            appositive = None
            if last + 1 < len(tokens) and tokens[last].text == ",":
                for end in range(min(len(tokens), last + 10), last + 1, -1):
                    if tokens[end - 1].text == "," or end == len(tokens):
                        candidate = parse_mention(tokens[last + 1:end - (tokens[end - 1].text == ",")], registry)
                        if candidate is not None and candidate.kind == "description":
                            appositive = candidate
                            break
            resolver.resolve(mention, appositive=appositive)
            index = last
    resolver.last_speaker = None


def _attribute(text: str, candidates: list[_Candidate], quotes: list[Quote], resolver: Resolver) -> list[Statement]:
    statements: list[Statement] = []
    previous: Speaker | None = None
    for candidate in candidates:
        if candidate.via == "previous":
            speaker = previous
        elif candidate.via == "none" or candidate.mention is None:
            speaker = None
        else:
            speaker = resolver.resolve(candidate.mention, ahead=candidate.ahead, appositive=candidate.appositive)
            if speaker is not None:
                resolver.spoke(speaker, candidate.mention.start)
        kind, start, end = _kind_and_span(text, candidate.start, candidate.end, quotes)
        if end <= start:
            continue
        statements.append(Statement(
            start=start, end=end, text=text[start:end], kind=kind, cue=candidate.cue,
            speaker=speaker.name if speaker else None, speaker_type=speaker.type if speaker else None,
            affiliation=speaker.affiliation if speaker else None, cue_start=candidate.cue_start,
            cue_end=candidate.cue_end,
            mention_start=candidate.mention.start if candidate.mention else None,
            mention_end=candidate.mention.end if candidate.mention else None,
        ))
        if speaker is not None:
            previous = speaker
    statements = [s for s in statements if s.end > s.start]
    return _no_overlap(sorted(statements, key=lambda s: (s.start, s.end)))


def _no_overlap(statements: list[Statement]) -> list[Statement]:
    kept: list[Statement] = []
    for statement in statements:
        if kept and statement.start < kept[-1].end:
            continue
        kept.append(statement)
    return kept
