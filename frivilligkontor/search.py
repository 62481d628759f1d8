"""Full-text search the same way everywhere: PostgreSQL's Norwegian configuration, and
every word also as the start of a longer word.

Norwegian compounds do not split, so "skole" must find "skolelokaler" and "frivillig"
must find "frivillighetsmesse": each word becomes a prefix lexeme (`skole:*`), normalised
by the same text configuration as the documents. Lexemes are quoted by Django, so what
people type (`&|!:*()'`) can never break the query.

An app describes what to search in its querysets (`GrantScheme.objects.search(text)`)
with `weighted_vector` and `ranked_matches`; the portal search (/sok/) asks each app's
`portal.search()`.
"""

import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import Lexeme, SearchQuery, SearchRank, SearchVector
from django.db.models import F, FloatField, Q, QuerySet, Value

NORWEGIAN = "norwegian"
ENGLISH = "english"

# Words after the tenth add little and make the query slow; longer text is cut.
MAX_WORDS = 10
MAX_TEXT_LENGTH = 200

_WORD = re.compile(r"\w+")


def search_words(text: str, *, min_length: int = 1) -> list[str]:
    """The words of `text`, lower-cased, each once, at most MAX_WORDS of them."""
    words = [word for word in _WORD.findall(text.lower()) if len(word) >= min_length]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def prefix_query(
    text: str, *, config: str = NORWEGIAN, match_all: bool = True, min_length: int = 1
) -> SearchQuery | None:
    """A query in which every word of `text` matches as a prefix; all of them must match,
    or any of them with `match_all=False`. None when `text` has no words."""
    words = search_words(text, min_length=min_length)
    if not words:
        return None
    lexemes = reduce(and_ if match_all else or_, (Lexeme(word, prefix=True) for word in words))
    return SearchQuery(lexemes, config=config)


def weighted_vector(*groups: tuple[str, ...], config: str = NORWEGIAN) -> SearchVector:
    """A search vector from groups of fields, each group starting with its weight:
    `weighted_vector(("A", "name"), ("C", "purpose", "who_can_apply"))`."""
    vectors = [SearchVector(*fields, weight=weight, config=config) for weight, *fields in groups]
    return reduce(lambda left, right: left + right, vectors)


def ranked_matches(
    queryset: QuerySet,
    text: str,
    *,
    vector: SearchVector | str,
    containing: tuple[str, ...] = (),
    rank_vector: SearchVector | str | None = None,
    config: str = NORWEGIAN,
) -> QuerySet:
    """The rows of `queryset` that match `text`, annotated with `rank` (not ordered).

    A row matches when `vector` (an expression, or the name of a stored vector field)
    matches every word as a prefix, or when one of the `containing` fields contains the
    text as typed (names and codes that the dictionary does not know). Matching runs in
    a subquery, so a vector that reaches into related rows (a venue's rooms) never
    repeats a row; rank such querysets by a `rank_vector` of the row's own fields."""
    text = text.strip()[:MAX_TEXT_LENGTH]
    query = prefix_query(text, config=config)
    condition = Q()
    if text:
        for field in containing:
            condition |= Q(**{f"{field}__icontains": text})
    if query is None and not condition:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    matches = queryset
    if query is not None:
        if isinstance(vector, str):
            condition |= Q(**{vector: query})
        else:
            matches = matches.annotate(search_vector_match=vector)
            condition |= Q(search_vector_match=query)
    rank_by = rank_vector if rank_vector is not None else vector
    rank = (
        SearchRank(F(rank_by) if isinstance(rank_by, str) else rank_by, query)
        if query is not None
        else Value(0.0, output_field=FloatField())
    )
    return queryset.filter(pk__in=matches.filter(condition).values("pk")).annotate(rank=rank)
