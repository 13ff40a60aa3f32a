"""Find the statements of an article and attribute each to its speaker.

The text is cut into *units*: sentences, joined where a quotation runs over
a sentence or paragraph break. In each unit the reporting cues of the
lexicon (``said``, ``accused``, ``according to``, ``statement that``) are
read with their speaker mention and their content:

- preposed: ``Lavrov said (that) CONTENT``, ``The Kremlin accused CONTENT``;
- postposed: ``CONTENT, Lavrov said``, ``"QUOTE," said the minister``;
- dependent: ``..., adding that CONTENT``, ``... and called CONTENT``;
- purpose clauses: ``summoned the ambassador to deliver CONTENT``;
- ``quoted X as saying CONTENT``, ``according to X``, nominal cues
  (``Blinken's statement that CONTENT``, ``amid reports that CONTENT``) and
  headline attributions (``CONTENT - Lavrov``);
- quotations with no cue of their own continue the previous speaker.

A report nested in another's content (``X said that Y warned ...``) is
Y's statement, and the outer content stops where it begins. Statements never
overlap, and each is a span of the untouched article text.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, chain
from typing import AbstractSet

from .attribution import one_name_per_person, unrelayed
from .countries import CountryMention
from .cues import MESSAGE_NOUNS, CueEntry, CueLexicon, CueMatch, Token, tokenize
from .mentions import DETERMINERS, GROUP_NOUNS, NAME_PARTICLES, MentionReader
from .quotes import QuoteIndex, find_quotes
from .records import Article, Speaker, Statement
from .segment import Paragraph, paragraphs, sentences
from .speakers import (COMMON_VERBS, DESCRIPTION_NOUNS, DOCUMENT_NOUNS, PRONOUNS, TITLE_WORDS, Mention, Resolver,
                       SpeakerRegistry, generic_mention, is_source_noun, parse_mention)

# After "declined to" / "refused to": verbs that report saying nothing.
SILENT_VERBS = {"comment", "elaborate", "disclose", "say", "confirm", "specify", "answer", "respond", "discuss",
                "speculate", "reveal", "identify", "name", "detail", "give", "provide", "explain", "address", "be"}
OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they"}
WH_WORDS = {"whether", "what", "why", "how", "who", "when", "where", "which"}
PREDICATE_SUFFIXES = ("ed", "ous", "ful", "less", "ive", "al", "ible", "able", "ic", "ent", "ant", "ary", "ory")
GAP_VERBS = {"was", "were", "is", "are", "had", "has", "have", "would", "could", "will", "might", "may"}
FINITE_VERBS = GAP_VERBS | {"will", "would", "could", "should", "can", "must", "did", "does", "do", "had", "has"}
BULLETS = {"\u2022", "\u00b7", "*", "\u25aa", "\u25cf", "\u25a0", "\u25ba", "\u2023", "\u2043", "-", "\u2013", "\u2014"}
DASHES = {"--", "\u2014", "\u2013", "\u2015"}
PASSIVE_AUXILIARIES = {"be", "been", "being", "was", "were", "is", "are", "get", "got", "gets"}
AUXILIARIES = {"has", "have", "had", "was", "were", "is", "are", "will", "would", "did", "does", "do", "could",
               "may", "might", "can", "should", "be", "been", "being", "also"}
# Words right after a plural noun form (``states``, ``reports``) that make it a noun with a verb of its own.
VERBS_AFTER_A_NOUN = AUXILIARIES - {"also"} | {"said", "say", "says"}
TIME_WORDS = set(
    """today yesterday tonight morning evening afternoon night week month year weekend last this earlier later
    on in at monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec ( )""".split()
)
ADVERBS = set(
    """again repeatedly previously recently publicly privately directly firmly strongly further separately
    meanwhile then now already once officially explicitly openly formally flatly swiftly quickly sharply bluntly
    angrily reportedly similarly likewise subsequently initially originally first immediately simply clearly
    emphatically categorically vehemently forcefully sternly long often frequently consistently later finally
    eventually ultimately jointly unanimously collectively personally pointedly candidly frankly tersely curtly
    falsely wrongly rightly correctly confidently proudly loudly quietly insistently just still together""".split()
)
# Conjunctions opening a subordinate clause that a comma closes before the main clause ("Although he has admitted
# X, he ..."): a report inside one ends at that comma.
SUBORDINATORS = {"although", "though", "when", "whenever", "while", "if", "once", "after", "since", "because",
                 "before", "until", "unless", "whereas"}
# Verbs that hand their subject on to an infinitive cue: "continued to call for", "appeared to blame".
ASPECT_VERBS = {"continued", "continues", "continue", "began", "begins", "begin", "started", "starts", "start",
                "tried", "tries", "try", "sought", "seeks", "appeared", "appears", "seemed", "seems", "proceeded",
                "proceeds", "moved", "moves", "rushed", "hastened", "sought"}
LY_NOUNS = {"family", "daily", "weekly", "monthly", "quarterly", "rally", "supply", "assembly", "ally", "anomaly",
            "monopoly", "reply", "italy", "july", "folly", "bully", "homily"}
NEGATIONS = {"not", "n't", "never", "no", "neither", "nor"}
CLAUSE_WORDS = {"that", "when", "while", "as", "after", "before", "because", "since", "which", "who", "whom",
                "where", "if", "though", "although", "whereas", "until", "unless", "but", "so", "whether",
                ";", ":", "--", "\u2014", "\u2013"}
LEADING_CONNECTIVES = {"but", "and", "however", "yet", "still", "though", "although", "meanwhile", "moreover",
                       "furthermore", "also", "so", "indeed", "nonetheless", "nevertheless", "instead", "then",
                       "thus", "hence", "besides", "likewise", "similarly", "separately", "now"}
ADJUNCT_OPENERS = {"speaking", "asked", "responding", "commenting", "referring", "talking", "addressing",
                   "writing", "replying", "answering", "reacting", "citing", "quoting", "echoing", "appearing"}
PREPOSITIONS = {"on", "in", "at", "during", "after", "before", "following", "from", "via", "through", "over",
                "to", "with", "ahead", "amid", "of", "regarding", "about", "alongside", "outside", "inside",
                "by", "earlier", "later", "last", "this", "when", "while", "under", "upon", "for", "as",
                "like", "unlike", "despite", "late", "early"}
ADDRESSEE_NOUNS = {"him", "her", "them", "us", "me", "reporters", "journalists", "journalist", "reporter",
                   "lawmakers", "parliament", "legislators", "supporters", "students", "diplomats", "officials",
                   "delegates", "viewers", "listeners", "readers", "correspondents", "correspondent", "media",
                   "press", "conference", "briefing", "news", "summit", "meeting", "forum", "session", "audience",
                   "gathering", "rally", "interview", "interviewer", "host", "channel", "television", "tv", "radio",
                   "newspaper", "outlet", "agency", "broadcaster", "crowd", "state", "counterpart", "committee",
                   "council", "assembly", "senators", "members", "the", "a", "an", "his", "her", "its", "their",
                   "local", "foreign", "state-run", "state-owned", "national", "public", "private", "joint",
                   "regular", "daily", "weekly", "televised", "online", "virtual", "press", "staff", "troops",
                   "soldiers", "cabinet", "colleagues", "leaders", "ministers", "ambassadors", "envoys", "allies",
                   "partners", "nation", "country", "people", "citizens", "public", "'s", "\u2019s", "of"}
TRAILING_ASIDES = re.compile(
    r",\s+(?:which|who|whom|whose|where|when|as|citing|pointing|referring|echoing|quoting|apparently|seemingly|"
    r"though|although|even\s+though|despite|"
    r"speaking|(?:a|an|the)\s+[\w\s-]{1,30}?\s+of\s+which|(?:(?:\w+ly|further|also|thereby|thus)\s+)?(?!(?:includ|accord|bring|during|"
    r"nothing|something|anything|everything|morning|evening|king|thing|ring|spring|string|wing)\w*\b)[a-z]{2,}ing|(?:a|one|two|three|four|five|several|some)\s+"
    r"(?:day|days|week|weeks|month|months|hour|hours|year|years)\s+(?:after|before|since|later|earlier))\b"
    r"[^,;\"\u201c\u201d]*$"
)
_COORDINATION = re.compile(r"(?:,?\s+(?:and|but|while|whereas)|\s*;)\s+(?:\w+\s+){0,6}$")
TRAILING_TIME = re.compile(
    r"\s+(?:(?:on|in|at|by|within|over|during)(?:\s+(?:the|a|an))?|early|late|last|this|earlier|later)\s+"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|morning|afternoon|evening|night|"
    r"hours|days|weeks|months|week|month|year|time)\b[\w\s]{0,12}$", re.I)
TEMPORAL_CUTS = re.compile(r"\s+(after|following|during|amid|ahead of|despite|before|while|"
                           r"in the (?:hours|days|weeks|months) (?:since|after|before))\s+(?=[a-zA-Z])", re.I)
CLAUSE_CUTS = {"after", "following", "amid", "despite", "since"}  # a clause after them is the writer's: "... after X fired"
HEADLINE_CUTS = re.compile(
    r"\s+(?:[Aa]s(?!\s+(?:behind|a|an|part|well|such|much|many|long|if|though|to|of)\b)|"
    r"(?i:after|following|amid|despite|while|before|ahead of))\s+(?=[A-Za-z])")
# Where a reported clause gives way to the writer's own: "..., but he refused to ...", "... even as talks resumed",
# "... amid growing fears", "..., as (or after) the army shelled the city" (a new clause after "but": not
# "..., but useful"; also after a quotation closed with a comma: '"jobs, jobs," but he has also ...'), and a dash
# before the writer's label for it ("... - a charge that might have stung").
CONTENT_BREAKS = re.compile(
    r",\s+but\s+(?=(?:he|she|they|it|we|the|a|an|his|her|its|their|many|most|some|few|others|[A-Z][\w'\u2019.-]*|"
    r"declined|refused|did|didn't|gave|offered|provided|stopped|would|wouldn't|" + "|".join(sorted(GROUP_NOUNS)) +
    r")\s)|(?<=,[\"\u201d])\s+but\s+(?=(?:he|she|they|it|we)\s)|,?\s+even\s+as\s+|,?\s+amid\s+|"
    r"\s+(?:--|-|\u2013|\u2014)\s+(?=(?:a|an)\s+[a-z]+\s+(?:that|which|for|of)\s)(?![^.;\n]*\s(?:--|-|\u2013|\u2014)\s)|"
    r",\s+(?:as|after)\s+(?=(?:the|a|an|he|she|they|it|his|her|its|their|[A-Z][\w'\u2019.-]*)\s+(?!well\b|part\b|much\b|many\b|long\b|soon\b|if\b))")
# The words and dashes a content break turns on, after white space (where CONTENT_BREAKS can match).
_BREAK_WORDS = re.compile(r"\s(?:but|even|amid|as|after|-|\u2013|\u2014)")
# Where an object content gives way to the rest of its own sentence: a relative clause on the object ("cited
# criticism of the anchor, who took heat for ..."), a participle after a comma (", hurting its standing with ...")
# or a second predicate of the subject ("promised a veto and
# attempted to ...", "praised the work but also had to ...": a verb in -ed after an auxiliary or before an object).
OBJECT_ENDS = re.compile(
    r",\s+(?:who|which|whose)\s+(?=[a-z])|,\s+[a-z]{3,}ing\s"
    r"|,?\s+(?:and|but)\s+(?:(?:also|then|later|since|has|have|had|was|were|is|are|been)\s+)+[a-z]{3,}\b"
    r"|,?\s+(?:and|but)\s+(?:[a-z]{3,}ed|made|gave|took|told|said|met|left|sent|kept|held)\s+"
    r"(?=(?:the|a|an|to|that|for|his|her|its|their|on|with|it|him|them|this|these|against|about)\s)")
# "accused the envoy, who was born abroad, of spying": the object goes on after the relative clause.
RELATIVE_RESUMED = re.compile(r",\s+(?:who|which)\s[^,;\"\u201c\u201d]{1,80},\s+(?:of|for)\s")
# A day after an object, where the writer's adjuncts begin: "called the minister a liar Tuesday in an
# interview", "gave a warning to the envoy on Monday at the summit".
OBJECT_DAY = re.compile(r"\s+(?:(?:on|last|late|early|this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                        r"Saturday|Sunday)\b(?=\s+(?:on|in|at|during|to|with|while|after|before|as)\s|\s*[,.]?\s*$)")
# "condemned the test as the neighbour moved troops", "called for calm as crowds gathered":
# a clause of its own after "as".
OBJECT_AS_CLAUSE = re.compile(
    r"\s+as\s+(?=(?:(?:the|its|his|her|their)(?:\s+[a-z][\w-]*(?<!ly)){1,2}"
    r"|[A-Z][\w\u2019.-]*(?:\s+[A-Z][\w\u2019.-]*)?|[a-z]{3,}(?:s|ing))\s+"
    r"(?!(?:aimed|designed|intended|directed|targeted|based|motivated|linked|related|used|funded|backed|led)\b)"
    r"(?:[a-z]{3,}ed|was|were|is|are|has|had|held|met|fired|struck|began|kept|sent|rose|grew|mount|rise|grow|"
    r"continue|escalate|flare)\b)")
# Where the words were said, ending a content when only adjuncts follow: "... at a news conference on Monday",
# "... in an interview with a radio station", "... on Twitter".
VENUE_CUTS = re.compile(
    r"\s+(?:in|during|at|on|via)\s+(?:(?:a|an|the|his|her|its|their|[A-Z][\w.-]*(?:'s|\u2019s))\s+)"
    r"(?:[\w-]+\s+){0,3}?(?:interview|statement|speech|news conference|press conference|briefing|tweet|"
    r"diatribe|rally|campaign stop|op-ed|televised address|phone call)s?\b"
    r"|\s+on\s+(?:Twitter|X|Facebook|Telegram|Instagram|social media|state television)\b")
# The writer's words going on after a quotation that opens a content and ends with its own punctuation
# (says, "Don't do it," until ...; chanted "No more war!" outside ...).
QUOTE_ADJUNCT = re.compile(r"[,\s]*\s(?=[a-z])")
QUOTING_PARTICIPLES = {"saying", "calling", "describing", "telling", "stating", "warning", "indicating",
                       "claiming", "suggesting", "arguing", "insisting", "urging", "noting"}
# Prepositions that open an adjunct where an object cue's object should be ("protested on Monday.", "to Seoul").
ADJUNCT_PREPOSITIONS = {"on", "in", "at", "to", "during"}
# Prepositions of time that open the writer's adjunct, never the content, right after a say or tell cue.
ADJUNCT_TIMES = {"after", "before", "following", "during"}
NOMINAL_LEAD_INS = {"amid", "after", "following", "despite", "over", "given", "with"}
NOMINAL_ADJECTIVES = {"existing", "latest", "repeated", "earlier", "previous", "stern", "formal", "fresh", "new",
                      "strong", "harsh", "renewed", "public", "official", "veiled", "direct", "explicit", "recent",
                      "own", "joint", "firm", "clear", "stark", "unprecedented", "sharp", "blunt", "such",
                      "unconfirmed", "media", "news", "press", "separate", "local", "widespread", "multiple"}
_DATELINE = re.compile(
    r"(?:[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})(?:,\s*[^:()\n,]{1,30}?)?(?:\s*\([^)\n]{1,40}\))?"
    r"\s*(?:--|\u2014|\u2013|:|-)\s+"
)
_HEADLINE_SEPARATORS = re.compile(r"\s[-\u2013\u2014|]\s|:\s")
_TRAILING_LINKS = re.compile(
    r"(?:[\s,;]+|\b(?:and|but|while|when|as|after|that|in which|during which|which|because|since|by|before|also|"
    r"has|have|had|was|were|is|are|will|would|then|later|later on|again|further)\b)*$",
    re.I,
)
NOUNISH_FORMS = {"states", "reports", "claims", "calls", "demands", "comments", "notes", "answers", "remarks",
                 "promises", "pledges", "vows", "threats", "warnings", "statements", "protests", "appeals",
                 "requests", "posts", "signals", "hints", "counters", "charges", "questions", "offers", "issues",
                 "responses", "replies", "praises", "welcomes", "denials", "rejects", "estimates"}
MENTION_OPENERS = {"the", "a", "an", "former", "foreign", "defence", "defense", "deputy", "senior", "top",
                   "prime", "president", "secretary", "state", "chief", "acting"}
RELATIVE_CUE = re.compile(r"\b(?:who|whom)\s+(?:\w+\s+){0,2}$", re.I)
RELATIVE_QUANTIFIERS = {"many", "most", "some", "several", "all", "both", "each", "few", "half", "one", "none"}
# Past forms that end no subject in "-ed" (``Several doctors sent a letter, calling for ...``).
PAST_VERBS = {"sent", "sought", "won", "lost", "built", "bought", "spent", "struck", "hit", "threw", "drew", "spoke",
              "broke", "chose", "rose", "fought", "stood", "wrote"}
# Words before an opening gerund report whose speaker is the main clause's subject ("After saying X, she ...").
GERUND_OPENERS = {"after", "by", "while", "before", "upon", "in", "when", "since"}
# Words opening what describes a source after it: "a senior official familiar with the talks", "a source close to".
SOURCE_MODIFIERS = {"familiar", "close", "involved", "knowledgeable", "briefed", "who"}
MIN_CONTENT_WORDS = 2
MIN_CONTINUATION_WORDS = 4
MAX_MENTION_TOKENS = 14
MAX_MODIFIER_TOKENS = 12  # words from a source to its verb over "who ..." or "familiar with ..."


@dataclass(frozen=True)
class Unit:
    """A stretch of text read as one sentence: offsets, paragraph number, headline flag."""

    start: int
    end: int
    paragraph: int
    headline: bool = False


@dataclass
class _Candidate:
    """A statement being built: content span, cue, speaker mention and how the speaker is found.

    ``via`` is ``mention`` (its own subject), ``subject`` (the subject of the
    clause it depends on), ``previous`` (a quotation continuing the last
    speaker) or ``none`` (no source given). ``postposed`` marks content that
    precedes its attribution.
    """

    start: int
    end: int
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    mention: Mention | None = None
    appositive: Mention | None = None
    via: str = "mention"
    priority: int = 3
    unit: Unit | None = None
    ahead: bool = False
    postposed: bool = False
    frame: str = "say"


def _units(text: str, paras: list[Paragraph], quotes: QuoteIndex) -> list[Unit]:
    """Sentences of the non-repeated paragraphs, merged where a quotation crosses their boundary."""
    units: list[Unit] = []
    live = [(i, p) for i, p in enumerate(paras) if not p.repeat]
    for position, (index, para) in enumerate(live):
        headline = position == 0 and _looks_like_headline(text, para) and len(live) > 1
        spans = [(para.start, para.end)] if headline else sentences(text, para.start, para.end)
        units.extend(Unit(start, end, index, headline) for start, end in spans)
    merged: list[Unit] = []
    for unit in units:
        previous = merged[-1] if merged else None
        if previous is not None and not previous.headline and any(
            q.double and q.open_at < previous.end <= q.end and q.end > unit.start
            for q in quotes.overlapping(previous.end - 1, previous.end)
        ):
            merged[-1] = Unit(previous.start, unit.end, previous.paragraph)
        else:
            merged.append(unit)
    return merged


def _looks_like_headline(text: str, para: Paragraph) -> bool:
    """A short first line with no end mark, or one in title case (``Health Problems Hidden, Doctor Says.``)."""
    line = text[para.start:para.end]
    if len(line) > 200:
        return False
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    title_case = len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
    return title_case or not line.rstrip().endswith((".", "\u201d", '"', "?", "!"))


def _is_clause_word(token: Token) -> bool:
    """Whether the token opens a clause; an acronym in capitals is a name (``the WHO said``), not ``who``."""
    return token.lower in CLAUSE_WORDS and not (len(token.text) > 2 and token.text.isupper())


class _UnitReader:
    """Reads the statement candidates of one unit."""

    def __init__(self, text: str, unit: Unit, quotes: QuoteIndex, lexicon: CueLexicon,
                 registry: SpeakerRegistry, country_mentions: list[CountryMention]):
        self.text = text
        self.unit = unit
        self.quotes = quotes.overlapping(unit.start, unit.end)
        # offsets inside an opening or a closing mark (one or two characters each)
        self.closing = {at for q in self.quotes for at in range(q.end, q.close_end)}
        self.opening = {at for q in self.quotes for at in range(q.open_at, q.start)}
        spans = [(max(q.start, unit.start), min(q.end, unit.end)) for q in self.quotes]
        self.tokens = tokenize(text, unit.start, unit.end, spans)
        self.lexicon = lexicon
        self.registry = registry
        self.body_start = self._after_dateline()
        while self.body_start < len(self.tokens) and self.tokens[self.body_start].text in BULLETS:
            self.body_start += 1  # "• He also threatened ...": a bullet point opens the sentence
        self.named = self._tokens_in_names(country_mentions)

    # -- small helpers -----------------------------------------------------
    def _low(self, index: int) -> str:
        return self.tokens[index].lower if 0 <= index < len(self.tokens) else ""

    def _is_closer(self, index: int) -> bool:
        if not 0 <= index < len(self.tokens):
            return False
        token = self.tokens[index]
        return token.is_quote_mark and token.start in self.closing

    def _is_opener(self, index: int) -> bool:
        if not 0 <= index < len(self.tokens):
            return False
        token = self.tokens[index]
        return token.is_quote_mark and token.start in self.opening

    def _start_of(self, index: int) -> int:
        return self.tokens[index].start if index < len(self.tokens) else self.unit.end

    def _after_dateline(self) -> int:
        """Index of the first token after a dateline (``BEIJING, Oct. 26 (Xinhua) --``) or ``Read more:``."""
        match = _DATELINE.match(self.text, self.unit.start, self.unit.end)
        if not match or self.unit.headline:
            return 0
        head = self.text[match.start():match.end()]
        if not (head.split()[0].isupper() or head.rstrip(" -:\u2014\u2013").lower().endswith(("read", "more", "also"))
                or self.registry.countries.lookup(head.rstrip(" -:\u2014\u2013").split(",")[0].strip())):
            return 0
        return next((k for k, t in enumerate(self.tokens) if t.start >= match.end()), 0)

    def _tokens_in_names(self, country_mentions: list[CountryMention]) -> set[int]:
        """Tokens inside a country name of several words (``United States``): never cues."""
        names: set[int] = set()
        starts = [t.start for t in self.tokens]
        first = bisect_left(country_mentions, self.unit.start, key=lambda m: m.start)
        last = bisect_left(country_mentions, self.unit.end, first, key=lambda m: m.start)
        for mention in country_mentions[first:last]:
            if " " not in self.text[mention.start:mention.end]:
                continue
            inside = range(bisect_left(starts, mention.start), bisect_left(starts, mention.end))
            if len(inside) > 1:
                names.update(inside)
        return names

    def _parse(self, first: int, last: int) -> Mention | None:
        if first < 0 or last > len(self.tokens) or first >= last:
            return None
        return parse_mention(self.tokens[first:last], self.registry)

    def _mention_ending_at(self, last: int, floor: int = 0) -> tuple[Mention, int] | None:
        """The longest mention made of tokens ``[i, last)`` with ``i >= floor``; returns it and ``i``."""
        best = None
        first = last - 1
        while first >= max(floor, last - MAX_MENTION_TOKENS):
            token = self.tokens[first]
            if token.quoted or token.is_quote_mark or token.text in ",;:-" or token.text in DASHES \
                    or _is_clause_word(token):
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
        while last <= min(len(self.tokens), first + MAX_MENTION_TOKENS):
            token = self.tokens[last - 1]
            if token.quoted or token.is_quote_mark or token.text in ",;:" or _is_clause_word(token):
                break
            mention = self._parse(first, last)
            if mention is not None and best is not None and self.unit.headline and self._registered(best[0]) \
                    and not self._registered(mention):
                break  # a title-case headline: "Erdogan Holds Talks, Warns ..." is Erdogan's, not a longer name's
            if mention is not None:
                best = (mention, last)
            last += 1
        return best

    def _registered(self, mention: Mention) -> bool:
        """Whether ``mention`` names a registered speaker, in full or by a registered surname."""
        return mention.entry is not None or (mention.kind == "person" and mention.name is not None
                                             and bool(self.registry.by_surname(mention.name)))

    def _skip_back(self, index: int, progressive: bool = False) -> tuple[int, bool]:
        """Walk left from ``index`` over adverbs, auxiliaries, dates and parentheses.

        Returns the index reached and whether the verb is negated or passive
        (``did not say``, ``had been informed``): then the subject is not
        reporting speech. Before an ``-ing`` verb (``progressive``), ``is`` and
        ``been`` make it progressive (``is demanding``), not passive.
        """
        blocked = False
        # only adverbs so far between here and a past participle: "is widely accepted" is passive too
        adverbs_only = index + 1 < len(self.tokens) and not self._low(index + 1).endswith("ing")
        k = index
        while k >= 0 and not self.tokens[k].quoted:
            low = self._low(k)
            if low == ")":  # a parenthesis between subject and verb: "Rep. Jane Roe (D-Ore.) said"
                opening = next((j for j in range(k - 1, max(-1, k - 8), -1) if self._low(j) == "("), None)
                if opening is not None:
                    k = opening - 1
                    continue
            if self._is_closer(k) and k >= 2 and self.tokens[k - 1].quoted and self._low(k - 1).endswith("ly") \
                    and self._is_opener(k - 2):  # a quoted adverb: 'India "outrightly" rejected'
                k -= 3
                continue
            if low in NEGATIONS or (low in PASSIVE_AUXILIARIES and (k == index or adverbs_only) and not progressive):
                blocked = True
            elif not self._modifies_verb(k, index):
                break
            adverbs_only = adverbs_only and (low in ADVERBS or self._is_adverb(k))
            k -= 1
        return k, blocked

    def _modifies_verb(self, k: int, verb: int) -> bool:
        """Whether token ``k`` is an auxiliary, adverb or part of a date between a subject and its verb."""
        low = self._low(k)
        if self._in_name(k):
            return False  # "Prime Minister Theresa May said": a name, not the auxiliary "may"
        if low in AUXILIARIES or low in ADVERBS or low in TIME_WORDS or low.isdigit() or self._is_adverb(k):
            return True
        if low in ("all", "both") and k > self.body_start:  # "The officials both said", "NAME (D-N.J.) all said"
            return self._low(k - 1) == ")" or self._low(k - 1).endswith("s") or self.tokens[k - 1].capitalized
        if low == ".":  # "on Oct. 26"
            return self._low(k - 1) in TIME_WORDS
        if low == ",":  # "on Wednesday, March 7, asked"
            before, after = self._low(k - 1), self._low(k + 1)
            return (before in TIME_WORDS or before.isdigit()) and (k == verb or after in TIME_WORDS or after.isdigit())
        return False

    def _in_name(self, k: int) -> bool:
        """Whether token ``k`` continues a capitalised name (``Theresa May``, ``Ana Will``)."""
        return k > self.body_start and self.tokens[k].capitalized and self.tokens[k - 1].capitalized \
            and self.tokens[k - 1].lower not in TIME_WORDS

    def _is_adverb(self, k: int) -> bool:
        """Whether token ``k`` is a lower-case ``-ly`` adverb (``boldly``, ``sharply``), not a noun (``family``)."""
        token = self.tokens[k]
        return token.lower.endswith("ly") and len(token.lower) > 4 and not token.capitalized \
            and token.lower not in LY_NOUNS

    def _skip_noun_phrase(self, index: int) -> int:
        """Skip an addressee (``reporters``, ``a press conference``, ``the head of the agency``).

        Its first word is always taken; a determiner only opens it or follows ``of``/``to``/``for``,
        so ``told reporters the talks had failed`` stops before ``the talks``.
        """
        k = index
        if self._low(k) in ("the", "a", "an", "his", "her", "its", "their", "our"):
            k += 1
        taken = 0
        while k < len(self.tokens):
            token = self.tokens[k]
            low = token.lower
            if token.quoted or token.is_quote_mark or low == "that" or low in CLAUSE_WORDS or low in ",.;:":
                break
            if low == "the" and self._low(k - 1) not in ("of", "to", "for"):
                break
            if low == "to" and not (k + 1 < len(self.tokens) and (self.tokens[k + 1].capitalized
                                                                  or self._low(k + 1) == "the")):
                break  # "told them to leave": the content starts at "to"
            if taken and not (low in ADDRESSEE_NOUNS or token.capitalized or low in TITLE_WORDS
                              or token.text.isupper()):
                break
            taken += 1
            k += 1
        return k

    def _skip_time(self, index: int) -> int:
        """Skip a time or place adjunct after an addressee (``this weekend``, ``on Monday``, ``in Brussels``)."""
        k = index
        while k < len(self.tokens) and not self.tokens[k].quoted:
            low = self._low(k)
            if low in ("on", "in", "at") and k + 1 < len(self.tokens) and self.tokens[k + 1].capitalized:
                k += 2
                while k < len(self.tokens) and self.tokens[k].capitalized and not self.tokens[k].quoted:
                    k += 1
            elif low in TIME_WORDS - {"on", "in", "at", "(", ")"} or low.isdigit() or low == ",":
                k += 1
            else:
                break
        return k

    def _skip_adjunct_before_clause(self, index: int) -> int:
        """Index after a time or venue adjunct that a clause with no ``that`` follows (``said on Monday the
        talks were over``, ``said late on Monday ...``, ``said in a statement ...``); ``index`` if there is none."""
        k = index + (self._low(index) in ("late", "early"))
        venue = VENUE_CUTS.match(self.text, self.tokens[k - 1].end) if k > 0 else None
        if venue is not None:
            k = bisect_left(self.tokens, venue.end(), key=lambda t: t.start)
        k = self._skip_time(k)
        return k if k > index and (self._clause_follows(k) or self._verb_ends_subject(k)) else index

    def _verb_ends_subject(self, first: int) -> bool:
        """Whether a noun phrase at ``first`` (``the coup in Niger``) is followed by a finite verb within eight
        words, with no punctuation, quotation or clause word on the way."""
        if first >= len(self.tokens):
            return False  # the time or place ends the sentence: "Ministers speak on Tuesday" (a headline)
        if self._low(first) in ("he", "she", "it", "they", "we"):
            return True  # "said on Friday it firmly opposed ...": a subject pronoun opens a clause
        if self._low(first) not in DETERMINERS and not self.tokens[first].capitalized:
            return False
        for k in range(first + 1, min(len(self.tokens), first + 8)):
            token = self.tokens[k]
            if token.lower in FINITE_VERBS:
                return not token.quoted
            if token.quoted or token.is_quote_mark or not token.text[0].isalnum() or token.lower in CLAUSE_WORDS:
                return False
        return False

    def _find_that(self, index: int, limit: int = 16) -> int | None:
        """Index just after a ``that`` within a few adjunct tokens of ``index``, if any."""
        for k in range(index, min(len(self.tokens), index + limit)):
            token = self.tokens[k]
            if token.quoted or token.is_quote_mark or token.text in ".;:":
                return None
            if token.lower == "that":
                # "told reporters after the meeting that was held in Vienna": a relative clause on the adjunct
                if k > index and k + 1 < len(self.tokens) and self._verb_at(k + 1):
                    continue
                return k + 1
        return None

    # -- subjects ----------------------------------------------------------
    def _subject(self, cue: CueMatch) -> tuple[Mention, int, Mention | None] | None:
        """The speaker mention right before the cue: ``(mention, first token, appositive)``."""
        k, blocked = self._skip_back(cue.first - 1, progressive=cue.participle)
        if blocked or k < self.body_start:
            return None
        found = self._subject_ending_at(k, cue)
        if found is None:  # "NAME, who served as envoy until earlier this year, said": not a date before the verb
            comma = next((j for j in range(cue.first - 1, k, -1) if self._low(j) == ","), None)
            if comma is not None:
                return self._subject_with_insertion(comma)
        if found is not None and (found[0].head or "") in PREPOSITIONS | CLAUSE_WORDS:
            return None  # "... operating as of 2005, said NAME": a preposition is no subject
        if found is not None and self.unit.headline and not self._registered(found[0]):
            named = self._mention_starting_at(found[1])  # "Erdogan Holds Talks, Warns ...": Erdogan's
            if named is not None and self._registered(named[0]):
                return named[0], found[1], None
        return found

    def _subject_ending_at(self, k: int, cue: CueMatch) -> tuple[Mention, int, Mention | None] | None:
        """The subject whose last token is ``k`` (or a comma there closing an insertion)."""
        if self._low(k) == "who" and self._low(k - 1) != "," and k > self.body_start \
                and _is_clause_word(self.tokens[k]):  # "the spokesman who said" (not "the WHO said")
            found = self._mention_ending_at(k, self.body_start)
            # restrictive "who" picks one of many ("protesters who said ... were arrested"): only a titled source,
            # or a person described with a determiner ("an architect who said")
            if found is not None and not (found[0].kind in ("person", "description", "institution")
                                          and (found[0].title or found[0].entry)):
                found = None
            found = found or self._person_described_at(k)
            if found is not None and found[0].kind != "pronoun":
                return found[0], found[1], None
        if self._low(k) == "whom" and self._low(k - 1) == "of" and self._low(k - 2) in RELATIVE_QUANTIFIERS \
                and self._low(k - 3) == ",":  # "300 nurses, many of whom say": the plural before the comma
            found = self._mention_ending_at(k - 3, self.body_start) or self._plural_ending_at(k - 3)
            return (found[0], found[1], None) if found is not None and found[0].kind != "pronoun" else None
        if self._low(k) == "which" and self._low(k - 1) != "," and k > self.body_start:
            found = self._mention_ending_at(k, self.body_start)  # "turned to the harbour police which reported"
            body = found is not None and (found[0].kind in ("institution", "group", "country") or (
                found[0].kind == "generic" and is_source_noun(found[0].head or "")))  # not "a report which said"
            return (found[0], found[1], None) if body else None
        if self._low(k) in ("who", "which") and self._low(k - 1) == ",":  # "the governor, who says ..."
            found = self._mention_ending_at(k - 1, self.body_start) or self._plural_ending_at(k - 1)
            if found is not None and found[0].kind == "generic" and not is_source_noun(found[0].head or ""):
                found = None  # "the reports, which said": a thing
            if found is not None and found[0].kind != "pronoun":
                return found[0], found[1], None
            return None
        if self._low(k) == ",":
            return self._subject_with_insertion(k)
        if self._low(k) in DASHES:
            return self._subject_before_dashes(k)
        modified = self._document_subject(k) or self._subject_before_modifier(k, cue)
        if modified is not None:
            return modified
        found = self._mention_ending_at(k + 1, self.body_start)
        if found is None:
            return self._subject_before_adjunct(k) or self._generic_subject(cue, k)
        mention, first = found
        if not self._opens_clause(first, cue.participle) and mention.kind in ("pronoun", "person", "description") \
                and self._low(cue.last) in GAP_VERBS and cue.entry.frame == "say":
            return mention, first, None  # "a step he said was prompted by ...": the clause's subject is the gap
        if mention.kind == "pronoun" and self._after_opening_adjunct(first):
            return mention, first, None  # "In an interview with a radio station he blasted ..."
        if not self._opens_clause(first, cue.participle):
            # "... mishandled the case and the government accused": the subject starts after the "and"
            conjunction = next((j for j in range(k, first - 1, -1) if self._low(j) in ("and", "but")), None)
            inner = self._parse(conjunction + 1, k + 1) if conjunction is not None and conjunction > 0 \
                and not self.tokens[conjunction - 1].capitalized else None
            if inner is not None and inner.kind != "pronoun":
                return inner, conjunction + 1, None
            return self._generic_subject(cue, k)
        if first > 0 and self._low(first - 1) in ("on", "in", "at", "via", "from", "through", "during"):
            better = self._subject_before_adjunct(k)
            if better is not None and better[0].kind != "pronoun":
                return better
        return mention, first, None

    def _after_opening_adjunct(self, first: int) -> bool:
        """Whether a subject pronoun at ``first`` follows only an opening adjunct, with no comma or verb
        (``In an interview with a radio station he ...``, ``A few days ago on television she ...``)."""
        if self._low(first) not in ("he", "she", "they") or first <= self.body_start:
            return False
        before = range(self.body_start, first)
        return self._low(self.body_start) in PREPOSITIONS | {"a", "two", "three", "several", "last", "earlier"} \
            and not any(self._verb_at(k) or not self.tokens[k].text[0].isalnum() or self._low(k) in CLAUSE_WORDS
                        or self.lexicon.matches(self.tokens, k) for k in before)

    def _person_described_at(self, end: int) -> tuple[Mention, int] | None:
        """``an architect`` before ``who``: a determiner and lower-case words name a person (a generic source)."""
        first = end - 1
        while first > self.body_start and self.tokens[first - 1].lower.isalpha() \
                and not self.tokens[first - 1].capitalized and self._low(first - 1) not in ("a", "an", "the"):
            first -= 1
        words = self.tokens[first:end]
        if first == end or self._low(first - 1) not in ("a", "an", "the") or end - first > 3 or \
                not all(t.lower.isalpha() and not t.capitalized and t.lower not in COMMON_VERBS for t in words):
            return None
        token = self.tokens[first - 1]
        mention = Mention(token.start, words[-1].end, "generic", name=" ".join(t.text for t in words),
                          head=words[-1].lower, org="group")
        return mention, first - 1

    def _plural_ending_at(self, end: int) -> tuple[Mention, int] | None:
        """The plural noun phrase that ends at ``end`` (``300 nurses``, ``the striking dockers``), as a source.

        It runs left from its head over modifiers, up to and with a determiner or a number, never over a verb
        (``represents 300 nurses`` is ``300 nurses``).
        """
        best = None
        for first in range(end - 1, max(self.body_start, end - 6) - 1, -1):
            low = self._low(first)
            if first < end - 1 and (low.endswith("s") or low in COMMON_VERBS) and not self.tokens[first].capitalized:
                break
            mention = generic_mention(self.tokens[first:end], self.registry)
            if mention is not None and (mention.head or "").endswith("s"):
                best = (mention, first)
            if low in ("the", "a", "an", "their", "its", "his", "her") or low.isdigit():
                break
        return best

    def _subject_before_dashes(self, closing: int) -> tuple[Mention, int, Mention | None] | None:
        """``NAME -- a former envoy -- said``: the name before an appositive set off by dashes."""
        opening = next((j for j in range(closing - 1, max(self.body_start, closing - 25) - 1, -1)
                        if self._low(j) in DASHES), None)
        if opening is None:
            return None
        found = self._mention_ending_at(opening, self.body_start)
        if found is None or found[0].kind == "pronoun" or not self._opens_clause(found[1]):
            return None
        if found[0].kind != "person" and self._low(found[1] - 1) == ",":
            # "NAME, the chief executive of Acme Media -- the company that ... -- told": the name before the comma
            named = self._subject_with_insertion(found[1] - 1)
            if named is not None and named[0].kind == "person":
                return named
        appositive = self._parse(opening + 1, closing)
        if appositive is not None and appositive.kind not in ("description", "institution", "group"):
            appositive = None
        return found[0], found[1], appositive

    def _generic_subject(self, cue: CueMatch, k: int) -> tuple[Mention, int, Mention | None] | None:
        """A plain noun phrase as the subject of a speech verb (``many Democrats said``)."""
        progressive = self._low(cue.first - 1) in ("is", "are", "was", "were", "been")  # "is demanding"
        if (cue.participle and not progressive) or cue.entry.frame not in ("say", "tell", "obj"):
            return None
        particle = cue.last - cue.first > len(cue.form.split())  # "ruled against", "spoke of"
        if cue.entry.frame != "obj" and cue.entry.strict and not (self._introduces(cue) or particle):
            return None
        for first in range(max(self.body_start, k - 8), k + 1):
            if not self._opens_clause(first) or self._low(first) in LEADING_CONNECTIVES:
                continue
            if cue.entry.frame == "obj" and not (self.tokens[first].capitalized or first == k or self._low(first) in (
                    "the", "its", "his", "her", "their", "several", "many", "some", "both", "two", "three")):
                continue  # "(form) an emerging group called the Squad": a name, not a report
            mention = self._loose_mention(first, k + 1)
            if mention is not None and (cue.entry.frame != "obj" or mention.kind == "person"
                                        or is_source_noun(mention.head or "")):
                return mention, first, None  # "the campaign called the charges fabricated"
        return None

    def _opens_clause(self, first: int, participle: bool = False) -> bool:
        """Whether a subject may start at token ``first`` (not right after a verb or a noun)."""
        if first <= self.body_start:
            return True
        low = self._low(first - 1)
        return (low in CLAUSE_WORDS or low in LEADING_CONNECTIVES or low in TIME_WORDS or low.isdigit()
                or low in ADVERBS or low in (",", "and", "but", "(", "then", "also", "now", ".", ";", "-")
                or low in DASHES  # "... is predictable - Senator Roe has vowed to ..."
                or (low == "with" and participle)  # "with Russian officials warning of ..."
                or self._is_closer(first - 1) or self._is_opener(first - 1) or self._after_say_verb(first))

    def _after_say_verb(self, first: int) -> bool:
        """Whether a name or a title at token ``first`` follows a ``say`` verb whose ``that`` is left out (``said
        bin Zayed warned``, ``said the minister had warned``)."""
        titled = self._low(first) == "the" and self._low(first + 1) in TITLE_WORDS  # "said the minister warned"
        if not (self.tokens[first].capitalized or self._low(first) in NAME_PARTICLES or titled):
            return False  # "said it strongly denounced": the same speaker goes on
        return any(match.entry.frame == "say" and match.last == first and not match.participle
                   for k in range(max(0, first - 3), first) for match in self.lexicon.matches(self.tokens, k))

    def _subject_before_adjunct(self, k: int) -> tuple[Mention, int, Mention | None] | None:
        """``Trump on Truth Social said``: the subject before a short prepositional phrase."""
        for p in range(k, max(self.body_start - 1, k - 7), -1):
            if not all(self.tokens[j].capitalized or self._low(j) in TIME_WORDS or self._low(j).isdigit()
                       or self._low(j) in ("the", "a", "an", "his", "her", "its", "their") for j in range(p + 1, k + 1)):
                continue
            if self._low(p) in ("on", "in", "at", "via", "from", "through", "during") and p > 0:
                found = self._mention_ending_at(p, self.body_start)
                place = self._parse(p + 1, k + 1)
                if found is not None and found[0].country is None and place is not None and place.kind == "country":
                    found = (replace(found[0], country=place.country, countries=place.countries), found[1])
                found = found or self._plural_ending_at(p)  # "Lobbyists in Congress say"
                if found is not None and (found[0].kind in ("person", "institution", "country", "group", "description")
                                          or is_source_noun(found[0].head or "")) and self._opens_clause(found[1]):
                    return found[0], found[1], None
        return None

    def _document_subject(self, k: int) -> tuple[Mention, int, Mention | None] | None:
        """``A statement issued by the ministry on Sunday said``, ``a report from the agency said``, ``released a
        letter from her doctor that says``: the author named after the document speaks."""
        relative = self._low(k) == "that" and k > self.body_start  # "a letter from her doctor that says"
        if relative:
            k -= 1
        for j in range(k - 1, max(self.body_start, k - MAX_MODIFIER_TOKENS) - 1, -1):
            if self._low(j) not in DOCUMENT_NOUNS or self.tokens[j].capitalized:
                continue
            found = self._document_author(j + 1)
            if found is None or self._skip_time(found[1]) <= k:
                return None
            if relative:
                return found[0], found[1], None
            first = j
            while first > self.body_start and first > j - 3 and self.tokens[first - 1].lower.isalpha() \
                    and (first - 1 == self.body_start or not self.tokens[first - 1].capitalized) \
                    and self._low(first - 1) not in COMMON_VERBS \
                    and not self._opens_clause(first):
                first -= 1  # "a joint statement", "the latest report"
            return (found[0], first, None) if self._opens_clause(first) else None
        return None

    def _subject_before_modifier(self, k: int, cue: CueMatch) -> tuple[Mention, int, Mention | None] | None:
        """``officials who attended the talks said``, ``two diplomats familiar with the plan said``: the source
        before a restrictive modifier (``who`` and a verb, ``familiar with``, ``close to``) that runs up to the
        cue with no comma, dash or quotation on the way."""
        if cue.participle and self._low(cue.first - 1) not in ("is", "are", "was", "were"):
            return None
        for m in range(k - 1, max(self.body_start, k - MAX_MODIFIER_TOKENS) - 1, -1):
            token = self.tokens[m]
            if token.quoted or token.is_quote_mark or not token.text[0].isalnum():
                return None
            contact = self._low(m) in ("i", "we", "he", "she", "they") and m > self.body_start \
                and is_source_noun(self._low(m - 1))  # "the experts I interviewed said": "who" left out
            if not contact and (self._low(m) not in SOURCE_MODIFIERS or m <= self.body_start or (
                    self._low(m) != "who" and self._low(m + 1) not in ("with", "to", "on", "about", "in"))):
                continue
            found = self._mention_ending_at(m, self.body_start) or self._plural_ending_at(m)
            if found is None:
                return None
            first = found[1] - (self._low(found[1] - 1) in RELATIVE_QUANTIFIERS)  # "all the analysts"
            if not self._opens_clause(first):
                return None
            closeness = not contact and self._low(m) != "who"  # "people familiar with the talks" is one phrase
            mention = (closeness and generic_mention(self.tokens[first:k + 1], self.registry)) or found[0]
            source = mention.kind in ("person", "institution", "group", "joint") or (
                mention.kind in ("generic", "description") and is_source_noun(mention.head or ""))
            return (mention, first, None) if source else None
        return None

    def _subject_with_insertion(self, comma: int) -> tuple[Mention, int, Mention | None] | None:
        """``NAME, APPOSITIVE, said`` or ``NAME, who ..., said``: the name and its appositive."""
        floor = max(self._clause_floor(comma), self.body_start)
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
            mention = self._parse(first, last) or self._loose_mention(first, last)
            if mention is None:
                if number > 0 and self.tokens[first].capitalized is False and opener not in ("the", "a", "an"):
                    return None
                continue
            following = self._parse(*pieces[number + 1]) if number + 1 < len(pieces) else None
            if mention.kind == "description" and following is not None and following.kind == "person":
                return following, first, mention
            if following is not None and following.kind not in ("description", "institution", "group"):
                following = None
            return mention, first, following
        return None

    def _loose_mention(self, first: int, last: int) -> Mention | None:
        """A name at the end of a described phrase (``Conservative economist Mary Doe``), else the phrase itself
        as a generic source (``Officials at the customs agency``, ``The city of Arlen``: a name after ``of`` is
        not the speaker)."""
        found = self._mention_ending_at(last, first)
        if found is not None and found[0].kind == "person" and self._low(found[1] - 1) != "of" and not any(
                self._low(k) in COMMON_VERBS or self.lexicon.matches(self.tokens, k) or self.tokens[k].possessive
                for k in range(first, found[1])):  # not "the spokesman called Halsk's ...": a verb comes first
            return found[0]
        return generic_mention(self.tokens[first:last], self.registry)

    def _clause_floor(self, index: int) -> int:
        """Start of the clause holding ``index``, looking past commas."""
        k = index
        while k > 0:
            token = self.tokens[k - 1]
            if not token.quoted and (self._is_closer(k - 1) or token.text in (";", ":", "\u2014", "--")):
                return k
            k -= 1
        return 0

    def _main_subject(self, before: int, candidates: list[_Candidate]) -> tuple[Mention | None, Mention | None]:
        """The subject of the clause a participial or purpose cue hangs on, with its appositive."""
        position = self.tokens[before].start
        earlier = [c for c in candidates if c.cue_start is not None and c.cue_start < position and c.mention
                   and not RELATIVE_CUE.search(self.text, max(0, c.cue_start - 12), c.cue_start)]
        if earlier:  # not a relative clause's subject: "paying an architect who said ..., saying" is the payer's
            return earlier[-1].mention, earlier[-1].appositive
        first = max(self._clause_floor(before), self.body_start)
        while self._low(first) in LEADING_CONNECTIVES:
            first += 1
        if self._low(first) in PREPOSITIONS or self._low(first) in ADJUNCT_OPENERS:
            commas = [k for k in range(first, before) if self._low(k) == ","]
            if not commas:
                return None, None
            first = commas[0] + 1
        found = self._mention_starting_at(first) or self._source_before_verb(first, before)
        if found is None:
            commas = [k for k in range(first, before) if self._low(k) == ","]
            found = self._mention_starting_at(commas[0] + 1) if commas else None
        if found is None and first > self.body_start:  # a quotation closed inside the clause: the sentence's subject
            found = self._mention_starting_at(self.body_start)
        if found is None:
            return None, None
        mention, after = found
        if self._low(after) == ",":
            insertion = self._subject_with_insertion(next(
                (k for k in range(after + 1, before) if self._low(k) == ","), after))
            if insertion is not None:
                return insertion[0], insertion[2]
        return mention, None

    def _verb_at(self, k: int) -> bool:
        """Whether token ``k`` reads as the finite verb after a subject (``sent``, ``granted``, ``has``)."""
        low = self._low(k)
        return not self.tokens[k].capitalized and (low in COMMON_VERBS or low in AUXILIARIES or low in PAST_VERBS
                                                   or (low.endswith("ed") and len(low) > 4) or self._is_adverb(k))

    def _source_before_verb(self, first: int, before: int) -> tuple[Mention, int] | None:
        """A plain noun phrase naming people (``Several doctors``, ``A group of parents``) as the subject of the
        clause at ``first``, up to its verb; returns it and the verb's index."""
        for verb in range(first + 1, min(before, first + 9)):
            if self.tokens[verb].quoted or not self.tokens[verb].lower.replace("-", "").isalpha():
                return None  # a word, hyphenated or not ("Her ex-husband agreed, but ...")
            if not self._verb_at(verb):
                continue
            mention = self._loose_mention(first, verb)
            if mention is not None and mention.kind != "pronoun" and is_source_noun(mention.head or ""):
                return mention, verb
            return None
        return None

    # -- content -----------------------------------------------------------
    def _content_after(self, index: int, cue: CueMatch) -> int:
        """Index of the first content token after a preposed cue (skipping addressee, dates, ``that``)."""
        k = index
        if cue.entry.frame == "tell":
            that = self._find_that(k, 10)
            topic = next((j + 1 for j in range(k + 1, min(len(self.tokens), k + 3)) if self._low(j) in ("of", "about")
                          and not self.tokens[j - 1].quoted and not self._clause_follows(j + 1)),
                         None)  # "reminded the envoy of X", not "told the head of the agency the talks had failed"
            k = that if that is not None else topic if topic is not None else self._skip_time(self._skip_noun_phrase(k))
        elif self._low(k) == "of" and cue.entry.frame == "say":  # 'says of the minister, "..."'
            comma = next((j for j in range(k + 1, min(len(self.tokens), k + 10)) if self._low(j) in (",", ":")
                          or self.tokens[j].quoted), None)
            if comma is not None and self._low(comma) in (",", ":") and self._is_opener(comma + 1):
                k = comma + 1
        elif self._low(k) == "to" and cue.entry.frame == "say":  # "confirmed to AFP that"
            that = self._find_that(k + 1, 8)
            if that is not None:
                k = that
        elif cue.entry.frame == "say" and self._low(self._skip_noun_phrase(k)) == "that" \
                and 0 < self._skip_noun_phrase(k) - k <= 4:  # "warned his counterpart that X": X is the content
            k = self._skip_noun_phrase(k) + 1
        if k < len(self.tokens) and (self._low(k) in PREPOSITIONS or self._low(k) in TIME_WORDS
                                     or self._low(k) == "("):
            that = self._find_that(k)
            k = that if that is not None else self._skip_adjunct_before_clause(k)
        while k < len(self.tokens) and self._low(k) in (",", ":", "that", "--", "\u2014", "-", "however",
                                                          "though", "too", "also", "again", "then", "now"):
            k += 1
        return k

    def _unambiguous(self, cue: CueMatch) -> bool:
        """Whether a strict cue is used as a report here: a particle (``spoke of``) or a complement follows."""
        if cue.last - cue.first > len(cue.form.split()):
            return True
        content = self._content_after(cue.last, cue)
        return self._has_complement(cue.last, cue.entry) or self._low(content - 1) in ("that", ":") \
            or self._resumes(cue.last)

    def _has_complement(self, index: int, entry: CueEntry) -> bool:
        """Whether a clause, quotation or message follows a strict cue at ``index``."""
        if index >= len(self.tokens):
            return False
        k = index
        while self._low(k) in (",", "however", "also", "again", "too"):
            k += 1
        low = self._low(k)
        if low in ("that", ":") or self._is_opener(k) or low in PRONOUNS or low == "there":
            return True
        takes = entry.takes
        if low == "to" and "to-infinitive" in takes and not (
                k + 1 < len(self.tokens) and (self.tokens[k + 1].capitalized or
                                              self._low(k + 1) in ("the", "a", "an", "his", "her", "its", "their"))):
            return True
        if self._object_is_message(k) or ("thing-subject" not in takes and self._clause_follows(k)):
            return True
        if "wh" in takes and low in WH_WORDS:  # "questioned whether the deal would hold"
            return True
        if "object-predicate" in takes and self._calls_something(k):
            return True
        if "object-for" in takes and self._reproach_follows(k):
            return True
        if "object-as" in takes:  # "presented its attack as a response to ...": an object, then "as"
            return any(self._low(j) == "as" for j in range(k + 1, min(len(self.tokens), k + 8))
                       if not any(self._low(m) in ",;:" for m in range(k, j)))
        for j in range(k, min(len(self.tokens), k + 8)):
            if self._low(j) in (".", ";"):
                break
            if self._is_opener(j):  # called the talks "productive"
                return True
        return low in PREPOSITIONS and self._find_that(k) is not None

    def _reproach_follows(self, index: int) -> bool:
        """Whether a short object at ``index`` is followed by ``for`` and a reason (``the media for being
        dishonest``, ``the minister for his remarks``), not a duration (``the town for hours``)."""
        for j in range(index + 1, min(len(self.tokens), index + 8)):
            if not self.tokens[j].text[0].isalnum() or self._low(j) in CLAUSE_WORDS:
                return False
            if self._low(j) == "for":
                after = self._low(j + 1)
                return after in ("his", "her", "its", "their", "what") or (after.endswith("ing") and len(after) > 4)
        return False

    def _clause_follows(self, index: int) -> bool:
        """Whether a clause with no ``that`` starts at ``index``: a short subject, then a finite verb
        (``added the army would stay``, ``acknowledged the plan was flawed``)."""
        if index >= len(self.tokens) or self._low(index) in PREPOSITIONS or self._low(index) in FINITE_VERBS:
            return False
        for k in range(index + 1, min(len(self.tokens), index + 6)):
            token = self.tokens[k]
            if token.lower in FINITE_VERBS or self._past_verb_after_noun(k):
                return not token.quoted
            if token.quoted or token.is_quote_mark or not token.text[0].isalnum() or token.lower in CLAUSE_WORDS \
                    or (token.lower in PREPOSITIONS and token.lower != "of"):
                return False
        return False

    def _past_verb_after_noun(self, k: int) -> bool:
        """Whether token ``k`` is a past-tense verb after a noun (``the second debate erased``), not a participle
        before one (``the increased risk``, ``the widely reported claims``, ``the government's planned cuts``)."""
        token, before = self.tokens[k], self.tokens[k - 1]
        return token.lower.endswith("ed") and len(token.lower) > 4 and not token.capitalized and "-" not in token.text \
            and before.lower not in DETERMINERS and not before.possessive and not self._is_adverb(k - 1) \
            and before.text[:1].isalnum() and before.lower not in ADVERBS

    def _calls_something(self, index: int) -> bool:
        """``called the charges unsubstantiated``, ``called the strike a provocation``: an object, then what it is
        called (an adjective or a noun phrase with ``a``/``an``), ending the clause."""
        for k in range(index + 1, min(len(self.tokens), index + 12)):
            token = self.tokens[k]
            low = token.lower
            inside_object = low in ("of", "in", "for", "and") and k > index + 1 and self._low(k + 1) not in TIME_WORDS
            if token.quoted or ((low in CLAUSE_WORDS or low in PREPOSITIONS) and not inside_object) or low in ",.;:":
                return False  # "called her vote in favor of the war a mistake": the object may hold "of", "in", "and"
            if low in ("a", "an") or (low.endswith(PREDICATE_SUFFIXES) and not token.capitalized and len(low) > 5):
                rest = self._words_after(k + 1)
                counted = self._low(k + 1) in ("second", "third", "few", "day", "week", "dozen", "number", "couple",
                                               "hour", "month", "year", "minute", "moment", "time")
                return rest <= 8 and not (low in ("a", "an") and counted)  # not "called him a second time"
        return False

    def _object_is_message(self, index: int) -> bool:
        """Whether a message noun (warning, condolences, protest ...) heads the object at ``index``."""
        for k in range(index, min(len(self.tokens), index + 5)):
            if self._low(k) in MESSAGE_NOUNS:
                return True
            if self._low(k) in (",", ".", ";", "that", "to") or self.tokens[k].quoted:
                return False
        return False

    def _tail_only(self, index: int, cue: CueMatch) -> bool:
        """Whether only adjuncts (or an addressee) follow a postposed cue at ``index``."""
        if index >= len(self.tokens):
            return True
        if cue.entry.frame in ("tell", "say") and (self.tokens[index].capitalized or
                                                   self._low(index) in ADDRESSEE_NOUNS):
            after = self._skip_noun_phrase(index)
            if after > index and (after >= len(self.tokens) or self._low(after) in (".", ",", "!", "?", ";")
                                  or self._low(after) in PREPOSITIONS or self._low(after) in TIME_WORDS):
                index = after
        if index >= len(self.tokens):
            return True
        low = self._low(index)
        if low in (".", "!", "?", ";") or self._is_opener(index):
            return True
        if low == ",":
            return True
        if low == "to" and not (self.tokens[index + 1].capitalized if index + 1 < len(self.tokens) else True) \
                and self._low(index + 1) not in ("the", "a", "an", "his", "her", "its", "their", "reporters",
                                                  "journalists"):
            return False
        if low in PREPOSITIONS or low in TIME_WORDS or low in ADVERBS or low.isdigit() or self._is_adverb(index):
            return self._find_that(index) is None
        return False

    def _quotation_tail(self, first: int, index: int) -> bool:
        """Whether a cue whose subject at ``first`` follows a closed quotation has only a verbless phrase after it,
        up to the next stop (``"...," she told some of the crew``, ``"...," he said months later, and ...``):
        the quotation is its content, not those words."""
        if not (self._is_closer(first - 1) or self._low(first - 1) == "," and self._is_closer(first - 2)):
            return False
        for k in range(index, len(self.tokens)):
            if self._low(k) in (",", ".", ";", "!", "?", ":") or self.tokens[k].is_quote_mark:
                return self._low(k) != ":" and not self._is_opener(k)
            if self._low(k) in ("that", "to") or self._verb_at(k) and not self._is_adverb(k):
                return False
        return True

    def _resumes(self, index: int) -> bool:
        """Whether the reported words resume after an inserted attribution (``The West, he added, had to ...``)."""
        if self._low(index) != "," or self._low(index - 2) == "," and self._is_closer(index - 3):
            return False
        rest = [k for k in range(index + 1, len(self.tokens)) if self._low(k) not in (".", "!", "?")]
        if len(rest) < 3 or self.tokens[rest[0]].quoted or self.tokens[rest[0]].is_quote_mark:
            return False
        low = self._low(rest[0])
        if low in PREPOSITIONS or low in TIME_WORDS or low in ADVERBS or low in LEADING_CONNECTIVES \
                or low in CLAUSE_WORDS or low.endswith("ing") or self.tokens[rest[0]].capitalized or low.isdigit():
            return False
        # a whole clause before the insertion ("The port will be sold, the board said, a loss for the town") is the
        # content and what follows is an aside, unless a verb picks the words up again ("The West, he added, had
        # to"), no verb stands before the insertion ("During her years in office, he said, the port grew") or a
        # subordinate clause opens the sentence ("If talks fail, he said, ...")
        if low in GAP_VERBS or low in AUXILIARIES:
            return True
        opening = next((k for k in range(index - 2, self.body_start - 1, -1) if self._low(k) == ","), None)
        left = range(self.body_start, opening if opening is not None else index)
        first = next((k for k in left if self._low(k) not in LEADING_CONNECTIVES), None)
        if first is None or self._low(first) in SUBORDINATORS:
            return True
        if any(self._verb_at(k) and not self._is_adverb(k) for k in left):
            return False
        return len(left) <= 8 or self._low(first) in PREPOSITIONS  # a long phrase with no verb known may hide one

    def _left_content(self, boundary: int) -> tuple[int, int] | None:
        """Content before a postposed attribution: from the clause start to token ``boundary``."""
        end_token = boundary
        if self._low(end_token) == "," and self._is_closer(end_token - 1):
            end_token -= 1
        if self.tokens[end_token].text in (",", "\u2014", "--", "-", "\u2013"):
            if end_token <= self.body_start:
                return None
            end = self.tokens[end_token - 1].end
        else:
            end = self.tokens[end_token].end
        first = self.body_start
        if self._low(first) in ADJUNCT_OPENERS:
            commas = [k for k in range(first, end_token) if self._low(k) == ","]
            if commas:
                first = commas[0] + 1
        while first < end_token and self._low(first) in LEADING_CONNECTIVES | {","}:
            first += 1
        if first > end_token or (first == end_token and not self.tokens[first].is_quote_mark):
            return None
        if all(self._low(j) in TIME_WORDS or self._low(j) in ADVERBS or self._low(j).isdigit() or
               self._low(j) in ("hours", "days", "minutes", "moments", "weeks", "shortly", "soon", ",")
               for j in range(first, end_token)):
            return None
        start = self.tokens[first].start
        return (start, end) if end > start else None

    # -- reading -----------------------------------------------------------
    def read(self) -> list[_Candidate]:
        """All candidates of the unit, in order of their cue (none, at once, where no word can open a cue)."""
        candidates: list[_Candidate] = []
        index = self.body_start
        for at in self._cue_words():
            if at < index or not self._may_be_cue(at):
                continue  # inside the last cue read
            index = at
            for cue in self.lexicon.matches(self.tokens, at):
                made = self._read_cue(self._particle_after_time(cue), candidates)
                if made is not None:
                    candidates.append(made)
                    index = cue.last
                    break
        if self.unit.headline:
            candidates.extend(self._headline())
        return candidates

    def _cue_words(self) -> list[int]:
        """The unquoted tokens after the dateline that are the first word of a cue: ``lexicon.matches`` finds
        nothing elsewhere, so a sentence without one holds no statement and the others are never looked up."""
        openers = _cue_openers(self.lexicon)
        tokens = self.tokens
        return [k for k in range(self.body_start, len(tokens))
                if not tokens[k].quoted and tokens[k].text.lower() in openers]

    def _particle_after_time(self, cue: CueMatch) -> CueMatch:
        """``called Friday for X``, ``spoke out on Monday about X``, ``spoke emotionally of X``: the verb and its
        particle across a time adjunct or an adverb, read as the particle verb (``call for``, ``speak out about``);
        else ``cue`` as found."""
        for base in dict.fromkeys((cue.first + 1, cue.first + len(cue.form.split()))):
            particle = self._skip_time_and_adverbs(base)
            if particle == base or particle >= len(self.tokens) or self.tokens[particle].quoted:
                continue
            words = self.tokens[cue.first:base] + [self.tokens[particle]]
            joined = next((m for m in self.lexicon.matches(words, 0) if m.last == len(words)), None)
            if joined is not None:
                return replace(joined, first=cue.first, last=particle + 1)
        return cue

    def _skip_time_and_adverbs(self, index: int) -> int:
        """The first token from ``index`` on that is neither in a time adjunct nor an adverb."""
        while True:
            skipped = self._skip_time(index)
            while skipped < len(self.tokens) and (self._is_adverb(skipped) or self._low(skipped) in ADVERBS):
                skipped += 1
            if skipped == index:
                return index
            index = skipped

    def _may_be_cue(self, index: int) -> bool:
        token = self.tokens[index]
        if index in self.named or token.quoted:
            return False
        if token.capitalized and not self.unit.headline and index > self.body_start:
            previous = self.tokens[index - 1]
            return previous.is_quote_mark or previous.text in (":", "\u2014", "--", "(")
        return True

    def _read_cue(self, cue: CueMatch, candidates: list[_Candidate]) -> _Candidate | None:
        """The candidate a cue makes in its frame, if it reports speech here."""
        frame = cue.entry.frame
        if frame not in ("according", "noun") and self._low(cue.last) == "by" and cue.form.endswith(("ed", "told",
                                                                                                    "said")):
            return None  # passive: "claimed by both countries"
        if frame == "according":
            return self._according(cue)
        if frame == "noun":
            return self._nominal(cue)
        if frame == "quote":
            return self._quoting(cue, candidates)
        contracted = self._contracted_subject(cue)
        if contracted is not None:  # "He's claiming that ...": the pronoun and a contracted "is"
            return self._with_subject(cue, contracted, cue.first - 1, None)
        before = self._low(cue.first - 1)
        aspect = self._aspect_verb(cue)
        if aspect is not None and not any(not c.postposed for c in candidates):
            # "continued to call for X": the subject of "continued" calls for X (not inside another's content:
            # "said the allies continue to insist on ...")
            subject = self._subject(replace(cue, first=aspect))
            return self._with_subject(cue, *subject) if subject is not None else None
        if before == "to" and cue.base_form:  # not "the engineers we spoke to said"
            return self._purpose(cue, candidates)
        modal = before in ("will", "would", "must", "should", "could", "might", "may", "can", "shall", "having") \
            and not self._in_name(cue.first - 1)  # "Theresa May said": a name, not a modal
        if modal or self._reads_as_noun(cue):
            return None  # "Having said that, ...": no report, and "Having" is no speaker
        opening = cue.first == self.body_start or (cue.first == self.body_start + 1 and before in GERUND_OPENERS)
        if cue.participle and opening and self._low(cue.first) not in ADJUNCT_OPENERS:
            return self._opening_participle(cue)  # "Warning that X, the minister ...", "After saying X, she ..."
        subject = self._subject(cue)
        if cue.participle and (subject is None or before in (",", "and", "but", "while", "before", "by")):
            return self._dependent(cue, candidates)
        if subject is None:
            core, blocked = self._skip_back(cue.first - 1)
            if not blocked and (self._low(core) in ("and", "but") or (before == "," and self.unit.headline)):
                # a headline's "X rejects claims, says spokesperson NAME" is NAME's; "..., warns West" goes on
                return (self.unit.headline and self._inverted(cue)) or self._dependent(cue, candidates)
            return self._inverted(cue)
        return self._with_subject(cue, *subject)

    def _contracted_subject(self, cue: CueMatch) -> Mention | None:
        """The pronoun of ``He's claiming`` or ``It's denouncing`` (``'s`` for ``is``) before a participle cue."""
        k = cue.first - 1
        if not cue.participle or k < self.body_start or not self.tokens[k].possessive \
                or self._low(k) not in ("he", "she", "it"):
            return None
        token = self.tokens[k]
        return Mention(token.start, token.end - 2, "pronoun", head=self._low(k))

    def _opening_participle(self, cue: CueMatch) -> _Candidate | None:
        """``Citing X, the senator ...``, ``Warning that X, the minister ...``: the content runs to the comma,
        the subject of the main clause after it speaks."""
        comma = next((k for k in range(cue.last, len(self.tokens)) if self._low(k) in (",", ";", ".")
                      and not self.tokens[k].quoted or self._is_closer(k) and self._low(k - 1) == ","), None)
        if comma is None or self._low(comma) == "." or self._low(comma) == ";" \
                or (cue.entry.strict and not self._unambiguous(cue)):
            return None  # a comma, or a quotation closed with one ("After saying she was "unwell," she ..."), ends it
        content = self._content_after(cue.last, cue)
        verb = next((k for k in range(comma + 1, len(self.tokens)) if self._low(k) in COMMON_VERBS
                     or self._low(k) in AUXILIARIES or self._is_adverb(k) or self._past_verb_after_noun(k)
                     or self.lexicon.matches(self.tokens, k)),
                    len(self.tokens))
        mention = self._parse(comma + 1, verb) or self._loose_mention(comma + 1, verb)
        if mention is None or (mention.kind == "pronoun" and mention.head not in ("he", "she", "they")) \
                or comma - content < MIN_CONTENT_WORDS:
            return None  # not "In saying so, ...": no content
        end = self.tokens[comma].end if self._is_closer(comma) else self.tokens[comma - 1].end
        return self._candidate(self._start_of(content), end, cue, mention)

    def _aspect_verb(self, cue: CueMatch) -> int | None:
        """Index of a verb such as ``continued``, ``appeared`` or ``went on`` before ``to`` and the cue
        (``continued to call for``), if there is one."""
        if self._low(cue.first - 1) != "to":
            return None
        verb = cue.first - 2
        took = next((j for j in range(verb - 2, max(self.body_start, verb - 6) - 1, -1)
                     if self._low(j) in ("took", "takes", "take", "taking") and self._low(j + 1) == "to"), None)
        if self._low(verb) == "on" and self._low(verb - 1) in ("went", "goes", "go", "going"):
            verb -= 1
        elif took is not None and all(self.tokens[j].text[0].isalnum() for j in range(took, verb + 1)):
            verb = took  # "took to a radio station to accuse X of ..."
        elif self._low(verb) not in ASPECT_VERBS:
            return None
        return verb if verb >= self.body_start else None

    def _reads_as_noun(self, cue: CueMatch) -> bool:
        """Whether the cue word is a noun here: ``a formal warning of``, ``Moscow's warning``, ``Halsk's remarks``."""
        before = self._low(cue.first - 1)
        possessive = cue.first > 0 and self.tokens[cue.first - 1].possessive
        if cue.participle and (before in NOMINAL_ADJECTIVES or possessive or before in (
                "a", "an", "the", "his", "her", "its", "their", "this", "that")):
            return True
        if cue.form not in NOUNISH_FORMS:
            return False
        # "said the claims were false"; "member states were divided", "member states said": a plural noun
        # with a verb of its own right after it is no reporting verb
        return possessive or before in DETERMINERS or self._low(cue.last) in VERBS_AFTER_A_NOUN

    def _plural(self, mention: Mention, first: int, cue: CueMatch) -> bool:
        """Whether the subject takes a plural verb (``officials say``, ``Senator Roe and Senator Doe say``)."""
        return mention.kind in ("group", "joint") or mention.head in ("they", "people") or (
            mention.kind == "generic" and (mention.head or "").endswith("s")) or (
            mention.kind == "person" and mention.entry is None and not mention.title and mention.name is not None
            and " " not in mention.name and mention.name.endswith("s")) or (
            any(self._low(j) == "and" and self.tokens[j].start > mention.start and self.tokens[j].end < mention.end
                for j in range(first, cue.first)))

    def _with_subject(self, cue: CueMatch, mention: Mention, first: int,
                      appositive: Mention | None) -> _Candidate | None:
        """A cue with its subject: the content before it (postposed) or after it (preposed)."""
        if mention.kind == "pronoun" and mention.head in ("i", "we", "you"):
            return None
        if cue.base_form and not cue.participle and not self._plural(mention, first, cue) \
                and self._aspect_verb(cue) is None \
                and not cue.form.endswith(("ed", "said", "told", "put it", "read")):  # past forms like the base
            return None
        aside = self._low(first - 1) == "as" and self._low(first - 2) == "," and not self._opens_as_clause(first)
        # "..., as the envoy put it." (not "Yet, as the envoy put it, ...")
        if self._low(first - 1) == "as" and not aside and not self._opens_as_clause(first) \
                and not self._as_while(cue):
            return None  # a comparison: "the plan works as the minister said it would"
        if cue.entry.frame in ("say", "tell") and first > self.body_start and (
                self._low(first - 1) in (",", "\u2014", "--", "-", "\u2013") or self._is_closer(first - 1) or aside) \
                and (self._tail_only(cue.last, cue) or self._quotation_tail(first, cue.last)) \
                and not self._resumes(cue.last) \
                and not (self._low(first - 1) == "," and self._low(cue.last) == "," and self._is_opener(cue.last + 1)):
            # not 'As the phone rang, the announcer said, "...': there the quotation is the content
            left = self._left_content(first - 2 if aside else first - 1)
            if left is not None:
                return self._candidate(left[0], left[1], cue, mention, appositive, postposed=True)
        nounish = cue.form in NOUNISH_FORMS and (mention.kind == "generic" or mention.kind == "person" and
                                                 mention.entry is None and not mention.title) \
            and not self._has_complement(cue.last, cue.entry) \
            and not (self.unit.headline and self._low(cue.last) in ("the", "a", "an", "his", "her", "its", "their"))
        # a headline's "Minister questions the value of ...": a noun phrase after it makes the word a verb
        return None if nounish else self._preposed(cue, mention, first, appositive)

    def _preposed(self, cue: CueMatch, mention: Mention, first: int,
                  appositive: Mention | None) -> _Candidate | None:
        """``SUBJECT CUE (that) CONTENT`` and ``As SUBJECT CUE, CONTENT``: the content after the cue."""
        content = self._content_after(cue.last, cue)
        as_clause = self._opens_as_clause(first) and cue.entry.frame == "say"
        if as_clause:  # "As the envoy put it in July, the talks ...": the content follows the clause
            comma = next((k for k in range(cue.last, len(self.tokens)) if self._low(k) == ","
                          or self.tokens[k].quoted or self._low(k) in (".", ";")), None)
            if comma is None or self._low(comma) != ",":
                return None
            content = self._content_after(comma, cue)
        if self._low(content) in ("through", "via") and self._low(content - 1) == ",":
            # "Tehran has promised, through its supreme leader X, ...": X speaks
            comma = next((j for j in range(content + 1, min(len(self.tokens), content + 12))
                          if self._low(j) == ","), None)
            voice = self._parse(content + 1, comma) if comma else None
            if voice is not None and voice.kind in ("person", "institution"):
                mention, appositive, content = voice, None, comma + 1
        if cue.entry.strict and not as_clause and not self._unambiguous(cue):
            return None
        if "silent" in cue.entry.takes and self._low(content) == "to" \
                and self._low(content + 1) in SILENT_VERBS and self._words_after(content + 2) <= 3:
            return None  # "declined to disclose the details": no content of its own
        if cue.entry.frame == "obj" and (self._low(content) in PREPOSITIONS or self._low(content) in TIME_WORDS) \
                and not self._infinitive(content):
            content = self._object_after_adjunct(content)  # "protested on Monday.": an adjunct is no object
        if content >= len(self.tokens) or self._low(content) in (".", "?", "!", ","):
            return None
        if cue.entry.frame in ("say", "tell") and (self._low(content) in ADJUNCT_TIMES or self._venue_only(content)):
            return None  # "told reporters after the meeting.", "said in a phone interview.": no content
        return self._candidate(self._start_of(content), self._subordinate_end(first, content), cue, mention,
                               appositive)

    def _venue_only(self, index: int) -> bool:
        """Whether the words from ``index`` to the end of the sentence only say where or when the words were said
        (``in a phone interview``, ``at a news conference on Monday``, ``on Friday``)."""
        venue = VENUE_CUTS.match(self.text, self.tokens[index - 1].end) if index > 0 else None
        if venue is None and not (self._low(index) in PREPOSITIONS or self._low(index) in TIME_WORDS):
            return False  # "said 98 percent of ...": a number opens the content, not a time
        start = bisect_left(self.tokens, venue.end(), key=lambda t: t.start) if venue is not None else index
        k = self._skip_time(start)
        if k == index:
            return False
        return k >= len(self.tokens) or self._low(k) in (".", "!", "?", ";")

    def _infinitive(self, index: int) -> bool:
        """Whether a ``to`` at ``index`` opens an infinitive (``pledged to bolster``), not a phrase (``to Beijing``)."""
        after = index + 1
        return self._low(index) == "to" and after < len(self.tokens) and not self.tokens[after].capitalized \
            and self._low(after) not in DETERMINERS

    def _object_after_adjunct(self, index: int) -> int:
        """Where the object of an object cue starts after a time or place adjunct (``condemned on Monday the
        attack``); the end of the unit when a short adjunct stands alone where the object should (``protested
        on Monday.``, ``protested to North Korea.``); else ``index``."""
        token = self.tokens[index]
        if token.possessive or token.lower not in ADJUNCT_PREPOSITIONS | TIME_WORDS - {"this", "last", "(", ")"}:
            return index  # "condemned Friday's test", "described as", "asked about finances": an object
        terms = next((j + 1 for j in range(index + 1, min(len(self.tokens), index + 5)) if self._low(j) == "terms"),
                     None) if self._low(index) == "in" else None  # "condemned in the strongest terms the attack"
        k = self._skip_time(terms or index)
        if k > index and self._low(k) in DETERMINERS:
            return k
        stop = next((j for j in range(index, len(self.tokens)) if self._low(j) in (".", ",", ";", ":", "?", "!")
                     or self.tokens[j].quoted or self.tokens[j].is_quote_mark), len(self.tokens))
        return len(self.tokens) if stop - index <= 4 else index

    def _subordinate_end(self, first: int, content: int) -> int:
        """Where a content ends: at the comma closing a subordinate clause the report stands in (``Although he
        has admitted X, he ...``, ``When veterans ask for help, ...``), else at the end of the unit."""
        opener = first - 1
        if self._low(opener) not in SUBORDINATORS or not (opener == self.body_start or self._low(opener - 1) in (
                ",", "but", "and")):
            return self.unit.end
        comma = next((k for k in range(content, len(self.tokens)) if self._low(k) in (",", ";")
                      or self.tokens[k].quoted or self.tokens[k].is_quote_mark), None)
        if comma is None or self._low(comma) != "," or comma == content:
            return self.unit.end
        return self.tokens[comma - 1].end

    def _as_while(self, cue: CueMatch) -> bool:
        """Whether ``as SUBJECT CUE`` means *while* (``..., as she called for the release of ...``): a content of
        its own follows, not a pronoun taking up the comparison (``works as the minister said it would``)."""
        return cue.entry.frame == "obj" and self._low(cue.last) not in PRONOUNS \
            and self._words_after(cue.last) >= MIN_CONTINUATION_WORDS

    def _introduces(self, cue: CueMatch) -> bool:
        """Whether a quotation, a colon or ``that`` follows the cue (``a friend commented: "..."``)."""
        k = cue.last
        return self._low(k) in (":", "that") or self._is_opener(k) or (self._low(k) == "," and self._is_opener(k + 1))

    def _words_after(self, index: int) -> int:
        """How many words follow token ``index`` up to the end of the sentence or clause."""
        count = 0
        for k in range(index, len(self.tokens)):
            if self._low(k) in (".", ";", ",", "!", "?"):
                break
            count += 1
        return count

    def _opens_as_clause(self, first: int) -> bool:
        """Whether the subject at ``first`` follows a clause-opening ``as`` (``As the minister noted, ...``,
        ``Yet, as the minister noted, ...``)."""
        before = first - 2
        if self._low(before) == "," and before - 1 >= self.body_start and self._low(before - 1) in LEADING_CONNECTIVES:
            before -= 1  # "However, as ..."
        return self._low(first - 1) == "as" and (first - 1 <= self.body_start or self._low(before) in (
            "but", "and", "yet", "still") or before == self.body_start and self._low(before) in LEADING_CONNECTIVES
            or self._is_closer(first - 2))

    def _candidate(self, start: int, end: int, cue: CueMatch, mention: Mention | None,
                   appositive: Mention | None = None, **extra) -> _Candidate:
        cue_start, cue_end = self.tokens[cue.first].start, self.tokens[cue.last - 1].end
        return _Candidate(start, end, self.text[cue_start:cue_end], cue_start, cue_end, mention, appositive,
                          unit=self.unit, frame=cue.entry.frame, **extra)

    def _inverted(self, cue: CueMatch) -> _Candidate | None:
        """``"...," said the UN chief`` and ``..., said Mr. Smith``."""
        k = cue.first - 1
        if k < self.body_start or cue.entry.frame not in ("say", "tell") or \
                not (self._low(k) == "," or self._is_closer(k)):
            return None
        found, plain = self._mention_starting_at(cue.last), self._source_starting_at(cue.last)
        if plain is not None and (found is None or plain[1] > found[1]):
            found = plain  # "said one ministry source": not "one ministry"
        if found is None:
            return None
        mention, after = found
        if self._low(after) in SOURCE_MODIFIERS:  # "said a senior official familiar with the talks."
            after = next((j for j in range(after, len(self.tokens)) if self._low(j) in (",", ".", ";", "!", "?")
                          or self.tokens[j].quoted), len(self.tokens))
        if mention.kind == "pronoun" or not self._tail_only(after, cue):
            return None
        if self.unit.headline and not self._registered(mention) and \
                any(self._low(j) in COMMON_VERBS for j in range(cue.last, after)):
            return None  # "..., Says Greece Must Back Down": a clause, not a speaker
        left = self._left_content(k)
        if left is None:
            return None
        return self._candidate(left[0], left[1], cue, mention, postposed=True)

    def _source_starting_at(self, first: int) -> tuple[Mention, int] | None:
        """A plain noun phrase naming a source after a postposed cue (``said one ministry source``), up to a
        preposition or punctuation; returns it and the index after it."""
        last = next((k for k in range(first, min(len(self.tokens), first + 6)) if not self.tokens[k].lower.isalpha()
                     or self._low(k) in PREPOSITIONS or self._low(k) in SOURCE_MODIFIERS or self.tokens[k].quoted),
                    None)
        if last is None or last == first or self._low(first) not in ("one", "a", "an", "two", "three", "several"):
            return None
        mention = generic_mention(self.tokens[first:last], self.registry)
        return (mention, last) if mention is not None and is_source_noun(mention.head or "") else None

    def _dependent(self, cue: CueMatch, candidates: list[_Candidate]) -> _Candidate | None:
        """``..., adding that X``, ``... and called X``, ``a letter urging X``: the main clause's speaker."""
        core, blocked = self._skip_back(cue.first - 1)
        if blocked or cue.first <= self.body_start or core < self.body_start:
            return None
        if not cue.participle and (self._low(core) not in ("and", "but", ",") or core == self.body_start):
            return None  # "But state law requires ...": no clause before "But" to share a subject with
        if cue.participle and self._low(cue.first - 1) == "without":
            return None  # "It goes without saying that ...", "left without naming anyone"
        mention, appositive = self._main_subject(cue.first, candidates)
        if mention is None:
            return None
        content = self._content_after(cue.last, cue)
        if cue.entry.strict and not self._unambiguous(cue):
            return None
        if content >= len(self.tokens) or self._low(content) in (".", "?", "!"):
            return None
        return self._candidate(self._start_of(content), self.unit.end, cue, mention, appositive, via="subject")

    def _purpose(self, cue: CueMatch, candidates: list[_Candidate]) -> _Candidate | None:
        """``summoned the ambassador to deliver a formal warning``: the message is the content."""
        if not cue.entry.takes & {"purpose", "purpose-any"} or cue.last >= len(self.tokens):
            return None
        if not self._object_is_message(cue.last) and "purpose-any" not in cue.entry.takes:
            return None
        mention, appositive = self._main_subject(cue.first - 1, candidates)
        if mention is None:
            return None
        candidate = self._candidate(self._start_of(cue.last), self.unit.end, cue, mention, appositive,
                                    via="subject")
        candidate.cue = f"to {cue.form}"
        candidate.cue_start = self.tokens[cue.first - 1].start
        return candidate

    def _quoting(self, cue: CueMatch, candidates: list[_Candidate]) -> _Candidate | None:
        """``Local media quoted Xi as saying that ...``; ``The Times cited sources indicating that ...``."""
        found = self._mention_starting_at(cue.last)
        if found is None:
            return None
        quoted, after = found
        if self._low(after) == "as":
            after += 1
        if self._low(after) not in QUOTING_PARTICIPLES:
            return None
        content = after + 1
        while self._low(content) in ("that", ":", ","):
            content += 1
        if content >= len(self.tokens):
            return None
        anonymous = quoted.kind in ("group", "description", "pronoun") and quoted.head in (
            "sources", "source", "officials", "official", "insiders", "people")
        if anonymous:
            subject = self._subject(cue)
            if subject is None:
                return None
            quoted = subject[0]
        candidate = self._candidate(self._start_of(content), self.unit.end, cue, quoted)
        candidate.cue = self.text[self.tokens[cue.first].start:self.tokens[after].end]
        return candidate

    def _according(self, cue: CueMatch) -> _Candidate | None:
        found = self._object_pronoun_at(cue.last) or self._mention_starting_at(cue.last) \
            or self._generic_source_at(cue.last) or self._document_source_at(cue.last)
        if found is None:
            return None
        mention, after = found
        if mention.kind == "description" and mention.head not in DOCUMENT_NOUNS | set(DESCRIPTION_NOUNS):
            found = self._generic_source_at(cue.last)  # "according to the National Office of Harbours"
            if found is None or found[0].org != "institution":
                return None
            mention, after = found
        if mention.head in DOCUMENT_NOUNS:
            mention, after = self._document_author(after) or (mention, after)
        first = cue.first
        while first > self.body_start and not (self._low(first - 1) in CLAUSE_WORDS - {"as"}
                                               and not self.tokens[first - 1].quoted):
            first -= 1
        while first < cue.first and self._low(first) in LEADING_CONNECTIVES | {","}:
            first += 1
        if first == cue.first:  # "According to X, CONTENT"
            k = after
            while k < len(self.tokens) and self._low(k) == ",":
                k += 1
            if k >= len(self.tokens) or self._low(k) in (".", "!", "?"):
                return None
            return self._candidate(self._start_of(k), self.unit.end, cue, mention, priority=2)
        boundary = cue.first - 1 if self._low(cue.first - 1) == "," else cue.first
        if boundary <= first:
            return None
        return self._candidate(self.tokens[first].start, self.tokens[boundary - 1].end, cue, mention, priority=2,
                               postposed=True)

    def _document_author(self, index: int) -> tuple[Mention, int] | None:
        """``(a statement) from the foreign ministry``, ``issued by the ministry``: the author named after a document."""
        k = index + (self._low(index) in ("issued", "released", "published", "posted"))
        if self._low(k) not in ("from", "by", "of"):
            return None
        found = self._mention_starting_at(k + 1)
        if found is None or found[0].kind not in ("person", "institution", "group", "country", "description"):
            return None
        return found

    def _document_source_at(self, first: int) -> tuple[Mention, int] | None:
        """``(according to) a recent survey of farmers``, ``an audit by the ports ministry``, ``a new Acme Polling
        study``: a document named with modifiers. Its author speaks when named (after it, or as a name before
        it), else the document itself (no source); returns the mention and the index after the phrase."""
        j = next((j for j in range(first, min(len(self.tokens), first + 5)) if self._low(j) in DOCUMENT_NOUNS
                  and not self.tokens[j].capitalized), None)
        if j is None or any(self.tokens[i].quoted or not self.tokens[i].lower.isalpha() or (
                self._low(i) in COMMON_VERBS and i > first) for i in range(first, j)):
            return None
        end = next((i for i in range(j + 1, min(len(self.tokens), j + 12)) if self._low(i) in (",", ".", ";")),
                   j + 1)
        author = self._document_author(j + 1)
        if author is not None:
            return author[0], end
        names = [i for i in range(first, j) if self.tokens[i].capitalized and i > first]
        named = self._parse(names[0], names[-1] + 1) if names else None  # "a recent Acme Polling survey"
        if named is not None and named.kind in ("person", "institution", "group"):
            return named, end
        document = self._parse(j, j + 1)
        return (document, end) if document is not None else None

    def _object_pronoun_at(self, index: int) -> tuple[Mention, int] | None:
        """``according to him``: the pronoun as a mention (``him`` is ``he``)."""
        subject = OBJECT_PRONOUNS.get(self._low(index)) if index < len(self.tokens) else None
        if subject is None or (index + 1 < len(self.tokens) and self._low(index + 1) not in (",", ".", ";", ")")):
            return None  # "according to her own account": a possessive
        token = self.tokens[index]
        return Mention(token.start, token.end, "pronoun", head=subject), index + 1

    def _generic_source_at(self, first: int) -> tuple[Mention, int] | None:
        """A plain noun phrase up to the next punctuation as a source (``according to a campaign aide``)."""
        last = next((k for k in range(first, min(len(self.tokens), first + 9))
                     if self._low(k) in (",", ".", ";", ":", "!", "?", "(") or self.tokens[k].quoted), None)
        if last is None or last == first:
            return None
        mention = generic_mention(self.tokens[first:last], self.registry)
        return (mention, last) if mention is not None else None

    def _nominal(self, cue: CueMatch) -> _Candidate | None:
        """``Russia's accusations that X``, ``amid reports that X``, ``Azerbaijan's demand for X``."""
        after = cue.last
        link = self._low(after)
        k = cue.first - 1
        while k >= 0 and self._low(k) in NOMINAL_ADJECTIVES:
            k -= 1
        mention = None
        if k >= 0 and self.tokens[k].possessive:
            found = self._mention_ending_at(k + 1, self.body_start)
            if found is None:
                return None
            mention = found[0]
            if link not in ("that", "for", "of", "to", ":"):
                return None
        elif link == "from":  # "fresh warnings from the ministry that X": the ministry's
            return self._nominal_from(cue)
        elif k >= 0 and self._low(k) in NOMINAL_LEAD_INS and cue.entry.lemma in ("reports", "report"):
            if link not in ("that", "of") and not (self._low(after) in PRONOUNS or self.tokens[after].capitalized
                                                     if after < len(self.tokens) else False):
                return None
        else:
            return None
        start = after + 1 if link in ("that", ":") else after
        if start >= len(self.tokens) or (link == "to" and mention is None):
            return None
        return self._candidate(self._start_of(start), self.unit.end, cue, mention, priority=2,
                               via="mention" if mention else "none")

    def _nominal_from(self, cue: CueMatch) -> _Candidate | None:
        """``warnings from the ministry that X``: the source after ``from``, the clause after ``that``."""
        that = next((j for j in range(cue.last + 2, min(len(self.tokens), cue.last + 9))
                     if self._low(j) in ("that", ",", ";", ".") or self.tokens[j].quoted), None)
        if that is None or self._low(that) != "that" or that + 1 >= len(self.tokens):
            return None
        mention = self._parse(cue.last + 1, that) or self._loose_mention(cue.last + 1, that)
        if mention is None or mention.kind == "pronoun" or (mention.kind == "generic"
                                                             and not is_source_noun(mention.head or "")):
            return None
        return self._candidate(self._start_of(that + 1), self.unit.end, cue, mention, priority=2, via="mention")

    def _headline(self) -> list[_Candidate]:
        """``CONTENT - SPEAKER`` and ``CONTENT: SPEAKER`` headlines."""
        line = self.text[self.unit.start:self.unit.end]
        separators = list(_HEADLINE_SEPARATORS.finditer(line))
        if not separators:
            return []
        last = separators[-1]
        tail_start = self.unit.start + last.end()
        tail = [k for k, t in enumerate(self.tokens) if t.start >= tail_start]
        if not tail or len(tail) > 8:
            return []
        mention = self._parse(tail[0], tail[-1] + 1)
        content_end = self.unit.start + last.start()
        if mention is None or mention.kind == "pronoun" or \
                len(self.text[self.unit.start:content_end].split()) < 3:
            return []
        separator = last.group().strip()
        return [_Candidate(self.unit.start, content_end, separator, self.unit.start + last.start(),
                           self.unit.start + last.end(), mention, unit=self.unit, ahead=True, priority=4,
                           postposed=True)]


