"""benchmarks/word_vectors.py: the static word-vector features it measures (on a small constructed vector set)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="module")
def word_vectors():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "word_vectors.py"
    spec = importlib.util.spec_from_file_location("word_vectors_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "words.txt").write_text("condemn\nattack\nwelcome\nagreement\n", encoding="utf-8")
    np.save(tmp_path / "vectors.npy", np.array([[1, 0, 0], [0, 3, 0], [0, 0, 1], [0, 0, 2]], dtype=np.float16))
    np.save(tmp_path / "clusters.npy", np.array([0, 1, 2, 2], dtype=np.int16))
    return tmp_path


def _features(word_vectors, folder: Path, text: str, vector_weight=2.0, cluster_weight=1.0) -> dict[str, float]:
    hooked = word_vectors.vector_hook(folder, vector_weight, cluster_weight)
    vectorizer = hooked(min_df=1).fit(["We condemn the attack.", "We welcome the agreement."])
    (prepared,) = vectorizer.prepare([text])
    return {k: v for k, v in prepared.features.items() if k.startswith(("vec:", "wc:"))}


def test_mean_vector_of_known_content_words_has_the_weight_as_length(word_vectors, folder: Path) -> None:
    features = _features(word_vectors, folder, "We condemn the attack and condemn it again.")
    mean = np.array([1 + 0 + 1, 3, 0]) / 3  # condemn, attack, condemn; "we", "the", "and", "it" are stop words
    assert [features[f"vec:{i}"] for i in range(3)] == pytest.approx(list(2.0 * mean / np.linalg.norm(mean)))
    assert {k: v for k, v in features.items() if k.startswith("wc:")} == pytest.approx(
        {"wc:0": 2 ** -0.5, "wc:1": 2 ** -0.5})


def test_one_cluster_feature_for_words_of_one_cluster(word_vectors, folder: Path) -> None:
    features = _features(word_vectors, folder, "They welcome the agreement.", vector_weight=0.0)
    assert features == {"wc:2": 1.0}


def test_unknown_words_add_no_features(word_vectors, folder: Path) -> None:
    assert _features(word_vectors, folder, "The weather is mild today.") == {}
