from typing import Any

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"office_email": settings.OFFICE_EMAIL, "site_url": settings.SITE_URL}