@lru_cache(maxsize=8)
def _cue_openers(lexicon: CueLexicon) -> frozenset[str]:
    """The words a cue of ``lexicon`` can start with (``said``, ``according``, ``accused``), in lower case."""
    return frozenset(form.split()[0] for entry in lexicon.entries for form in entry.forms)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop edge whitespace and punctuation outside quotation marks."""
    while start < end and (text[start].isspace() or text[start] in ",;:-\u2013\u2014\u2015"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:-\u2013\u2014\u2015"):
        end -= 1
    return start, end


def _cut(text: str, candidate: _Candidate, at: int) -> None:
    """End the candidate's content before ``at``, dropping trailing links (``, and``, ``in which``)."""
    head = text[candidate.start:at]
    candidate.end = candidate.start + len(_TRAILING_LINKS.sub("", head))


class _Marks:
    """Where the marks that end a content are in a text, so that a content is cut without scanning it.

    A content may run to the end of a long unit (``X said that Y said that ...``):
    reading each one whole would make the unit cost its length squared.
    """

    STOPS = ",;\"\u201c\u201d"  # no trailing aside runs over one of these
    QUOTES = "\"\u201c\u00ab"
    _ACCORDING = re.compile(r",\s*according to")
    _TIME_WORDS = 32  # the most non-space characters a TRAILING_TIME match holds

    def __init__(self, text: str):
        self.text = text
        self.at = {mark: [m.start() for m in re.finditer(re.escape(mark), text)] for mark in set(self.STOPS + self.QUOTES)}
        self.stops = sorted(chain.from_iterable(self.at[mark] for mark in self.STOPS))
        self.according = [(m.start(), m.end()) for m in self._ACCORDING.finditer(text)]
        self.according_ending = {end: comma for comma, end in self.according}
        self.according_closed = [(comma, end) for comma, end in self.according if not _word_at(text, end)]
        self.closed_commas = [comma for comma, _ in self.according_closed]

    def first(self, mark: str, start: int, end: int) -> int | None:
        """The first offset of ``mark`` in ``[start, end)``, if any."""
        found = self.at[mark]
        index = bisect_left(found, start)
        return found[index] if index < len(found) and found[index] < end else None

    def has(self, mark: str, start: int, end: int) -> bool:
        """Whether ``mark`` occurs in ``[start, end)``."""
        return self.first(mark, start, end) is not None

    def according_to(self, start: int, end: int) -> int | None:
        """Where ``re.search(r"\\s*,\\s*according to\\b", text[start:end])`` matches, as an offset into the text."""
        commas = []
        index = bisect_left(self.closed_commas, start)
        if index < len(self.according_closed) and self.according_closed[index][1] <= end:
            commas.append(self.according_closed[index][0])
        if self.according_ending.get(end, -1) >= start:  # "according to" cut off by the span's end
            commas.append(self.according_ending[end])
        if not commas:
            return None
        at = min(commas)
        while at > start and self.text[at - 1].isspace():
            at -= 1
        return at

    def trailing_aside(self, start: int, end: int) -> int | None:
        """Where ``TRAILING_ASIDES.search(text[start:end].rstrip(" .!?"))`` matches, as an offset into the text."""
        last = self._stripped(start, end)
        index = bisect_left(self.stops, last) - 1
        if index < 0 or self.stops[index] < start or self.text[self.stops[index]] != ",":
            return None  # a match begins at the last comma, with no other stop after it
        return self.stops[index] if TRAILING_ASIDES.match(self.text, self.stops[index], last) else None

    def trailing_time(self, start: int, end: int) -> int | None:
        """Where ``TRAILING_TIME.search(text[start:end].rstrip(" .!?"))`` matches, as an offset into the text."""
        last = self._stripped(start, end)
        first, seen = last, 0
        while first > start and seen <= self._TIME_WORDS:
            first -= 1
            seen += not self.text[first].isspace()
        match = TRAILING_TIME.search(self.text, first + (seen > self._TIME_WORDS), last)
        return match.start() if match else None

    def _stripped(self, start: int, end: int) -> int:
        while end > start and self.text[end - 1] in " .!?":
            end -= 1
        return end


