"""Who is asking: the sender's network address, for rate limits, without storing it."""

import hashlib

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The sender's address; behind the load balancer, the one it put in X-Forwarded-For.

    Trusts exactly AXES_IPWARE_PROXY_COUNT proxies (the same number the admin lockout uses),
    so a client cannot choose its own address by sending the header itself.
    """
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        parts = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(parts) >= proxies:
            return parts[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def address_hash(address: str, *, purpose: str) -> str:
    """A salted hash of an address: enough to count requests for `purpose`, not to trace anyone."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{purpose}:{address}".encode()).hexdigest()
