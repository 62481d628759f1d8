"""Permissions of the staff roles on venues and bookings (synced after every migrate)."""

from frivilligkontor.models import Roles

_OWNED = ["venue", "room", "lendingwindow", "weeklyhours", "windowexception"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Venue owners keep their venues and lending hours, and decide requests (scoped to their units).
    Roles.UNIT_STAFF: [
        *[
            f"lokaler.{action}_{model}"
            for model in _OWNED
            for action in ("view", "add", "change", "delete")
        ],
        "lokaler.view_bookingrequest",
        "lokaler.change_bookingrequest",
        "lokaler.view_bookingoccurrence",
        "lokaler.change_bookingoccurrence",
        # Season lending: their own unit's rounds, applications and the allocation.
        "lokaler.view_seasonround",
        "lokaler.add_seasonround",
        "lokaler.change_seasonround",
        "lokaler.view_seasonapplication",
        "lokaler.view_seasonwish",
        "lokaler.change_seasonwish",
        "lokaler.view_pricetable",
    ],
    # Frivilligkontoret guides people across the city, so it sees every venue and request.
    Roles.CASE_OFFICERS: [
        *[f"lokaler.view_{model}" for model in _OWNED],
        "lokaler.view_bookingrequest",
        "lokaler.view_bookingoccurrence",
        "lokaler.view_seasonround",
        "lokaler.view_seasonapplication",
        "lokaler.view_seasonwish",
        # The office keeps the city's price list for lending (one table per year).
        "lokaler.view_pricetable",
        "lokaler.add_pricetable",
        "lokaler.change_pricetable",
    ],
    Roles.CONTENT_EDITORS: [
        *[f"lokaler.view_{model}" for model in _OWNED],
        "lokaler.change_venue",
    ],
}

# How each model reaches the unit that owns it (frivilligkontor.permissions scopes unit staff).
UNIT_PATHS = {
    "lokaler.Venue": "unit",
    "lokaler.Room": "venue__unit",
    "lokaler.LendingWindow": "venue__unit",
    "lokaler.WeeklyHours": "window__venue__unit",
    "lokaler.WindowException": "venue__unit",
    "lokaler.BookingRequest": "room__venue__unit",
    "lokaler.BookingOccurrence": "room__venue__unit",
    "lokaler.SeasonRound": "unit",
    "lokaler.SeasonApplication": "round__unit",
    "lokaler.SeasonWish": "application__round__unit",
}