def _word_at(text: str, at: int) -> bool:
    """Whether ``text[at]`` is a regular-expression word character (so ``\\b`` does not hold before it)."""
    return at < len(text) and (text[at].isalnum() or text[at] == "_")


def _end_contents(text: str, unit_candidates: list[_Candidate], marks: _Marks) -> None:
    """Each content ends before the next dependent cue of its unit, and obj contents before time clauses."""
    for current, following in zip(unit_candidates, unit_candidates[1:]):
        if following.via == "subject" and following.cue_start is not None and \
                current.start < following.cue_start < current.end:
            _cut(text, current, following.cue_start)
        elif following.via == "mention" and following.mention is not None and not following.postposed and \
                current.start < following.mention.start < current.end:
            # "officials said X and the opposition accused Y": a second speaker's report ends the first content
            joint = _COORDINATION.search(text, current.start, following.mention.start)
            if joint is not None:
                _cut(text, current, joint.start())
    for candidate in unit_candidates:
        if candidate.postposed or candidate.cue is None:
            continue
        start = candidate.start
        semicolon = marks.first(";", start, candidate.end)
        if semicolon is not None and semicolon > start and not any(marks.has(q, start, semicolon) for q in marks.QUOTES):
            candidate.end = semicolon  # "said X; they only learned of it later"
        according = marks.according_to(start, candidate.end)
        if according is not None:
            candidate.end = according
        aside = marks.trailing_aside(start, candidate.end)
        if aside is not None and not _quote_open(text, start, aside):
            candidate.end = aside
        time_clause = marks.trailing_time(start, candidate.end)
        if time_clause is not None and time_clause > start:
            candidate.end = time_clause
        if candidate.frame == "obj":
            _end_object(text, candidate, marks)
        if candidate.frame == "obj" or (candidate.unit is not None and candidate.unit.headline):
            _end_at_time_clause(text, candidate)


