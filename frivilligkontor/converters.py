"""URL converters: a secret-link token is checked in the URL, before any view or query.

Anything but the URL-safe alphabet of `secrets.token_urlsafe` and signed tokens' ":" (a
NUL byte, a dot, a percent sign) simply does not match, so it is a 404 and never reaches
PostgreSQL (which refuses NUL characters in text with an error, a 500).
"""

from django.urls import register_converter
from django.urls.converters import get_converters


class SecretTokenConverter:
    # The URL-safe base64 alphabet, plus ":" for tokens made by django.core.signing.
    regex = "[A-Za-z0-9_:-]{1,256}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def register() -> None:
    """Register once, even if the app registry is set up again (some tests do)."""
    if "token" not in get_converters():
        register_converter(SecretTokenConverter, "token")
