"""Full-text search over guidance articles (never over enquiries: they are private).

PostgreSQL's "norwegian" configuration for the Norwegian text and "english" for the
English text, with prefix matching on every word, because Norwegian compounds do not
split ("skole" finds "skolelokaler").
"""

from django.contrib.postgres.search import SearchRank
from django.db.models import F, Q

from frivilligkontor.search import ENGLISH, NORWEGIAN, prefix_query
from henvendelser.models import GuidanceArticle, GuidanceArticleQuerySet


def search_articles(
    text: str, *, topic: str = "", match_all: bool = True, min_length: int = 1
) -> GuidanceArticleQuerySet:
    """Published articles matching `text`, best first. With match_all=False any word may
    match (for suggestions from a long message)."""
    articles = GuidanceArticle.objects.published().on_topic(topic)
    query_nb = prefix_query(text, config=NORWEGIAN, match_all=match_all, min_length=min_length)
    query_en = prefix_query(text, config=ENGLISH, match_all=match_all, min_length=min_length)
    if query_nb is None or query_en is None:
        return articles.none()
    # The stored, GIN-indexed vectors (GuidanceArticle.search_nb / search_en).
    return (
        articles.filter(Q(search_nb=query_nb) | Q(search_en=query_en))
        .annotate(rank=SearchRank(F("search_nb"), query_nb) + SearchRank(F("search_en"), query_en))
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