def _end_at_time_clause(text: str, candidate: _Candidate) -> None:
    """An object or headline content ends before a time adjunct (:data:`TEMPORAL_CUTS`, :data:`HEADLINE_CUTS`)
    outside quotation marks. Before a clause (``after the army fired``) only a headline's or an object's content
    ends (``urged X to reopen the border after talks failed``), not a ``that`` clause, which may hold it."""
    headline = candidate.unit is not None and candidate.unit.headline
    match = (HEADLINE_CUTS if headline else TEMPORAL_CUTS).search(text, candidate.start, candidate.end)
    if match is None or any(q in text[candidate.start:match.start()] for q in "\"\u201c\u00ab"):
        return
    rest = text[match.end():candidate.end].lower().split()
    verb_follows = any(w in COMMON_VERBS or (w.endswith("ed") and len(w) > 4) for w in rest)
    object_content = not text[max(0, candidate.start - 6):candidate.start].rstrip().lower().endswith("that")
    if not verb_follows or headline or (object_content and match.group(1).lower().split()[-1] in CLAUSE_CUTS):
        candidate.end = match.start()


def _end_object(text: str, candidate: _Candidate, marks: _Marks) -> None:
    """An object content ends before a relative clause on it, a second predicate of the subject
    (:data:`OBJECT_ENDS`), a bare day (:data:`OBJECT_DAY`) or an ``as`` clause (:data:`OBJECT_AS_CLAUSE`), unless a
    quotation is open there. A relative clause closed before the object goes on (``accused the envoy, who ...,
    of spying``) stays."""
    for pattern in (OBJECT_ENDS, OBJECT_DAY, OBJECT_AS_CLAUSE):
        match = pattern.search(text, candidate.start, candidate.end)
        if match is None or match.start() <= candidate.start:
            continue
        if pattern is OBJECT_ENDS and (RELATIVE_RESUMED.match(text, match.start(), candidate.end) or any(
                marks.has(q, candidate.start, match.start()) for q in marks.QUOTES)):
            continue
        if pattern is not OBJECT_ENDS and _quote_open(text, candidate.start, match.start()):
            continue
        candidate.end = match.start()


