"""The map's tile source: one setting, from which the content security policy is derived."""

from urllib.parse import urlsplit

# Kartverket's open cache of its topographic map (free, no key, attribution required).
KARTVERKET_TILE_URL = (
    "https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png"
)
KARTVERKET_ATTRIBUTION = "© Kartverket"


def tile_origin(tile_url: str) -> str | None:
    """The scheme and host the tiles come from (`https://cache.kartverket.no`), for the
    content security policy's img-src; None for no or a malformed tile source."""
    parts = urlsplit(tile_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc}"
