"""Readable slugs and addresses that keep working when a slug changes.

`slugify` writes Norwegian letters the way Norwegians do without them (æ → ae, ø → o,
å → a) and other Latin letters as their base letter (é → e, ü → u); Django's own slugify
drops ø and æ ("møterom" → "mterom").

Every model whose slug is part of an address carries `remembers_old_slugs(label)` in
`Meta.triggers`: PostgreSQL records the slug a row gives up in `OldSlug`, whatever
changed it (the admin, a data migration, the shell). Views look objects up with
`find_by_slug` (the current slug first, then the ones given up, newest first) and answer an
old address with `redirect_to_current_slugs`: a permanent redirect to the same page under
the current slugs, query string kept.
"""

import re
from collections.abc import Callable, Iterable
from typing import Any

import pgtrigger
from django.db import models
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.text import slugify as django_slugify

OLD_SLUG_TABLE = "frivilligkontor_oldslug"

# Letters that Unicode does not decompose into a base letter and a mark, so Django's
# slugify (NFKD, then ASCII only) would drop them.
_LETTERS = str.maketrans(
    {
        "æ": "ae",
        "Æ": "Ae",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "Oe",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
    }
)


def slugify(text: Any) -> str:
    """A slug that keeps every Latin letter readable: "Møterom Alna" → "moterom-alna"."""
    return django_slugify(str(text).translate(_LETTERS))


def remembers_old_slugs(label: str) -> pgtrigger.Trigger:
    """The trigger that records the slug a row of `label` ("app.model") gives up."""
    return pgtrigger.Trigger(
        name="remember_old_slug",
        when=pgtrigger.After,
        operation=pgtrigger.UpdateOf("slug"),
        condition=pgtrigger.Q(old__slug__df=pgtrigger.F("new__slug")),
        func=(
            f"INSERT INTO {OLD_SLUG_TABLE} (model, object_id, slug, retired_at) "
            f"VALUES ('{label}', OLD.id, OLD.slug, now()) "
            "ON CONFLICT (model, object_id, slug) DO UPDATE SET retired_at = EXCLUDED.retired_at; "
            "RETURN NULL;"
        ),
    )


def redirect_to_current_slugs(
    request: HttpRequest, **current: str
) -> HttpResponsePermanentRedirect | None:
    """A permanent redirect when the address used a slug the object has given up.

    `current` names the URL's slug arguments and their current values. Only for GET and
    HEAD: a form posted to an old address is handled there (the lookup found the object),
    since a redirect would lose what was typed."""
    match = request.resolver_match
    if request.method not in ("GET", "HEAD") or match is None:
        return None
    if all(match.kwargs.get(name) == value for name, value in current.items()):
        return None
    url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, **current})
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirect(url)


def readable_slugs(
    model: type[models.Model],
    texts: Callable[[Any], Iterable[str]],
    *,
    max_length: int,
    scope: str | None = None,
) -> None:
    """For data migrations: give rows whose slug lost letters the readable slug.

    A row qualifies when its slug is what Django's slugify (or an older hand-made
    variant that replaced only lower-case æ, ø, å) made of one of `texts(row)`, possibly
    with a "-2" suffix; slugs typed by hand are left alone. Uniqueness is kept within
    `scope` (a field name, e.g. the venue of a room) or across the table. The trigger
    records the old slug, so the old address redirects."""
    manager = model._base_manager
    for row in manager.order_by("pk"):
        for text in texts(row):
            readable = slugify(text)[:max_length]
            lossy = {
                django_slugify(text)[:max_length],
                django_slugify(
                    text.replace("ø", "o").replace("æ", "ae").replace("å", "a").replace("ü", "u")
                )[:max_length],
            } - {readable}
            found = next(
                (
                    match
                    for candidate in lossy
                    if (match := re.fullmatch(re.escape(candidate) + r"(-\d+)?", row.slug))
                ),
                None,
            )
            if found is None:
                continue
            others = manager.exclude(pk=row.pk)
            if scope:
                others = others.filter(**{scope: getattr(row, scope)})
            wanted = readable + (found.group(1) or "")
            counter = 2
            while others.filter(slug=wanted).exists():
                wanted = f"{readable[: max_length - 6]}-{counter}"
                counter += 1
            manager.filter(pk=row.pk).update(slug=wanted)
            break
