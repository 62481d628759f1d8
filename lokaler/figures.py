"""Unmet demand the Statistics page counts beside declined hours: searches for a room free
at a given time that found none (lokaler.portal.statistics reads them)."""

from datetime import date, time, timedelta

from django.http import HttpRequest
from django.utils import timezone

from frivilligkontor.models import Unit
from frivilligkontor.network import client_address
from frivilligkontor.throttle import over_limit, value_over_limit
from lokaler.models import UnmetSearch
from lokaler.services import MAX_DAYS_AHEAD

# Searches without a result counted from one address per hour; beyond it a crawler or a
# flood would only inflate the figure.
UNMET_SEARCHES_PER_HOUR = 20


def note_unmet_search(
    request: HttpRequest, *, day: date, start: time, end: time, district: Unit | None
) -> bool:
    """Record that a search for a free room found none; True when it was recorded.

    The same search from the same address counts once an hour (paging back, reloading or
    sharing the address do not count again); searches for days already past, or further
    ahead than one may ask for a room (lending hours are not set that far), not at all;
    at most UNMET_SEARCHES_PER_HOUR from one address. Only what was asked for is kept.
    """
    today = timezone.localdate()
    if not today <= day <= today + timedelta(days=MAX_DAYS_AHEAD):
        return False
    wanted = f"{client_address(request)}|{day}|{start}|{end}|{district.pk if district else ''}"
    if value_over_limit(wanted, purpose="unmet-search-once", limit=1, window_seconds=3600):
        return False
    if over_limit(
        request, purpose="unmet-search", limit=UNMET_SEARCHES_PER_HOUR, window_seconds=3600
    ):
        return False
    UnmetSearch.objects.create(day=day, start_time=start, end_time=end, district=district)
    return True
