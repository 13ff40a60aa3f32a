"""stance: find who said what in news articles, how it stands toward its target and how escalatory it is.

>>> import stance
>>> for article in stance.read_articles("seeds/"):
...     for statement in stance.analyze(article):
...         print(statement.speaker, statement.stance, statement.escalation, statement.text)

The stages live in their own modules: :mod:`stance.articles` (reading),
:mod:`stance.statements` (finding and attributing statements),
:mod:`stance.classify` and :mod:`stance.model` (stance, escalation, target
and act), :mod:`stance.analysis` and :mod:`stance.plots` (change over time),
:mod:`stance.report` (PDF reports), :mod:`stance.batch` and
:mod:`stance.dask` (large corpora).
"""
import sys
from importlib import import_module
from types import ModuleType
from typing import Any

# Each public name and the module it lives in; the module is imported on first use (``import stance`` is quick,
# so that ``python -m stance`` can catch an interrupt during start-up).
_HOMES = {
    "analysis": ["review"],
    "articles": ["ArticleError", "iter_articles", "read_articles"],
    "batch": ["ArticleFailure", "ArticleResult", "BatchSummary", "iter_results", "run_batch"],
    "cameo": ["cameo_code"],
    "classify": ["EscalationClassifier", "OrdinalClassifier", "StanceClassifier", "StanceModel", "StatementVectorizer"],
    "evaluate": ["score"],
    "labelling": ["agreement", "export_template", "read_labels"],
    "model": ["ModelError", "classify", "default_model", "label_articles", "label_statements", "load_model", "save_model",
              "train_model", "training_corpus"],
    "pipeline": ["analyze", "analyze_corpus", "statements_frame"],
    "records": ["Article", "Speaker", "Statement"],
    "speakers": ["RegistryEntry", "SpeakerRegistry"],
    "targets": ["detect_target"],
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import a public name's module the first time the name is used."""
    if name not in _HOME_OF:
        raise AttributeError(f"module 'stance' has no attribute {name!r}")
    value = getattr(import_module(f".{_HOME_OF[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME_OF))


class _Package(ModuleType):
    """The package object: a public name (the function ``classify``) is never replaced by the submodule of that name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if not (name in _HOME_OF and isinstance(value, ModuleType)):
            super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "Article", "ArticleError", "ArticleFailure", "ArticleResult", "BatchSummary", "EscalationClassifier", "ModelError", "OrdinalClassifier", "RegistryEntry",
    "Speaker", "SpeakerRegistry", "StanceClassifier", "StanceModel", "Statement", "StatementVectorizer",
    "agreement", "analyze", "analyze_corpus", "cameo_code", "classify", "default_model", "detect_target",
    "export_template", "iter_articles", "iter_results", "label_articles", "label_statements", "load_model", "read_articles", "read_labels",
    "review", "run_batch", "save_model", "score", "statements_frame", "train_model", "training_corpus",
]
__version__ = "0.1.0"
