"""stance: find who said what in news articles, how it stands toward its target, and how escalatory it is.

>>> import stance
>>> for article in stance.read_articles("seeds/"):
...     statements = stance.analyze(article)
"""
from .articles import ArticleError, iter_articles, read_articles
from .pipeline import analyze, analyze_corpus, statements_frame
from .records import Article, Speaker, Statement
from .speakers import SpeakerRegistry

__all__ = [
    "Article", "ArticleError", "Speaker", "SpeakerRegistry", "Statement",
    "analyze", "analyze_corpus", "iter_articles", "read_articles", "statements_frame",
]
__version__ = "0.1.0"