def _quote_open(text: str, start: int, end: int) -> bool:
    """Whether a double quotation opened in ``text[start:end]`` is still open at ``end``."""
    piece = text[start:end]
    return piece.count('"') % 2 == 1 or piece.count("\u201c") > piece.count("\u201d")


def _content_breaks(text: str, quotes: QuoteIndex) -> list[int]:
    """Offsets of the :data:`CONTENT_BREAKS` of a text outside quotations, found once per article.

    Every break is white space (after a comma or not) before one of :data:`_BREAK_WORDS`, so the pattern is
    tried only there, in the order and without the overlaps of ``CONTENT_BREAKS.finditer(text)``.
    """
    breaks = []
    done = 0  # where the previous break ended: breaks never overlap
    for word in _BREAK_WORDS.finditer(text):
        first = word.start()
        while first > done and text[first - 1].isspace():
            first -= 1
        if first > done and text[first - 1] == ",":
            first -= 1
        for at in range(max(first, done), word.start() + 1):
            match = CONTENT_BREAKS.match(text, at)
            if match is not None:
                done = match.end()
                if not quotes.overlapping(match.start(), match.end()):
                    breaks.append(at)
                break
    return breaks


def _end_at_breaks(candidates: list[_Candidate], breaks: list[int]) -> None:
    """A preposed content ends at the first break inside it, where the writer's own clause takes over."""
    for candidate in candidates:
        if candidate.postposed or candidate.cue is None:
            continue
        index = bisect_right(breaks, candidate.start)
        if index < len(breaks) and breaks[index] < candidate.end:
            candidate.end = breaks[index]


