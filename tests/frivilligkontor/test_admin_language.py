"""The back office speaks bokmål: Django's own strings, third-party apps' and ours.

The HTTP client crawls the admin in nb as a superuser and as a unit employee — the index,
every list, add page and change page they may open, the week calendar and the decide
page — and fails on any English UI word in what the page shows (text, labels of inputs,
buttons, titles and placeholders)."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from frivilligkontor.models import Roles
from tests.factories import district
from tests.frivilligkontor.test_admin_queries import CASES, World

pytestmark = pytest.mark.django_db

# Words of the stock admin and the apps' admins that must not reach a bokmål page.
ENGLISH = [
    "Toggle theme",
    "Show counts",
    "Hide counts",
    "Run",
    "Search",
    "Start typing",
    "Select an option",
    "Add link",
    "Change or view",
    "Pagination",
    "Select this object",
    "Select all objects",
    "View selected",
    "Filter by",
    "Reset password",
    "Set password",
    "Password-based",
    "Raw passwords",
    "After you",
    "Model name",
    "Sidebar",
    "Breadcrumbs",
    "Skip to main content",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "True",
    "False",
    "Task Result",
    "Task Results",
    "TOTP",
    "Events",
    "Attempt Time",
    "IP Address",
    "User Agent",
    "Logout Time",
    "Meta Data",
    "Form Data",
    "Locked Out",
    "Throttling",
    "Timestamps",
    "Configuration",
    "Identity",
    "Enabled",
    "Disabled",
    "Save",
    "Delete",
    "History",
    "Home",
    "Log out",
    "Logout",
    "View site",
    "Add",
    "Change",
    "Clear all filters",
    "Today",
    "Yesterday",
    "Now",
    "Yes",
    "No",
    "Unknown",
    "All",
    "Any date",
    "Name",
    "Username",
    "Password",
    "Created at",
    "Last used",
    "Digits",
    "Tolerance",
    "Drift",
    "Key",
    "Confirmed",
    "Pgh",
    "Otp",
    "Tasks",
    "Choose",
    "Remove",
    "entries",
    "Error",
    "Action",
    "Actions",
    "selected",
    "Previous week",
    "Next week",
    "Week calendar",
    "Booked",
    "Requested",
    "Clash",
    "Decide",
    "Approve",
    "Decline",
    "Room",
    "Organisation",
    "Ready",
    "Running",
    "Failed",
    "Successful",
    "Path",
    "Help",
    "Details",
    "Previous",
    "Next",
]
ENGLISH_WORDS = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")


class ShownText(HTMLParser):
    """The text a page shows: text nodes (not scripts, styles or the content of text
    areas, which hold what people wrote), and the words of labels, buttons and titles."""

    ATTRIBUTES = ("placeholder", "aria-label", "title", "alt", "data-placeholder")

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "textarea", "template"):
            self.hidden += 1
        values = dict(attrs)
        self.texts += [values[name] for name in self.ATTRIBUTES if values.get(name)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "textarea", "template"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.texts.append(data.strip())


def english_on(html: str) -> list[str]:
    parser = ShownText()
    parser.feed(html)
    return [text for text in parser.texts if ENGLISH_WORDS.search(text)]


def test_english_words__are_found_in_english_ui_and_not_in_bokmal():
    assert english_on('<button title="Toggle theme">x</button><p>Show counts</p>') == [
        "Toggle theme",
        "Show counts",
    ]
    assert english_on("<p>Søk i henvendelser</p><textarea>Add a note</textarea>") == []


@pytest.fixture
def world(make_staff) -> World:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    alna = district("Alna")
    world = World(
        unit=alna,
        users={
            "unit": make_staff(Roles.UNIT_STAFF, units=(alna,)),
            "officer": make_staff(Roles.CASE_OFFICERS),
            "editor": make_staff(Roles.CONTENT_EDITORS),
            "superuser": make_staff(superuser=True),
        },
    )
    for _who, grow in CASES.values():
        grow(world, 1)
    TOTPDevice.objects.create(user=world.users["superuser"], name="Telefon", confirmed=True)
    return world


def _admin_pages(user) -> list[str]:
    """Index, and for every model the user may see: its list, its add page, the change
    page of one of its rows, and the pages the lokaler admin adds."""
    from django.urls import resolve

    request = RequestFactory().get(reverse("admin:index"))
    request.user = user
    request.resolver_match = resolve(reverse("admin:index"))
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{name}_add"))
        row = model_admin.get_queryset(request).order_by("pk").last()
        if row is not None:
            pages.append(reverse(f"{name}_change", args=[row.pk]))
    from lokaler.models import BookingRequest, Venue

    venue = Venue.objects.filter(unit__in=user.units.all()).first() or Venue.objects.first()
    pages += [
        reverse("admin:lokaler_venue_calendar", args=[venue.pk]),
        reverse("admin:lokaler_venue_unit_calendar"),
    ]
    booking = BookingRequest.objects.filter(room__venue=venue).first()
    if booking is not None:
        pages.append(reverse("admin:lokaler_bookingrequest_decide", args=[booking.pk]))
    if user.is_superuser:
        pages.append(reverse("admin:auth_user_password_change", args=[user.pk]))
    return pages


@pytest.mark.parametrize("who", ["superuser", "unit"])
def test_admin_in_bokmal__shows_no_english_ui_words(client, world, who):
    user = world.users[who]
    client.force_login(user)
    found = []
    for url in _admin_pages(user):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="nb", follow=True)
        if response.status_code != 200:
            found.append(f"{url}: status {response.status_code}")
            continue
        found += [f"{url}: {text[:100]}" for text in english_on(response.content.decode())]
    assert not found, f"{len(found)} English texts:\n" + "\n".join(sorted(set(found)))
