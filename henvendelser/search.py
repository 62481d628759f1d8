"""Full-text search over guidance articles (never over enquiries: they are private).

PostgreSQL's "norwegian" configuration for the Norwegian text and "english" for the
English text, with prefix matching on every word, because Norwegian compounds do not
split ("skole" finds "skolelokaler").
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Q

from henvendelser.models import GuidanceArticle, GuidanceArticleQuerySet

MAX_WORDS = 10


def _words(text: str, *, min_length: int) -> list[str]:
    words = [word for word in re.findall(r"\w+", text.lower()) if len(word) >= min_length]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def search_articles(
    text: str, *, topic: str = "", match_all: bool = True, min_length: int = 1
) -> GuidanceArticleQuerySet:
    """Published articles matching `text`, best first. With match_all=False any word may
    match (for suggestions from a long message)."""
    articles = GuidanceArticle.objects.published().on_topic(topic)
    words = _words(text, min_length=min_length)
    if not words:
        return articles.none()
    operator = " & " if match_all else " | "
    raw = operator.join(f"{word}:*" for word in words)
    query_nb = SearchQuery(raw, search_type="raw", config="norwegian")
    query_en = SearchQuery(raw, search_type="raw", config="english")
    vector_nb = (
        SearchVector("title_nb", weight="A", config="norwegian")
        + SearchVector("summary_nb", weight="B", config="norwegian")
        + SearchVector("body_nb", weight="C", config="norwegian")
    )
    vector_en = (
        SearchVector("title_en", weight="A", config="english")
        + SearchVector("summary_en", weight="B", config="english")
        + SearchVector("body_en", weight="C", config="english")
    )
    return (
        articles.annotate(vector_nb=vector_nb, vector_en=vector_en)
        .filter(Q(vector_nb=query_nb) | Q(vector_en=query_en))
        .annotate(rank=SearchRank(F("vector_nb"), query_nb) + SearchRank(F("vector_en"), query_en))
        .order_by("-rank", "title_nb")
    )


def suggestions(*, topic: str, text: str, limit: int = 5) -> list[GuidanceArticle]:
    """Articles to suggest while someone writes an enquiry: by their words, else by topic."""
    found: list[GuidanceArticle] = []
    if text.strip():
        found = list(search_articles(text, topic=topic, match_all=False, min_length=4)[:limit])
        if not found and topic:
            found = list(search_articles(text, match_all=False, min_length=4)[:limit])
    if not found and topic:
        found = list(
            GuidanceArticle.objects.published().on_topic(topic).order_by("title_nb")[:limit]
        )
    return found