def _end_at_venue(text: str, candidates: list[_Candidate], quotes: QuoteIndex) -> None:
    """A preposed content ends before where it was said (:data:`VENUE_CUTS`), when no verb follows the venue."""
    for candidate in candidates:
        if candidate.postposed or candidate.cue is None:
            continue
        match = VENUE_CUTS.search(text, candidate.start, candidate.end)
        if match is None or len(text[candidate.start:match.start()].split()) < MIN_CONTENT_WORDS \
                or quotes.overlapping(match.start(), match.end()):
            continue
        rest = text[match.end():candidate.end].lower().split()
        if not any(word in COMMON_VERBS or word in FINITE_VERBS for word in rest):
            candidate.end = match.start()


def _end_at_closing_quote(text: str, candidates: list[_Candidate], quotes: QuoteIndex) -> None:
    """A content that opens with a quotation closed by its own punctuation ends with it when the writer's words
    follow (``says, "Don't do it," until shots are heard``): the quotation is the statement."""
    for candidate in candidates:
        if candidate.postposed or candidate.cue is None:
            continue
        start = candidate.start + len(text[candidate.start:candidate.end]) - len(text[candidate.start:candidate.end]
                                                                                 .lstrip())
        quote = next((q for q in quotes.overlapping(start, start + 1) if q.open_at == start), None)
        if quote is not None and quote.close_end < candidate.end and text[quote.end - 1] in ",.!?" and \
                QUOTE_ADJUNCT.match(text, quote.close_end, candidate.end):
            candidate.end = quote.close_end


