"""Every admin list and change page makes as many queries with many rows as with few.

For each model registered in the portal's admin, `grow(world, size)` makes `size` rows of
it, and gives the last one `size` of whatever its change page shows with it (rooms of a
venue, times of a request, reassignments in a case's history, …). The page is fetched once
to warm the caches that live for the process, then counted; the counts at two sizes must
be equal.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frivilligkontor.models import Roles, Unit
from tests.factories import UnitFactory, UserFactory, district
from tests.henvendelser.factories import (
    EnquiryFactory,
    EnquiryMessageFactory,
    GuidanceArticleFactory,
    StandardAnswerFactory,
)
from tests.lokaler.factories import (
    BookingRequestFactory,
    LendingWindowFactory,
    RoomFactory,
    VenueFactory,
    WeeklyHoursFactory,
    WindowExceptionFactory,
    next_weekday,
    occurrence,
)
from tests.nettverk.factories import (
    EventFactory,
    MeetingPlaceFactory,
    RegistrationFactory,
    make_organisation,
)
from tests.tilskudd.factories import GrantDeadlineFactory, GrantSchemeFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db

PORTAL_APPS = {"frivilligkontor", "henvendelser", "lokaler", "nettverk", "tilskudd"}
SMALL, LARGE = 2, 7
_numbers = itertools.count(1)


@dataclass
class World:
    unit: Unit
    users: dict[str, Any]


def _venue(world: World, size: int) -> Any:
    for _ in range(size):
        venue = VenueFactory(unit=world.unit)
        first = RoomFactory(venue=venue)
        for _ in range(size - 1):
            RoomFactory(venue=venue, parent=first)
        WindowExceptionFactory.create_batch(size, venue=venue)
        venue.description = f"Endret {next(_numbers)}"
        venue.save()
    return venue


def _room(world: World, size: int) -> Any:
    venue = VenueFactory(unit=world.unit)
    first = RoomFactory(venue=venue)
    rooms = [RoomFactory(venue=venue, parent=first) for _ in range(size)]
    return rooms[-1]


def _lending_window(world: World, size: int) -> Any:
    for _ in range(size):
        window = LendingWindowFactory(venue=VenueFactory(unit=world.unit))
        for weekday in range(size):
            WeeklyHoursFactory(window=window, weekday=weekday % 7)
    return window


def _window_exception(world: World, size: int) -> Any:
    venue = VenueFactory(unit=world.unit)
    return WindowExceptionFactory.create_batch(size, venue=venue)[-1]


def _booking_request(world: World, size: int) -> Any:
    from lokaler.services import approve_occurrences

    room = RoomFactory(venue=VenueFactory(unit=world.unit))
    for week in range(size):
        request = BookingRequestFactory(room=room, is_weekly=True)
        times = [
            occurrence(room, next_weekday(1, weeks_ahead=week * 10 + n), request=request)
            for n in range(1, size + 1)
        ]
    approve_occurrences(occurrences=times[:1], decided_by=world.users["unit"])
    return request


def _booking_occurrence(world: World, size: int) -> Any:
    room = RoomFactory(venue=VenueFactory(unit=world.unit))
    times = [occurrence(room, next_weekday(2, weeks_ahead=n)) for n in range(1, size + 1)]
    return times[-1]


def _event(world: World, size: int) -> Any:
    for _ in range(size):
        event = EventFactory(unit=world.unit, venue=VenueFactory(unit=world.unit))
        RegistrationFactory.create_batch(size, event=event)
        event.title = f"Endret {next(_numbers)}"
        event.save()
    return event


def _registration(world: World, size: int) -> Any:
    event = EventFactory(unit=world.unit)
    return RegistrationFactory.create_batch(size, event=event)[-1]


def _meeting_place(world: World, size: int) -> Any:
    return MeetingPlaceFactory.create_batch(size, unit=world.unit)[-1]


def _grant_scheme(world: World, size: int) -> Any:
    for _ in range(size):
        scheme = GrantSchemeFactory(owner=world.unit)
        for day in range(size):
            GrantDeadlineFactory(scheme=scheme, date=timezone.localdate() + timedelta(days=day + 1))
        scheme.summary = f"Endret {next(_numbers)}"
        scheme.save()
    return scheme


def _subscription(world: World, size: int) -> Any:
    return SubscriptionFactory.create_batch(size, scheme=GrantSchemeFactory())[-1]


def _reminder_sent(world: World, size: int) -> Any:
    from tilskudd.models import ReminderSent

    scheme = GrantSchemeFactory()
    for subscription in SubscriptionFactory.create_batch(size, scheme=scheme):
        sent = ReminderSent.objects.create(
            subscription=subscription, scheme=scheme, deadline_on=timezone.localdate()
        )
    return sent


def _enquiry(world: World, size: int) -> Any:
    from henvendelser import services

    officers = [world.users["officer"], UserFactory(is_staff=True)]
    venues = [VenueFactory(unit=world.unit) for _ in range(size)]
    for _ in range(size):
        enquiry = EnquiryFactory(assigned_unit=world.unit, district=world.unit)
        for turn in range(size):
            services.assign(enquiry=enquiry, officer=officers[turn % 2])
            enquiry.refresh_from_db()
            enquiry.venue = venues[turn]
            enquiry.save()
        EnquiryMessageFactory.create_batch(size, enquiry=enquiry)
    return enquiry


def _enquiry_message(world: World, size: int) -> Any:
    return EnquiryMessageFactory.create_batch(size, enquiry=EnquiryFactory())[-1]


def _guidance_article(world: World, size: int) -> Any:
    from henvendelser.models import ArticleFeedback

    for article in GuidanceArticleFactory.create_batch(size):
        for n in range(size):
            ArticleFeedback.objects.create(article=article, useful=bool(n % 2), comment="Bra.")
    return article


def _standard_answer(world: World, size: int) -> Any:
    return StandardAnswerFactory.create_batch(size)[-1]


def _unit(world: World, size: int) -> Any:
    return UnitFactory.create_batch(size)[-1]


def _user(world: World, size: int) -> Any:
    from django.contrib.auth.models import Group

    for _ in range(size):
        user = UserFactory(is_staff=True)
        user.groups.add(*Group.objects.all())
        user.units.add(*Unit.objects.districts()[:size])
    return user


def _organisation(world: World, size: int) -> Any:
    for _ in range(size):
        organisation = make_organisation()
        organisation.districts.add(*Unit.objects.districts()[:size])
    return organisation


def _erasure_request(world: World, size: int) -> Any:
    from frivilligkontor.mine_models import ErasureRequest

    for _ in range(size):
        erasure = ErasureRequest.objects.create(
            email=f"slett{next(_numbers)}@example.org",
            due_on=timezone.localdate() + timedelta(days=30),
        )
    return erasure


def _overview_lookup(world: World, size: int) -> Any:
    from frivilligkontor.mine_models import OverviewLookup

    for _ in range(size):
        lookup = OverviewLookup.objects.create(
            staff=UserFactory(is_staff=True),
            email=f"oppslag{next(_numbers)}@example.org",
            reason="Spurte på telefon.",
        )
    return lookup


def _article_feedback(world: World, size: int) -> Any:
    from henvendelser.models import ArticleFeedback

    for _ in range(size):
        article = GuidanceArticleFactory()
        for n in range(size):
            feedback = ArticleFeedback.objects.create(
                article=article, useful=bool(n % 2), comment="Nyttig."
            )
    return feedback


def _price_table(world: World, size: int) -> Any:
    from tests.lokaler.season_factories import PriceTableFactory

    return [PriceTableFactory(year=2000 + next(_numbers)) for _ in range(size)][-1]


def _season_round(world: World, size: int) -> Any:
    from tests.lokaler.season_factories import SeasonApplicationFactory, SeasonRoundFactory

    for _ in range(size):
        venues = [VenueFactory(unit=world.unit) for _ in range(size)]
        season_round = SeasonRoundFactory(unit=world.unit, venues=venues)
        SeasonApplicationFactory.create_batch(size, round=season_round)
    return season_round


def _season_application(world: World, size: int) -> Any:
    from tests.lokaler.season_factories import (
        SeasonApplicationFactory,
        SeasonRoundFactory,
        SeasonWishFactory,
    )

    season_round = SeasonRoundFactory(unit=world.unit)
    room = RoomFactory(venue=VenueFactory(unit=world.unit))
    for _ in range(size):
        application = SeasonApplicationFactory(round=season_round)
        for _ in range(size):
            SeasonWishFactory(application=application, room=room)
    return application


def _queued_email(world: World, size: int) -> Any:
    from django.test import override_settings

    from frivilligkontor.mail import queue_email
    from frivilligkontor.models import QueuedEmail

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        for _ in range(size):
            queue_email(
                to=[f"mottaker{next(_numbers)}@example.no"],
                template_prefix="henvendelser/email/receipt",
                context={"enquiry": None, "case_url": "https://example.no/sak/x/"},
                language="nb",
            )
    return QueuedEmail.objects.order_by("-enqueued_at").first()


def _outreach_message(world: World, size: int) -> Any:
    from nettverk.outreach_models import OutreachMessage, OutreachRecipient

    for _ in range(size):
        message = OutreachMessage.objects.create(
            unit=world.unit,
            subject_nb="Kurs i frivillighetsledelse",
            body_nb="Velkommen til kurs.",
            created_by=world.users["officer"],
        )
        for _ in range(size):
            OutreachRecipient.objects.create(
                message=message,
                organisation=make_organisation(),
                organisation_name="Lag",
                email=f"lag{next(_numbers)}@example.org",
            )
    return message


def _outreach_opt_out(world: World, size: int) -> Any:
    from nettverk.outreach_models import OutreachOptOut

    for _ in range(size):
        opt_out = OutreachOptOut.objects.create(organisation=make_organisation())
    return opt_out


# model → (who looks, how to grow it). Unit staff look at their own unit's rows.
CASES: dict[str, tuple[str, Callable[[World, int], Any]]] = {
    "frivilligkontor.unit": ("superuser", _unit),
    "frivilligkontor.user": ("superuser", _user),
    "frivilligkontor.organisation": ("officer", _organisation),
    "frivilligkontor.erasurerequest": ("officer", _erasure_request),
    "frivilligkontor.queuedemail": ("officer", _queued_email),
    "nettverk.outreachmessage": ("unit", _outreach_message),
    "nettverk.outreachoptout": ("officer", _outreach_opt_out),
    "frivilligkontor.overviewlookup": ("officer", _overview_lookup),
    "henvendelser.articlefeedback": ("editor", _article_feedback),
    "lokaler.pricetable": ("officer", _price_table),
    "lokaler.seasonround": ("unit", _season_round),
    "lokaler.seasonapplication": ("unit", _season_application),
    "henvendelser.enquiry": ("officer", _enquiry),
    "henvendelser.enquirymessage": ("officer", _enquiry_message),
    "henvendelser.guidancearticle": ("editor", _guidance_article),
    "henvendelser.standardanswer": ("editor", _standard_answer),
    "lokaler.venue": ("unit", _venue),
    "lokaler.room": ("unit", _room),
    "lokaler.lendingwindow": ("unit", _lending_window),
    "lokaler.windowexception": ("unit", _window_exception),
    "lokaler.bookingrequest": ("unit", _booking_request),
    "lokaler.bookingoccurrence": ("unit", _booking_occurrence),
    "nettverk.event": ("unit", _event),
    "nettverk.registration": ("unit", _registration),
    "nettverk.meetingplace": ("unit", _meeting_place),
    "tilskudd.grantscheme": ("unit", _grant_scheme),
    "tilskudd.subscription": ("editor", _subscription),
    "tilskudd.remindersent": ("editor", _reminder_sent),
}


@pytest.fixture
def world(make_staff) -> World:
    alna = district("Alna")
    return World(
        unit=alna,
        users={
            "unit": make_staff(Roles.UNIT_STAFF, units=(alna,)),
            "officer": make_staff(Roles.CASE_OFFICERS),
            "editor": make_staff(Roles.CONTENT_EDITORS),
            "superuser": make_staff(superuser=True),
        },
    )


def test_every_admin_of_the_portal_has_a_query_count_case():
    registered = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in PORTAL_APPS
    }
    assert registered == set(CASES)


def _queries(client: Any, url: str) -> int:
    assert client.get(url).status_code == 200  # warms the per-process caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _counts(client: Any, label: str, obj: Any) -> tuple[int, int]:
    app_label, model_name = label.split(".")
    return (
        _queries(client, reverse(f"admin:{app_label}_{model_name}_changelist")),
        _queries(client, reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])),
    )


@pytest.mark.parametrize("label", sorted(CASES))
def test_admin_list_and_change_page__query_count_does_not_grow_with_rows(client, world, label):
    who, grow = CASES[label]
    client.force_login(world.users[who])
    small = _counts(client, label, grow(world, SMALL))
    large = _counts(client, label, grow(world, LARGE))
    assert large == small, (
        f"{label}: (list, change) queries {small} with few rows, {large} with many"
    )
