"""How the core asks the apps for what it shows, without importing them.

Each app may have a module `<app>/portal.py` with any of these functions:

- ``search(query: str, *, limit: int) -> list[SearchHit]``: hits for the portal search (/sok/).
- ``upcoming(*, limit: int) -> list[UpcomingItem]``: what is coming up, for the front page.
- ``figures(*, start: date, end: date) -> list[Figure]``: numbers for the office's evaluation.

The core imports them by name through Django's app registry, so dependencies keep
running one way (apps use the core; the core imports no app).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import import_module
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    kind: str  # translated name of the kind of page ("Grant scheme", "Venue", …)
    summary: str = ""
    rank: float = 0.0


@dataclass(frozen=True)
class UpcomingItem:
    title: str
    url: str
    kind: str
    when: date | datetime
    detail: str = ""


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | float | str
    app: str = ""
    breakdown: dict[str, Any] = field(default_factory=dict)


def _app_functions(name: str) -> Iterator[Callable[..., Any]]:
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.portal")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.portal":
                raise
            continue
        function = getattr(module, name, None)
        if function is not None and module.__name__ != __name__:
            yield function


def search(query: str, *, limit: int = 20) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for function in _app_functions("search"):
        hits.extend(function(query, limit=limit))
    return sorted(hits, key=lambda hit: hit.rank, reverse=True)


def upcoming(*, limit: int = 6) -> list[UpcomingItem]:
    items: list[UpcomingItem] = []
    for function in _app_functions("upcoming"):
        items.extend(function(limit=limit))

    def sort_key(item: UpcomingItem) -> date:
        return item.when.date() if isinstance(item.when, datetime) else item.when

    return sorted(items, key=sort_key)[:limit]


def figures(*, start: date, end: date) -> list[Figure]:
    result: list[Figure] = []
    for function in _app_functions("figures"):
        result.extend(function(start=start, end=end))
    return result