def _quoted_questions(text: str, candidates: list[_Candidate], quotes: QuoteIndex) -> list[_Candidate]:
    """``asked "who is making trouble" ... and "who breaks the law?"``: each quoted question is a direct statement."""
    result = []
    for candidate in candidates:
        asked = candidate.cue is not None and candidate.cue.lower().startswith(("ask", "wonder"))
        inside = [q for q in quotes.overlapping(candidate.start - 1, candidate.end + 1)
                  if candidate.start <= q.open_at + 1 and q.close_end <= candidate.end + 1
                  and q.start >= candidate.start - 1] if asked else []
        if not asked or not inside or inside[0].open_at > candidate.start or len(inside) < 2:
            result.append(candidate)
            continue
        for quote in inside:
            result.append(replace(candidate, start=quote.start, end=quote.end))
    return result


def _kind_and_span(text: str, start: int, end: int, quotes: QuoteIndex) -> tuple[str, int, int]:
    """``direct`` (span inside the marks), ``mixed`` or ``indirect`` for content ``[start, end)``."""
    inside = quotes.overlapping(start, end)
    if not inside:
        return "indirect", start, end
    if len(inside) == 1:
        quote = inside[0]
        before = text[start:quote.open_at] if start <= quote.open_at else ""
        after = text[quote.close_end:end] if end >= quote.close_end else ""
        if not before.strip(" ,:") and not after.strip(" ,.;:") and start <= quote.start:
            return "direct", quote.start, quote.end
    closing = max(q.close_end for q in inside)
    if 0 < closing - end <= 2:  # a content trimmed just inside its last closing mark gets the mark back
        end = closing
    return "mixed", start, end


