"""Generate a benchmark corpus of constructed news articles (fictional or generic speakers only).

Every article is about ``--chars`` characters (3,000 by default) of
constructed text: narration, direct quotes in straight, curly and guillemet
marks, quotes running over two sentences, indirect speech ("X said that
..."), "according to X" and headline attributions. Each JSON object says it
is constructed (``"note"``). Deterministic for a given seed.

    python3 benchmarks/corpus.py OUT.jsonl --articles 10000
    python3 benchmarks/corpus.py OUT_DIR --articles 500 --files
"""
from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

NOTE = "constructed benchmark text; fictional or generic speakers; not a real news report"
COUNTRIES = [("Norvania", "Norvanian"), ("Veloria", "Velorian"), ("Castrania", "Castranian"),
             ("Dalmoria", "Dalmorian"), ("Estovia", "Estovian"), ("Gravenland", "Gravenlandic")]
PEOPLE = [("Foreign Minister", "Ilsa Aldren"), ("Prime Minister", "Tomas Krell"), ("Defence Minister", "Mara Voss"),
          ("President", "Edvin Halloran"), ("Ambassador", "Petra Lindqvar"), ("spokesperson", "Oren Castel")]
INSTITUTIONS = ["foreign ministry", "defence ministry", "presidential office", "interior ministry", "embassy"]
GENERIC = ["the Russian foreign ministry", "a State Department spokesperson", "the Chinese foreign ministry",
           "EU officials", "a NATO spokesperson", "the Ukrainian defence ministry"]
CUES = ["said", "told reporters", "stated", "warned", "added", "insisted", "declared", "noted"]
THAT_CUES = ["said that", "warned that", "claimed that", "stressed that", "denied that", "announced that"]
CONTENT = [
    "the talks on the border crossings must continue next week",
    "any violation of its airspace would be met with a firm response",
    "the new sanctions were unjustified and would harm ordinary people",
    "its troops had no intention of crossing the river",
    "the drills near the coast were purely defensive in nature",
    "the grain corridor should be reopened without delay",
    "the envoy had been summoned over the remarks made at the summit",
    "it remained ready to negotiate a lasting ceasefire",
    "the shelling of the port was a grave provocation",
    "the humanitarian convoy had reached the besieged town",
    "both sides should exercise restraint and avoid escalation",
    "the allegations were baseless and politically motivated",
    "it would continue to provide air defence systems to its partners",
    "the incident would be investigated by an independent commission",
]
NARRATION = [
    "The meeting took place behind closed doors in the capital.",
    "Tensions in the region have risen sharply since the spring.",
    "The two delegations met for nearly four hours on Tuesday.",
    "Satellite images published last week showed new positions along the frontier.",
    "Trade between the two countries has fallen by a third this year.",
    "The summit is expected to resume after the holiday.",
    "Several ships were seen leaving the harbour early in the morning.",
    "The parliament is due to vote on the budget in the autumn.",
]
MARKS = [('"', '"'), ("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ("\u2018", "\u2019")]


def _speaker(rng: random.Random) -> str:
    country, adjective = rng.choice(COUNTRIES)
    roll = rng.random()
    if roll < 0.45:
        title, name = rng.choice(PEOPLE)
        return f"{adjective} {title} {name}" if rng.random() < 0.5 else f"{title} {name} of {country}"
    if roll < 0.8:
        return f"the {adjective} {rng.choice(INSTITUTIONS)}"
    return rng.choice(GENERIC)


def _quote(rng: random.Random, sentences: int = 1) -> str:
    parts = []
    for _ in range(sentences):
        content = rng.choice(CONTENT)
        parts.append(content[0].upper() + content[1:] + ".")
    return " ".join(parts)


def _sentence(rng: random.Random) -> str:
    speaker = _speaker(rng)
    opening, closing = rng.choice(MARKS)
    kind = rng.randrange(6)
    if kind == 0:
        quote = _quote(rng)
        return f"{opening}{quote[:-1]},{closing} {speaker} {rng.choice(CUES)}."
    if kind == 1:
        return f"{speaker[0].upper() + speaker[1:]} {rng.choice(CUES)}: {opening}{_quote(rng, 2)}{closing}"
    if kind == 2:
        return f"{speaker[0].upper() + speaker[1:]} {rng.choice(THAT_CUES)} {rng.choice(CONTENT)}."
    if kind == 3:
        content = rng.choice(CONTENT)
        return f"According to {speaker}, {content}."
    if kind == 4:
        fragment = rng.choice(["a dangerous escalation", "unacceptable", "a step toward peace", "provocative"])
        return f"{speaker[0].upper() + speaker[1:]} called the move {opening}{fragment}{closing} and said {rng.choice(CONTENT)}."
    return rng.choice(NARRATION)


def make_article(index: int, *, chars: int = 3000, seed: int = 0) -> dict[str, str]:
    """One constructed article (a JSON object in the annotation guide's format, without statements)."""
    rng = random.Random(seed * 1_000_003 + index)
    country, adjective = rng.choice(COUNTRIES)
    title = f"{country} {rng.choice(['warns', 'rejects', 'welcomes', 'responds to'])} {rng.choice(['neighbour', 'sanctions', 'proposal', 'drills'])} - {rng.choice(PEOPLE)[1]}"
    paragraphs: list[str] = []
    length = 0
    while length < chars:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    text = "\n\n".join(paragraphs)[:chars]
    text = text[: text.rfind(".") + 1] if "." in text[chars // 2:] else text
    day = date(2031, 1, 1) + timedelta(days=rng.randrange(365))
    return {"id": f"bench-{seed}-{index:07d}", "title": title, "date": day.isoformat(),
            "source": "Constructed benchmark corpus", "note": NOTE, "text": text}


def articles(count: int, *, chars: int = 3000, seed: int = 0) -> Iterator[dict[str, str]]:
    """``count`` constructed articles, generated lazily."""
    for index in range(count):
        yield make_article(index, chars=chars, seed=seed)


def write_jsonl(path: str | Path, count: int, *, chars: int = 3000, seed: int = 0) -> Path:
    """Write ``count`` articles as one JSONL corpus (streamed: memory does not grow with ``count``)."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as out:
        for article in articles(count, chars=chars, seed=seed):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def write_files(folder: str | Path, count: int, *, chars: int = 3000, seed: int = 0) -> Path:
    """Write ``count`` articles as one ``.json`` file each in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles(count, chars=chars, seed=seed):
        (folder / f"{article['id']}.json").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    return folder


def main() -> None:
    """Command line: write a corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", help="a .jsonl file, or a folder with --files")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--files", action="store_true", help="one .json file per article")
    args = parser.parse_args()
    write = write_files if args.files else write_jsonl
    print(write(args.output, args.articles, chars=args.chars, seed=args.seed))


if __name__ == "__main__":
    main()
