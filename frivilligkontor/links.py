"""Absolute links for e-mails and calendar files: the site's address plus a path.

A page sends a relative link; an e-mail or an iCal file is read elsewhere, so it needs
the whole address (`SITE_URL`), in the recipient's language (English pages live under /en/).
"""

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def site_url(path: str) -> str:
    """`path` (as from `get_absolute_url()`) as a full address on this site."""
    return settings.SITE_URL + path


def absolute_url(
    view_name: str,
    *,
    language: str = "nb",
    args: Sequence[object] = (),
    query: str = "",
    **kwargs: object,
) -> str:
    """The full address of a named URL, reversed in `language`, with an optional query."""
    with translation.override(language):
        path = reverse(view_name, args=args or None, kwargs=kwargs or None)
    return site_url(f"{path}?{query}" if query else path)
