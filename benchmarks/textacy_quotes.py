"""textacy's direct-quotation extractor over a JSONL of articles: the other side of ``versus_textacy.py``.

Run by the interpreter that has spaCy, textacy and an English spaCy model
(it may be another Python than the project's; this file keeps to Python 3.8
syntax and imports nothing from ``stance``):

    PYTHON -I benchmarks/textacy_quotes.py ARTICLES.jsonl PREDICTIONS.jsonl [--model en_core_web_sm]

Each output line is ``{"id", "statements": [{"start", "end", "kind", "speaker"}]}``
(content spans as character offsets, kind ``direct``), and the last line of
standard output is a JSON object with the seconds spent (wall and CPU), not
counting the model's loading or the first, warm-up article.
"""
import argparse
import importlib
import json
import sys
import time


def extract(nlp, quotations, text):
    """The direct quotations textacy finds in ``text``, as statement dicts."""
    doc = nlp(text)
    return [{"start": content.start_char, "end": content.end_char, "kind": "direct",
             "speaker": " ".join(token.text for token in speaker)}
            for speaker, cue, content in quotations(doc)]


def main(argv=None):
    """Extract, time and write; prints the timing as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles")
    parser.add_argument("predictions")
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args(argv)
    import spacy
    import textacy
    import textacy.extract

    nlp = importlib.import_module(args.model).load() if args.model.isidentifier() else spacy.load(args.model)
    quotations = textacy.extract.direct_quotations
    with open(args.articles, encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle if line.strip()]
    extract(nlp, quotations, articles[0]["text"])  # warm-up, untimed
    wall, cpu = time.perf_counter(), time.process_time()
    rows = [{"id": article["id"], "statements": extract(nlp, quotations, article["text"])} for article in articles]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    with open(args.predictions, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    print(json.dumps({"articles": len(articles), "wall_seconds": wall, "cpu_seconds": cpu,
                      "versions": {"spacy": spacy.__version__, "textacy": textacy.__version__,
                                   "model": "{}_{} {}".format(nlp.meta.get("lang", ""), nlp.meta.get("name", ""), nlp.meta.get("version", "")),
                                   "python": sys.version.split()[0]}}))


if __name__ == "__main__":
    main()
