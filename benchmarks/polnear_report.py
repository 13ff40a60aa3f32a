"""Recall of extraction on the PolNeAR dev split, by kind and by the way each attribution is reported.

PolNeAR (``../shared/gold/polnear-dev``) annotates every attribution relation,
which is wider than the annotation guide: beliefs (``thinks``, ``believes``),
endorsements (``backs``, ``endorsed``) and reported facts count there. Its gold
has no cue field, so each gold item is sorted here by the words of its own
sentence *outside* the gold span, read with the project's own cue lexicon
(``stance/data/cues.tsv``):

- ``speech``: an ordinary reporting verb of the lexicon (``said``, ``told``,
  ``vowed``, ``is demanding``, ``according to``) stands within eight words of
  the span, in its sentence: the guide's scope, and issue 10's *speech-verb subset*;
- ``belief`` / ``endorsement``: no lexicon cue, but a verb of thinking or of
  backing does: PolNeAR's scope, not the guide's (counted, not dropped);
- ``other``: neither (headlines, nouns, cues in another sentence).

Spans are paired with gold exactly as ``../shared/eval/score.py`` pairs them
(IoU >= 0.5 of the trimmed spans). No article text is printed.

    python3 benchmarks/polnear_report.py                 # runs extraction
    python3 benchmarks/polnear_report.py --pred P.jsonl  # scores saved predictions
    python3 benchmarks/polnear_report.py --misses 20     # also lists missed speech-verb items (local use)
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stance.cues import CueLexicon, tokenize  # noqa: E402
from stance.segment import paragraphs, sentences  # noqa: E402

SHARED = ROOT.parent / "shared"
NEAR = 8  # words either side of a gold span read for its cue
BELIEF_WORDS = set("""think thinks thought thinking believe believes believed believing feel feels felt
    hope hopes hoped hoping expect expects expected fear fears feared worry worries worried know knows knew
    suspect suspects suspected doubt doubts doubted consider considers considered want wants wanted
    view views viewed see sees saw understand understands understood agree agrees agreed""".split())
ENDORSEMENT_WORDS = set("""endorse endorses endorsed endorsing endorsement back backs backed backing support
    supports supported supporting praise praises praised praising""".split())


def load_score_module():
    """The shared scorer (``../shared/eval/score.py``), imported from its file."""
    path = SHARED / "eval" / "score.py"
    if not path.is_file():
        sys.exit(f"{path}: the shared scorer is missing")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Every sentence of the text, paragraph by paragraph, as offsets."""
    return [span for para in paragraphs(text) for span in sentences(text, para.start, para.end)]


def reporting_style(text: str, spans: list[tuple[int, int]], start: int, end: int, lexicon: CueLexicon) -> str:
    """``speech``, ``belief``, ``endorsement`` or ``other`` for the gold span ``[start, end)``.

    ``speech`` needs a verb cue of the lexicon (any frame but ``noun``, in lower case unless it opens
    the words read) among the ``NEAR`` words just before the span or just after it, in the sentences
    the span touches.
    """
    touched = [(s, e) for s, e in spans if s < max(end, start + 1) and e > start]
    before = [t for s, e in touched if s < start for t in tokenize(text, s, min(e, start))][-NEAR:]
    after = [t for s, e in touched if e > end for t in tokenize(text, max(s, end), e)][:NEAR]
    for words in (before, after):
        if any(m.entry.frame != "noun" for k in range(len(words)) if not words[k].capitalized or k == 0
               for m in lexicon.matches(words, k)):  # "United States" is no "states"
            return "speech"
    lows = {t.lower for t in before + after}
    if lows & BELIEF_WORDS:
        return "belief"
    if lows & ENDORSEMENT_WORDS:
        return "endorsement"
    return "other"


def predictions(gold_dir: Path, pred: Path | None) -> dict:
    """Predicted statements per article id: read from ``pred`` or found now by ``stance.analyze``."""
    if pred is not None:
        return {d["id"]: d for d in map(json.loads, pred.read_text(encoding="utf-8").splitlines()) if d}
    import stance
    return {a.id: {"statements": [s.to_dict() for s in stance.analyze(a, label=False)]}
            for a in stance.read_articles(gold_dir)}


def report(gold_dir: Path, pred: Path | None, misses: int) -> dict:
    """The figures (and, with ``misses``, that many missed speech-verb items printed to stderr)."""
    score = load_score_module()
    gold_docs = score.load(gold_dir)
    pred_docs = predictions(gold_dir, pred)
    lexicon = CueLexicon.default()
    total, found = Counter(), Counter()
    n_pred = n_tp = 0
    missed = []
    for doc_id, doc in sorted(gold_docs.items()):
        text = doc["text"]
        spans = sentence_spans(text)
        preds = pred_docs.get(doc_id, {}).get("statements", [])
        n_pred += len(preds)
        paired = {id(g) for g, _ in score.pair(text, doc["statements"], preds)}
        n_tp += len(paired)
        for item in doc["statements"]:
            style = reporting_style(text, spans, item["start"], item["end"], lexicon)
            hit = id(item) in paired
            for key in (("all", item["kind"]), ("all", "*"), (style, item["kind"]), (style, "*")):
                total[key] += 1
                found[key] += hit
            if style == "speech" and not hit:
                missed.append((doc_id, item))
    n_gold = total[("all", "*")]
    precision, recall = n_tp / n_pred if n_pred else 0.0, n_tp / n_gold if n_gold else 0.0
    figures = {
        "gold": n_gold, "predicted": n_pred, "precision": round(precision, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "recall": {f"{style}/{kind}": {"gold": total[(style, kind)],
                                       "recall": round(found[(style, kind)] / total[(style, kind)], 3)}
                   for style, kind in sorted(total)},
    }
    for doc_id, item in missed[:misses]:
        text = gold_docs[doc_id]["text"]
        around = text[max(0, item["start"] - 150):item["end"] + 80].replace("\n", " | ")
        print(f"MISS {doc_id} [{item['kind']}] speaker={item['speaker']!r}\n   ...{around}...\n   GOLD: "
              f"{text[item['start']:item['end']][:200]!r}", file=sys.stderr)
    return figures


def main() -> None:
    """Print the figures as a table (or JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "polnear-dev")
    parser.add_argument("--pred", type=Path, help="saved predictions (JSONL); default: run extraction now")
    parser.add_argument("--misses", type=int, default=0, help="print this many missed speech-verb items")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.gold.is_dir():
        sys.exit(f"{args.gold}: no such gold folder (the PolNeAR dev split lives in ../shared/gold)")
    figures = report(args.gold, args.pred, args.misses)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"PolNeAR dev: {figures['gold']} gold, {figures['predicted']} predicted; detection "
          f"P {figures['precision']:.3f} R {figures['recall']['all/*']['recall']:.3f} F1 {figures['f1']:.3f}")
    print(f"{'style/kind':<22}{'gold':>6}{'recall':>8}")
    for key, row in figures["recall"].items():
        print(f"{key:<22}{row['gold']:>6}{row['recall']:>8.3f}")


if __name__ == "__main__":
    main()
