"""How the core asks the apps for what it shows, without importing them.

Each app may have a module `<app>/portal.py` with any of these functions:

- ``search(query: str, *, limit: int) -> list[SearchHit]``: hits for the portal search (/sok/).
- ``upcoming(*, limit: int) -> list[UpcomingItem]``: what is coming up, for the front page.
- ``feeds() -> list[Feed]``: calendar files and other feeds, for the open-data page.
- ``statistics(*, period: Period) -> list[Section]``: figures for the Statistics page
  (see frivilligkontor.statistics).
- ``staff_shortcuts(user) -> list[Shortcut]``: links at the top of the admin's index for
  this staff member (a unit's week calendar, …).

The core finds them through `frivilligkontor.discovery.app_modules`, so dependencies keep
running one way (apps use the core; the core imports no app).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from frivilligkontor import shared_cache
from frivilligkontor.discovery import app_modules


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
class Shortcut:
    title: str
    url: str


@dataclass(frozen=True)
class Feed:
    title: str
    url: str
    format: str  # "iCal", "JSON"
    description: str = ""


def _app_functions(name: str) -> Iterator[Callable[..., Any]]:
    for _config, module in app_modules("portal", include_core=False):
        function = getattr(module, name, None)
        if function is not None:
            yield function


def search(query: str, *, limit: int = 20) -> list[SearchHit]:
    """Hits from every app, best first; the same for everyone who searches for the same
    words, so kept in the shared cache until what the apps search changes."""

    def build() -> list[SearchHit]:
        hits: list[SearchHit] = []
        for function in _app_functions("search"):
            hits.extend(function(query, limit=limit))
        return sorted(hits, key=lambda hit: hit.rank, reverse=True)

    return shared_cache.for_everyone(
        "search", build, depends_on=_portal_dependencies(), vary=(query, limit)
    )


def upcoming(*, limit: int = 6) -> list[UpcomingItem]:
    """What is coming up, from every app: the same for every visitor, so kept in the shared
    cache until a model an app names in its `PORTAL_DEPENDS_ON` changes (or a minute has
    passed, for what the clock alone changes)."""

    def build() -> list[UpcomingItem]:
        items: list[UpcomingItem] = []
        for function in _app_functions("upcoming"):
            items.extend(function(limit=limit))

        def sort_key(item: UpcomingItem) -> date:
            return item.when.date() if isinstance(item.when, datetime) else item.when

        return sorted(items, key=sort_key)[:limit]

    return shared_cache.for_everyone(
        "upcoming", build, depends_on=_portal_dependencies(), vary=(limit,)
    )


def _portal_dependencies() -> list[str]:
    """The models ("app.model") the apps' search() and upcoming() read, as each app's
    portal module declares them in PORTAL_DEPENDS_ON."""
    return [
        label
        for _config, module in app_modules("portal", include_core=False)
        for label in getattr(module, "PORTAL_DEPENDS_ON", ())
    ]


def watch_portal_data() -> None:
    """At start-up: a change to what search and "coming up" read makes them stale, and so
    does a change to what the apps' cached public pages show (each app's views module
    declares CACHED_PAGES_DEPEND_ON), whichever process makes it (web, worker, admin)."""
    shared_cache.watch(*_portal_dependencies())
    shared_cache.watch(
        *(
            label
            for _config, module in app_modules("views", include_core=False)
            for label in getattr(module, "CACHED_PAGES_DEPEND_ON", ())
        )
    )


def feeds() -> list[Feed]:
    result: list[Feed] = []
    for function in _app_functions("feeds"):
        result.extend(function())
    return result


def staff_shortcuts(user: Any) -> list[Shortcut]:
    shortcuts: list[Shortcut] = []
    for function in _app_functions("staff_shortcuts"):
        shortcuts.extend(function(user))
    return shortcuts
