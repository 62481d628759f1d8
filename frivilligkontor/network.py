"""Who is asking: the sender's network address, for rate limits and the login lockout.

The one place the portal takes a client's address. django-axes calls `client_address` too
(AXES_CLIENT_IP_CALLABLE), so the lockout and every form limit agree on who is who.
"""

import hashlib
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _from_trusted_proxy(remote: str) -> bool:
    """Is REMOTE_ADDR one of our own proxies? With no list configured, any sender is."""
    networks = settings.TRUSTED_PROXY_NETWORKS
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)


def client_address(request: HttpRequest) -> str:
    """The sender's address; behind the load balancer, the one it put in X-Forwarded-For.

    Each of the TRUSTED_PROXY_COUNT proxies (environment: AXES_PROXY_COUNT) in front of
    the portal appends the address it received the request from, so the client is the
    entry that many places from the right; whatever a client wrote into the header itself
    stays to the left of it and is ignored. The header counts only when the request comes
    from one of TRUSTED_PROXIES (when set), so a client that reaches an app server directly
    cannot choose its own address. (django-ipware, which django-axes would use otherwise,
    is not used: its proxy count means proxies listed in the header, not ones that append
    the client's address, so with one load balancer it would pick an address the client
    wrote.)
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded and _from_trusted_proxy(remote):
        parts = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(parts) >= proxies and _is_address(parts[-proxies]):
            return parts[-proxies]
    return remote


def address_hash(address: str, *, purpose: str) -> str:
    """A salted hash of an address: enough to count requests for `purpose`, not to trace anyone."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{purpose}:{address}".encode()).hexdigest()
