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
from .analysis import least_confident as review
from .articles import ArticleError, iter_articles, read_articles
from .batch import ArticleFailure, ArticleResult, BatchSummary, iter_results, run_batch
from .cameo import cameo_code
from .classify import EscalationClassifier, OrdinalClassifier, StanceClassifier, StanceModel, StatementVectorizer
from .evaluate import score
from .labelling import agreement, export_template, read_labels
from .model import (ModelError, classify, default_model, label_statements, load_model, save_model, train_model,
                    training_corpus)
from .pipeline import analyze, analyze_corpus, statements_frame
from .records import Article, Speaker, Statement
from .speakers import RegistryEntry, SpeakerRegistry
from .targets import detect_target

__all__ = [
    "Article", "ArticleError", "ArticleFailure", "ArticleResult", "BatchSummary", "EscalationClassifier", "ModelError", "OrdinalClassifier", "RegistryEntry",
    "Speaker", "SpeakerRegistry", "StanceClassifier", "StanceModel", "Statement", "StatementVectorizer",
    "agreement", "analyze", "analyze_corpus", "cameo_code", "classify", "default_model", "detect_target",
    "export_template", "iter_articles", "iter_results", "label_statements", "load_model", "read_articles", "read_labels",
    "review", "run_batch", "save_model", "score", "statements_frame", "train_model", "training_corpus",
]
__version__ = "0.1.0"