def _nest(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """A report inside another's content ends the host's content where the inner clause begins."""
    result = []
    reports = sorted((c.cue_start, position) for position, c in enumerate(candidates)
                     if c.cue_start is not None and c.via == "mention" and c.mention is not None)
    cue_starts = [cue_start for cue_start, _ in reports]
    positions = [position for _, position in reports]
    in_reading_order = positions == sorted(positions)  # as find_statements lists them: then cues are met in order
    for host in candidates:
        dropped = False
        original_end = host.end
        within = positions[bisect_right(cue_starts, host.start):bisect_left(cue_starts, host.end)]
        for inner in (candidates[position] for position in (within if in_reading_order else sorted(within))):
            if in_reading_order and inner.cue_start >= host.end:
                break  # so are all the next ones, and only a report before host.end can move it
            if inner is host:
                continue
            if not host.start < inner.cue_start < host.end or inner.priority < host.priority:
                continue
            if inner.start < host.start:
                continue
            if inner.end > host.end + 1:
                if not host.postposed:
                    continue
                _cut(text, inner, host.end)
            mention_at = inner.mention.start
            before = text[max(host.start, mention_at - 12):mention_at].lower().split()
            if before and before[-1] in ("what", "which", "as", "whom") and not (
                    len(before) > 1 and before[-2] in ("in", "during", "at")):  # "in which X said" nests
                continue
            if inner.mention.kind == "country" or (inner.mention.kind == "pronoun"
                                                    and inner.mention.head not in ("he", "she")):
                continue
            cut = min(mention_at, inner.start)
            head = text[host.start:cut].rstrip().lower()
            if head.endswith(("in which", "during which", "where", "when", "at which")) and host.postposed:
                dropped = True
            _cut(text, host, cut)
        was_cut = host.end < original_end
        if not dropped and (not was_cut or len(text[host.start:host.end].split()) >= MIN_CONTENT_WORDS or any(
                c in text[host.start:host.end] for c in "\"\u201c\u00ab")):
            result.append(host)
    return result


def _without_overlaps(items: list[_Candidate]) -> list[_Candidate]:
    """Keep non-overlapping candidates: higher priority first, then reading order.

    The spans (trimmed, so ``start <= end``) kept never overlap, so in order of
    ``(start, end)`` their ends rise too: only the last kept span starting
    before a new one can overlap it.
    """
    kept: list[tuple[int, int]] = []
    chosen: list[_Candidate] = []
    for item in sorted(items, key=lambda c: (-c.priority, c.start)):
        before = bisect_left(kept, (item.end, -1))
        if before == 0 or kept[before - 1][1] <= item.start:
            insort(kept, (item.start, item.end))
            chosen.append(item)
    return sorted(chosen, key=lambda c: c.start)


def _unit_at(units: list[Unit], unit_starts: list[int], at: int) -> Unit | None:
    """The unit holding offset ``at`` (units are in order and do not overlap)."""
    index = bisect_right(unit_starts, at) - 1
    return units[index] if index >= 0 and at < units[index].end else None


def _continuations(text: str, quotes: QuoteIndex, taken: list[_Candidate], units: list[Unit]) -> list[_Candidate]:
    """Quotations no cue claimed: a sentence-like quote continues the previous speaker.

    ``taken`` is in order of ``start``; a cue resumed by a quote (``..., he said, "...``)
    ends at most 61 characters before the whitespace in front of the quote.
    """
    found = []
    taken_starts = [c.start for c in taken]
    taken_reach = list(accumulate((c.end for c in taken), max))
    cue_ends = sorted(c.cue_end for c in taken if c.cue_end is not None)
    unit_starts = [u.start for u in units]
    for quote in quotes:
        claimed = bisect_left(taken_starts, quote.close_end)
        if not quote.double or (claimed and taken_reach[claimed - 1] > quote.open_at):
            continue
        unit = _unit_at(units, unit_starts, quote.open_at)
        if unit is None or unit.headline:
            continue
        if len(text[quote.start:quote.end].split()) < MIN_CONTINUATION_WORDS:
            continue
        before = text[unit.start:quote.open_at]
        blank = quote.open_at
        while blank > 0 and text[blank - 1].isspace():
            blank -= 1
        near = cue_ends[bisect_left(cue_ends, blank - 61):bisect_right(cue_ends, quote.open_at)]
        resumed = any(re.fullmatch(r"[^.;\"\u201c\u201d]{0,60},\s*", text[cue_end:quote.open_at]) for cue_end in near)
        if before.strip() and not resumed and not _DATELINE.fullmatch(before):
            continue
        found.append(_Candidate(quote.start, quote.end, None, None, None, via="previous", priority=1, unit=unit))
    return found


_TURN = re.compile(r"[ \t]*((?:[A-Z][\w.'\u2019-]*[ \t]+){0,4}[A-Z][\w.'\u2019-]*)[ \t]*:[ \t]+(?=\S)")
NOT_SPEAKER_LABELS = {"note", "update", "updated", "editor's note", "read more", "read also", "see also", "watch",
                      "photo", "video", "source", "sources", "correction", "related", "advertisement", "q",
                      "question", "a", "answer", "reporter", "journalist", "transcript", "date", "title", "subject",
                      "moderator", "host", "anchor", "interviewer", "presenter", "narrator"}


def _transcript_turns(text: str, paras: list[Paragraph], units: list[Unit],
                      registry: SpeakerRegistry) -> list[_Candidate]:
    """Turns of a transcript (``SPEAKER: words`` paragraphs), each the labelled speaker's statement.

    Only an article with two or more paragraphs so labelled by a person is read as
    a transcript, so a dateline (``MOSCOW: ...``) or a ``Read more:`` line is not a speaker.
    Questions (``Q:``) and reporters' turns are not statements.
    """
    turns = []
    unit_starts = [u.start for u in units]
    for para in paras:
        match = _TURN.match(text, para.start, para.end)
        if match is None or para.repeat or match.group(1).lower() in NOT_SPEAKER_LABELS:
            continue
        label_start, label_end = match.span(1)
        label = text[label_start:label_end]
        written = label.title() if label.isupper() else label  # "MS. KERR" -> "Ms. Kerr"
        tokens = [t._replace(start=t.start + label_start, end=t.end + label_start)
                  for t in tokenize(written, 0, label_end - label_start)]
        mention = parse_mention(tokens, registry)
        if mention is not None and mention.kind == "person":
            unit = _unit_at(units, unit_starts, match.end())
            turns.append(_Candidate(match.end(), para.end, None, None, None, mention, priority=4, unit=unit))
    return turns if len(turns) >= 2 else []


def _home_country(text: str, units: list[Unit], registry: SpeakerRegistry) -> str | None:
    """The country of a dateline (``BEIJING, Oct. 26 (Xinhua) --``, ``MOSCOW:``, ``MANILA -``), if the article
    has one."""
    for unit in units[:3]:
        match = re.match(r"\s*([A-Z][A-Z .'\-]{2,30})(?:[,:(]|\s+\u2014|\s+--|\s+[-\u2013]\s)", text[unit.start:unit.end])
        if match:
            found = registry.countries.lookup(match.group(1).strip().title())
            if found:
                return found[0]
    return None


def _register_people(readers: list[_UnitReader], registry: SpeakerRegistry, resolver: Resolver) -> None:
    """Note every titled person and named institution of the article, for later references."""
    for reader in readers:
        tokens = reader.tokens
        names = MentionReader(tokens, registry)
        # a title-case headline's verb is no name: "Foreign Minister Warns" is not Minister Warns
        cues = {k for k in range(len(tokens)) if tokens[k].capitalized
                and reader.lexicon.matches(tokens, k)} if reader.unit.headline else set()
        index = 0
        while index < len(tokens):
            first = tokens[index]
            found = None
            if not first.quoted and (first.capitalized or first.lower in MENTION_OPENERS) and index not in cues:
                found = _titled_mention(names, index, cues) or _described_name(names, index)
            if found is None and index == reader.body_start and not reader.unit.headline:
                found = _described_subject(names, index)
            if found is None:
                index += 1
                continue
            mention, last = found
            appositive = None
            if last + 1 < len(tokens) and tokens[last].text == ",":
                for end in range(min(len(tokens), last + 10), last + 1, -1):
                    if tokens[end - 1].text == "," or end == len(tokens):
                        candidate = names.parse(last + 1, end - (tokens[end - 1].text == ","))
                        if candidate is not None and candidate.kind == "description":
                            appositive = candidate
                            break
            subject = index == 0 or tokens[index - 1].text == ","
            resolver.resolve(mention, appositive=appositive, subject=subject)
            index = last


def _described_subject(names: MentionReader, index: int) -> tuple[Mention, int] | None:
    """``The Ruritanian president met ...``: a sentence opened by a definite description of one person of a
    country (a registry title holder, else the description), whom a later ``he`` or ``she`` may refer to."""
    tokens = names.tokens
    if tokens[index].lower != "the" or not any(t.lower in DESCRIPTION_NOUNS for t in tokens[index + 1:index + 6]):
        return None
    for last in range(min(len(tokens), index + 6), index + 1, -1):
        mention = names.parse(index, last)
        if mention is not None and mention.kind == "description" and mention.definite and mention.country \
                and mention.head in DESCRIPTION_NOUNS and mention.head != "official" \
                and not tokens[last - 1].possessive and last < len(tokens) and not tokens[last].capitalized \
                and not tokens[last].possessive and tokens[last].text not in ",(":
            return mention, last
    return None


def _described_name(names: MentionReader, index: int) -> tuple[Mention, int] | None:
    """``the Polish defence minister, Tomasz Wrona,``: the name, titled by the description before it."""
    tokens = names.tokens
    comma = next((k for k in range(index + 1, min(len(tokens), index + 9)) if tokens[k].text == ","), None)
    if comma is None:
        return None
    description = names.parse(index, comma)
    if description is None or description.kind != "description" or description.head in DOCUMENT_NOUNS:
        return None
    end = comma + 1
    while end < len(tokens) and tokens[end].capitalized and end - comma <= 5:
        end += 1
    name = names.parse(comma + 1, end)
    if name is None or name.kind != "person" or name.title:
        return None
    title = " ".join(t.text for t in tokens[index:comma])
    return replace(name, title=title, country=name.country or description.country,
                   countries=name.countries or description.countries), end


def _titled_mention(names: MentionReader, index: int,
                    cues: AbstractSet[int] = frozenset()) -> tuple[Mention, int] | None:
    """A titled person or a country's institution starting at ``index`` of the reader's tokens (never running into
    a cue in ``cues``)."""
    tokens = names.tokens
    if tokens[index].quoted:
        return None
    limit = min([len(tokens)] + [k for k in cues if k > index])
    stop = min(limit, index + 12)
    for last in range(stop, index, -1):
        if not tokens[last - 1].capitalized or (last < limit and tokens[last].capitalized):
            continue
        mention = names.parse(index, last)
        if mention is None:
            continue
        titled = any(part.kind == "person" and (part.entry is not None or any(
            w.lower() in TITLE_WORDS for w in part.title.split())) for part in mention.parts or (mention,))
        if titled or (mention.kind == "institution" and mention.country is not None):
            return mention, last
    return None


def _attribute(text: str, candidates: list[_Candidate], quotes: QuoteIndex, resolver: Resolver) -> list[Statement]:
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
        if end <= start or (statements and start < statements[-1].end):
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
    return statements


def find_statements(article: Article, registry: SpeakerRegistry, lexicon: CueLexicon | None = None) -> list[Statement]:
    """Every statement of ``article``, attributed, in reading order."""
    lexicon = lexicon or CueLexicon.default()
    text = article.text
    paras = paragraphs(text)
    quotes = QuoteIndex(find_quotes(text, paras))
    units = _units(text, paras, quotes)
    country_mentions = registry.countries.mentions(text)
    resolver = Resolver(registry, article.date, home=_home_country(text, units, registry), text=text,
                        countries=country_mentions)
    readers = [_UnitReader(text, unit, quotes, lexicon, registry, country_mentions) for unit in units]
    _register_people(readers, registry, resolver)
    candidates: list[_Candidate] = []
    marks = _Marks(text)
    breaks = _content_breaks(text, quotes)
    for reader in readers:
        found = reader.read()
        found.sort(key=lambda c: c.cue_start if c.cue_start is not None else c.start)
        _end_contents(text, found, marks)
        _end_at_breaks(found, breaks)
        _end_at_venue(text, found, quotes)
        _end_at_closing_quote(text, found, quotes)
        candidates.extend(found)
    candidates = _nest(candidates, text)
    for candidate in candidates:
        candidate.start, candidate.end = _trim(text, candidate.start, candidate.end)
    candidates = _without_overlaps([c for c in candidates if any(ch.isalnum() for ch in text[c.start:c.end])])
    candidates = _without_overlaps(candidates + _continuations(text, quotes, candidates, units)
                                   + _transcript_turns(text, paras, units, registry))
    statements = _attribute(text, _quoted_questions(text, candidates, quotes), quotes, resolver)
    return one_name_per_person(unrelayed(statements, resolver, lexicon))
