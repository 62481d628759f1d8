"""Paging of public lists: every list shows one page, so no page grows with its table."""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_of(
    request: HttpRequest, items: Sequence[Any], *, per_page: int, count: int | None = None
) -> Page:
    """The page asked for by `?page=` (the first for anything unreadable, the last when too
    far). Two queries for a queryset: the count (unless `count` is known) and the page's rows."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached property: the known number saves a COUNT query
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The query string without `page`, for links to the other pages of the same search."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
