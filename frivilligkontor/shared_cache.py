"""What is the same for every visitor, built once and kept in the shared cache.

`for_everyone(name, build, depends_on=…)` returns what `build()` returned, from the shared
(database) cache when nothing it depends on has changed since, else builds it again. It is
for data and HTML that never holds one visitor's data, a CSRF token or a CSP nonce: the
front page's "coming up", a filter form rendered for a given query string.

Invalidation: every model of a watched label ("app" or "app.Model") bumps a version when
a row is saved or deleted (signals, including many-to-many changes). Labels are watched
from start-up in every process (web, worker, commands) through `watch()`, called when the
apps are ready (see `frivilligkontor.portal.watch_upcoming`), so a change made by a process
that never built the value still makes it stale. The versions are
read with the value in one cache query; a value stored under other versions is rebuilt. The
bump is written through the same database connection, so it commits or rolls back with the
change. Writes that bypass signals (`QuerySet.update`, `bulk_create`) call `changed(label)`
themselves; `timeout` bounds anything else (and what changes with the clock alone, such as
a deadline that has passed).

`results_for_everyone(request, name, template, build_context, depends_on=…)` keeps the
results of a public list page (a template partial: heading, items, page links) as HTML per
path, query string and language, so a page served again does no query for its rows and
renders nothing but its frame.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_VERSION = "shared-cache-version:"


def _cache():  # noqa: ANN202 — the "shared" alias of settings.CACHES
    return caches["shared"]


_WATCHED: set[str] = set()


def watch(*labels: str) -> None:
    _WATCHED.update(label.lower() for label in labels)


def changed(label: str) -> None:
    """Everything cached that depends on `label` ("app" or "app.Model") is stale now."""
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the change intact
            _cache().set(_VERSION + label.lower(), uuid.uuid4().hex, None)
    except DatabaseError:
        # No cache table yet (the first `migrate` of a new database): nothing is cached.
        pass


def for_everyone[T](
    name: str,
    build: Callable[[], T],
    *,
    depends_on: Iterable[str],
    vary: Iterable[Any] = (),
    timeout: int = 60,
) -> T:
    """`build()`, cached per language and `vary` until a row of `depends_on` changes."""
    if not settings.SHARED_CACHE_ENABLED:
        return build()
    labels = sorted({label.lower() for label in depends_on})
    _WATCHED.update(labels)
    variant = hashlib.sha256(repr((get_language(), *vary)).encode()).hexdigest()[:24]
    key = f"shared-cache:{name}:{variant}"
    version_keys = [_VERSION + label for label in labels]
    shared = _cache()
    found = shared.get_many([key, *version_keys])
    missing = {
        version_key: uuid.uuid4().hex for version_key in version_keys if version_key not in found
    }
    if missing:
        # Never cached, or culled: a new version, so nothing stored before can match it.
        shared.set_many(missing, None)
        found.update(missing)
    versions = tuple(found[version_key] for version_key in version_keys)
    stored = found.get(key)
    if stored is not None and stored[0] == versions:
        return stored[1]
    value = build()
    shared.set(key, (versions, value), timeout)
    return value


def results_for_everyone(
    request: HttpRequest,
    name: str,
    template_name: str,
    build_context: Callable[[], dict[str, Any]],
    *,
    depends_on: Iterable[str],
    vary: Iterable[Any] = (),
    timeout: int = 60,
) -> SafeString:
    """`template_name` (a partial, "app/page.html#results") rendered with `build_context()`,
    kept per path, query string, language and `vary` until a row of `depends_on` changes.

    The partial is rendered with the request, as the page would render it, and is refused
    (an error) if it holds the response's CSRF token or CSP nonce: it is served to everyone.
    What it shows must be the same for every visitor who asks the same address."""

    def build() -> SafeString:
        html = render_to_string(template_name, build_context(), request=request)
        refuse_secrets(html, request, name)
        return mark_safe(html)  # noqa: S308 — the template's own, escaped output

    return for_everyone(
        f"results:{name}",
        build,
        depends_on=depends_on,
        vary=[request.path, request.GET.urlencode(), *vary],
        timeout=timeout,
    )


def refuse_secrets(html: str, request: HttpRequest | None, name: str) -> None:
    """An error if `html` holds a CSRF field or the request's CSP nonce."""
    from django.core.exceptions import ImproperlyConfigured
    from django.utils.functional import empty

    # The nonce is made when first used: a piece that used it has made it.
    lazy = getattr(request, "_csp_nonce", None)
    nonce = "" if getattr(lazy, "_wrapped", empty) is empty else str(lazy)
    if "csrfmiddlewaretoken" in html or (nonce and nonce in html):
        raise ImproperlyConfigured(
            f"{name!r} holds a CSRF token or CSP nonce: it cannot be kept for every visitor."
        )


def _labels(model: type[Model]) -> list[str]:
    return [
        label for label in (model._meta.app_label, model._meta.label_lower) if label in _WATCHED
    ]


def _on_change(sender: type[Model], **kwargs: Any) -> None:
    if kwargs.get("raw") or sender.__module__ == "__fake__":
        return  # loading fixtures, or a migration's historical model
    if not str(kwargs.get("action", "post_")).startswith("post_"):
        return  # m2m_changed: only after the change
    for label in _labels(sender):
        changed(label)


def connect() -> None:
    post_save.connect(_on_change, dispatch_uid="shared_cache_save")
    post_delete.connect(_on_change, dispatch_uid="shared_cache_delete")
    m2m_changed.connect(_on_change, dispatch_uid="shared_cache_m2m")
