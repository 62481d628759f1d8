"""A per-address request limit in the shared cache (the database cache, so it holds across
app servers). Every limit in the portal that counts anonymous requests calls `over_limit`;
every public form that writes or sends mail calls `form_limit_reached`."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from frivilligkontor.network import address_hash, client_address

FORM_LIMIT_MESSAGE = _(
    "This form has been sent many times in a short while, from your network or to this "
    "e-mail address. Please wait an hour and send it again; what you wrote is kept here."
)


def over_limit(request: HttpRequest, *, purpose: str, limit: int, window_seconds: int) -> bool:
    """Count this request for the sender's address; True when it is over `limit` in the
    current window of `window_seconds`. The address is only kept as a salted hash."""
    return value_over_limit(
        client_address(request), purpose=purpose, limit=limit, window_seconds=window_seconds
    )


def value_over_limit(value: str, *, purpose: str, limit: int, window_seconds: int) -> bool:
    """The same limit counted for another value than the sender's address (e.g. the e-mail
    address a link is sent to), kept only as a salted hash."""
    window = int(time.time()) // window_seconds
    key = f"limit:{purpose}:{address_hash(value, purpose=purpose)}:{window}"
    # The database cache's incr is a read and a write; simultaneous requests for one key
    # (on any app server) take turns on an advisory lock, so none is lost and the limit
    # holds exactly. The cache table is in the same database, so the lock covers it.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
        if cache.add(key, 1, timeout=window_seconds):
            return limit < 1
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window_seconds)
            count = 1
    return count > limit


def form_limit_reached(request: HttpRequest, *, form: str, email: str = "") -> bool:
    """One limit for every public form that writes or sends mail (frivilligkontor's rule).

    At most PUBLIC_FORM_LIMIT_PER_ADDRESS sends of `form` from one client address, and at
    most PUBLIC_FORM_LIMIT_PER_EMAIL sends naming one e-mail address (any form, so nobody
    can flood someone's inbox by way of the portal), per PUBLIC_FORM_LIMIT_WINDOW_SECONDS.
    Both are counted, so a refused send still counts.
    """
    window = settings.PUBLIC_FORM_LIMIT_WINDOW_SECONDS
    by_address = over_limit(
        request,
        purpose=f"form:{form}",
        limit=settings.PUBLIC_FORM_LIMIT_PER_ADDRESS,
        window_seconds=window,
    )
    by_email = bool(email.strip()) and value_over_limit(
        email.strip().lower(),
        purpose="form-recipient",
        limit=settings.PUBLIC_FORM_LIMIT_PER_EMAIL,
        window_seconds=window,
    )
    return by_address or by_email
