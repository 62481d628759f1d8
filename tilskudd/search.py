"""Full-text search in grant schemes: PostgreSQL's Norwegian configuration plus prefixes.

Norwegian compounds do not split ("frivillighetsmidler"), so every word also matches as
the start of a longer word: "frivillig" finds "frivillighetsmidler".
"""

import re
from functools import reduce
from operator import and_

from django.contrib.postgres.search import Lexeme, SearchQuery, SearchVector

WORD = re.compile(r"\w+", re.UNICODE)
SEARCH_CONFIG = "norwegian"


def search_query(text: str) -> SearchQuery:
    words = WORD.findall(text.lower())[:10] or [text.strip() or "-"]
    lexemes = reduce(and_, (Lexeme(word, prefix=True) for word in words))
    return SearchQuery(lexemes, config=SEARCH_CONFIG)


def scheme_search_vector() -> SearchVector:
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("purpose", "who_can_apply", weight="C", config=SEARCH_CONFIG)
    )
