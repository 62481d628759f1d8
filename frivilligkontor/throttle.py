"""A per-address request limit in the shared cache (the database cache, so it holds across
app servers). Every limit in the portal that counts anonymous requests calls `over_limit`."""

import time

from django.core.cache import cache
from django.http import HttpRequest

from frivilligkontor.network import address_hash, client_address


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
    if cache.add(key, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit
