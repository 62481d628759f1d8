"""Demo data for season lending: the year's price tables, a round being allocated (its
deadline has passed) and an open round, both with applications. Dates follow today.

Idempotent: rounds are found by slug, and applications are only added to a round without."""

from datetime import date, time, timedelta
from typing import TextIO

from django.utils import timezone

from frivilligkontor.models import Unit
from lokaler.models import AgeGroup, LendingWindow, Room, Venue, WeeklyHours
from lokaler.season.models import PriceTable, SeasonApplication, SeasonRound, SeasonWish, Term

VENUES = ["haugerud-skole", "lindeberg-skole"]
SLUG_WORDS = {Term.SPRING: "var", Term.SCHOOL_YEAR: "skolearet", Term.AUTUMN: "host"}

RULES = (
    "Søknadsfristen er 1. juni for høsten eller hele skoleåret og 1. november for våren. "
    "Eksisterende sesonglånere prioriteres, deretter gratis aktivitet for barn og unge under "
    "25 år, deretter andre lokale organisasjoner. Svar kommer innen tre uker etter fristen."
)

# organisation, number, contact, activity, age group, share under 25, participants,
# wishes: (venue slug, room name, weekday, start hour, end hour)
CLOSED_APPLICATIONS = [
    (
        "Haugerud ungdomsklubb",
        "",
        "Jonas Berg",
        "Innebandy for ungdom 13–18 år, åpen for alle",
        AgeGroup.YOUTH,
        100,
        25,
        [("haugerud-skole", "Gymsal", 1, 18, 20), ("haugerud-skole", "Gymsal", 3, 18, 20)],
    ),
    (
        "Alna voksenkor",
        "",
        "Ingrid Solberg",
        "Korøvelse for voksne",
        AgeGroup.ADULTS,
        5,
        35,
        [("haugerud-skole", "Gymsal", 1, 19, 21), ("haugerud-skole", "Kantine", 1, 19, 21)],
    ),
    (
        "Furuset IF håndball",
        "",
        "Ali Hassan",
        "Håndballtrening, jenter 10–12 år",
        AgeGroup.CHILDREN,
        100,
        30,
        [("lindeberg-skole", "Idrettshall, tredel 1", 2, 17, 19)],
    ),
    (
        "Lindeberg seniordans",
        "",
        "Randi Nilsen",
        "Linedans for seniorer",
        AgeGroup.SENIORS,
        0,
        20,
        [("lindeberg-skole", "Idrettshall", 2, 18, 20)],
    ),
]

OPEN_APPLICATIONS = [
    (
        "Haugerud sjakklubb",
        "",
        "Per Amundsen",
        "Sjakk for barn og voksne sammen",
        AgeGroup.ALL_AGES,
        92,
        18,
        [("haugerud-skole", "Klasserom 5A", 0, 18, 20)],
    ),
]


def _last_deadline(today: date) -> tuple[date, str]:
    """The most recent 1 June or 1 November before today, and the term it was for."""
    candidates = [
        (date(year, month, 1), Term.SPRING if month == 11 else Term.SCHOOL_YEAR)
        for year in (today.year - 1, today.year)
        for month in (6, 11)
    ]
    return max(candidate for candidate in candidates if candidate[0] < today)


def _next_deadline(today: date) -> tuple[date, str]:
    candidates = [
        (date(year, month, 1), Term.SPRING if month == 11 else Term.SCHOOL_YEAR)
        for year in (today.year, today.year + 1)
        for month in (6, 11)
    ]
    return min(candidate for candidate in candidates if candidate[0] >= today)


def _term(deadline: date, term: str) -> tuple[date, date]:
    if term == Term.SPRING:
        return date(deadline.year + 1, 1, 4), date(deadline.year + 1, 6, 18)
    return date(deadline.year, 8, 17), date(deadline.year + 1, 6, 18)


def _ensure_lending_hours(venue: Venue, first: date, last: date) -> None:
    """A lending window over the term, unless the venue has one (Monday–Thursday 17–22,
    Saturday 10–16, like the venues' school year)."""
    if venue.lending_windows.filter(starts_on__lte=first, ends_on__gte=first).exists():
        return
    window = LendingWindow.objects.create(
        venue=venue,
        name=f"Skoleåret {first.year}/{str(first.year + 1)[2:]}",
        starts_on=first,
        ends_on=last,
    )
    WeeklyHours.objects.bulk_create(
        [
            WeeklyHours(window=window, weekday=day, opens_at=time(17), closes_at=time(22))
            for day in range(4)
        ]
        + [WeeklyHours(window=window, weekday=5, opens_at=time(10), closes_at=time(16))]
    )


def _round(*, slug: str, name: str, term: str, deadline: date, opens_on: date, answer_by: date):
    first, last = _term(deadline, term)
    venues = list(Venue.objects.filter(slug__in=VENUES))
    season_round, created = SeasonRound.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "unit": Unit.objects.get(name="Bydel Alna"),
            "term": term,
            "term_starts_on": first,
            "term_ends_on": last,
            "opens_on": opens_on,
            "closes_on": deadline,
            "answer_by": answer_by,
            "rules_text": RULES,
        },
    )
    if created:
        season_round.venues.set(venues)
    for venue in venues:
        _ensure_lending_hours(venue, first, last)
    return season_round


def _applications(season_round: SeasonRound, rows: list) -> int:
    if season_round.applications.exists():
        return 0
    for name, number, contact, activity, age, share, people, wishes in rows:
        application = SeasonApplication.objects.create(
            round=season_round,
            organisation_name=name,
            organisation_number=number,
            is_new_initiative=not number,
            contact_name=contact,
            contact_email=f"{contact.split()[0].lower()}.sesong@example.org",
            activity=activity,
            age_group=age,
            share_under_25=share,
            participants=people,
        )
        for priority, (venue_slug, room_name, weekday, start, end) in enumerate(wishes, start=1):
            room = Room.objects.get(venue__slug=venue_slug, name=room_name)
            SeasonWish.objects.create(
                application=application,
                priority=priority,
                venue=room.venue,
                room=room,
                weekday=weekday,
                start_time=time(start),
                end_time=time(end),
            )
    return len(rows)


def load(*, stdout: TextIO) -> None:
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        PriceTable.objects.get_or_create(
            year=year,
            defaults={
                "room_up_to_100": 41,
                "room_100_to_400": 155,
                "room_over_400": 458,
                "setup_fee_term": 931,
                "setup_fee_single": 473,
                "supervision_per_hour": 250,
                "cleaning_per_hour": 297,
            },
        )
    closed_deadline, closed_term = _last_deadline(today)
    open_deadline, open_term = _next_deadline(today)

    def label(deadline: date, term: str) -> str:
        first = _term(deadline, term)[0]
        if term == Term.SPRING:
            return f"våren {first:%Y}"
        return f"skoleåret {first:%Y}/{str(first.year + 1)[2:]}"

    closed = _round(
        slug=f"alna-{SLUG_WORDS[closed_term]}-{closed_deadline:%Y}",
        name=f"Sesongutlån {label(closed_deadline, closed_term)}, Bydel Alna",
        term=closed_term,
        deadline=closed_deadline,
        opens_on=closed_deadline - timedelta(days=60),
        answer_by=max(closed_deadline + timedelta(days=21), today + timedelta(days=7)),
    )
    opened = _round(
        slug=f"alna-{SLUG_WORDS[open_term]}-{open_deadline:%Y}",
        name=f"Sesongutlån {label(open_deadline, open_term)}, Bydel Alna",
        term=open_term,
        deadline=open_deadline,
        opens_on=min(today - timedelta(days=1), open_deadline - timedelta(days=60)),
        answer_by=open_deadline + timedelta(days=21),
    )
    added = _applications(closed, CLOSED_APPLICATIONS) + _applications(opened, OPEN_APPLICATIONS)
    stdout.write(f"Sesongutlån: 2 rounds, {added} new applications.")
