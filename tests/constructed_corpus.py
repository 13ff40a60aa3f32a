"""Small constructed corpora for the batch, Dask and bad-input tests (fictional speakers and states)."""
from __future__ import annotations

import json
from pathlib import Path

COUNTRIES = ["Norvania", "Veloria", "Castrania", "Dalmoria", "Estovia"]


def constructed_text(number: int) -> str:
    """A short constructed article (fictional speakers) that varies with ``number``."""
    country = COUNTRIES[number % len(COUNTRIES)]
    other = COUNTRIES[(number + 2) % len(COUNTRIES)]
    return (
        f"{country} rejects talks offer - Minister Aldren\n\n"
        f"Foreign Minister Ilsa Aldren of {country} said on Monday that the talks with {other} "
        f"would not resume before round {number}.\n\n"
        f"\u201cWe will not negotiate under pressure,\u201d Aldren told reporters. "
        f"The {other}n foreign ministry accused {country} of stalling, according to a statement.\n"
    )


def write_corpus(folder: Path, count: int, *, jsonl_lines: int = 0) -> Path:
    """``count`` .txt articles, then (optionally) one JSONL file with ``jsonl_lines`` more."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"a{number:03d}.txt").write_text(f"Date: 2031-03-{number % 28 + 1:02d}\n" + constructed_text(number),
                                                   encoding="utf-8")
    if jsonl_lines:
        with (folder / "z.jsonl").open("w", encoding="utf-8") as out:
            for number in range(count, count + jsonl_lines):
                out.write(json.dumps({"id": f"line-{number}", "text": constructed_text(number)}) + "\n")
    return folder


# Hostile texts for the linear-time checks: each piece is repeated (``#`` becomes its number,
# so that paragraphs are not dropped as repeats) until the text has the size asked for.
HOSTILE_PIECES = {
    "quote and cue": '"We will respond," he said. ',
    "unclosed quote per paragraph": 'He said "we will respond #.\n\n',
    "unclosed quotes in one paragraph": 'He said "we will respond. ',
    "quote closed only at the end": '"We will respond, he said. ',
    "transcript turns": "MINISTER ALDREN: We will respond to Veloria #.\n\n",
    "country names": "The United States and the United Kingdom said ",
    "nested reports in one sentence": "Aldren said that the minister said that ",
    "quotes opened in one sentence": 'Aldren said that "Voss said that ',
}


def hostile_text(pattern: str, size: int) -> str:
    """A title and ``HOSTILE_PIECES[pattern]`` repeated to about ``size`` characters."""
    piece = HOSTILE_PIECES[pattern]
    return "Hostile text\n\n" + "".join(piece.replace("#", str(k)) for k in range(size // len(piece)))
