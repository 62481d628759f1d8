"""Fill PostgreSQL with Oslo-sized data, fast, through the project's own tables.

Rows go in with COPY into the tables the models define (column names come from the models),
so every check, unique, foreign-key and exclusion constraint holds as it does for data
entered through the portal. The history triggers of django-pghistory are paused during the
load, as for any data import: the generated rows have no "created" history entry.

Scale "oslo" is Oslo's real size (300 venues, 1,500 rooms, 150,000 booked times, 30,000
enquiries, 5,000 organisations, 2,000 events, 60,000 registrations, 200 grant schemes,
400 guidance articles); "x10" is ten times each. Distributions are skewed like the real
thing: a few popular venues take most bookings, bookings fall in term time on weekday
evenings, enquiries peak in the weeks before grant deadlines and before 1 June and
1 November (the premises rounds), most cases are answered, text is Norwegian.
"""

import random
import secrets
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import pgtrigger
from django.apps import apps as django_apps
from django.db import connection, models, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange, NumericRange
from django.utils import timezone

from frivilligkontor import shared_cache
from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.models import Organisation, Unit, User
from frivilligkontor.slugs import slugify
from henvendelser.models import (
    Enquiry,
    EnquiryMessage,
    GuidanceArticle,
    ReferenceCounter,
    Topic,
)
from lokaler.models import (
    BOOKING_FIELDS,
    AgeGroup,
    BookingOccurrence,
    BookingRequest,
    Facility,
    LendingWindow,
    Occupancy,
    Room,
    RoomKind,
    Venue,
    VenueKind,
    WeeklyHours,
)
from nettverk.models import Event, EventKind, EventLanguage, Registration
from tilskudd.models import GrantDeadline, GrantScheme

OSLO = ZoneInfo("Europe/Oslo")


@dataclass(frozen=True)
class Scale:
    venues: int
    rooms: int
    occurrences: int
    enquiries: int
    organisations: int
    events: int
    registrations: int
    schemes: int
    articles: int


OSLO_SIZE = Scale(
    venues=300,
    rooms=1_500,
    occurrences=150_000,
    enquiries=30_000,
    organisations=5_000,
    events=2_000,
    registrations=60_000,
    schemes=200,
    articles=400,
)


def scale_named(name: str) -> Scale:
    """ "oslo" (1), "x10" (10 times), or a factor such as "0.01" for tests."""
    factor = {"oslo": 1.0, "x10": 10.0}.get(name)
    if factor is None:
        factor = float(name)
    return Scale(
        **{
            field: max(2, round(getattr(OSLO_SIZE, field) * factor))
            for field in OSLO_SIZE.__dataclass_fields__
        }
    )


# ---------------------------------------------------------------------------------------
# Norwegian text

FIRST_NAMES = [
    "Ingrid",
    "Ola",
    "Kari",
    "Per",
    "Nora",
    "Jakob",
    "Emma",
    "Lukas",
    "Sara",
    "Filip",
    "Ali",
    "Amina",
    "Fatima",
    "Mohammed",
    "Leah",
    "Oskar",
    "Maja",
    "Henrik",
    "Sofie",
    "Emil",
    "Ida",
    "Mats",
    "Hanne",
    "Jonas",
    "Aisha",
    "Yusuf",
    "Liv",
    "Sander",
    "Thea",
    "Magnus",
    "Tiril",
    "Omar",
    "Marte",
    "Tobias",
    "Linnea",
    "Elias",
    "Hassan",
    "Selma",
    "Kristian",
    "Maryam",
    "Ahmed",
    "Astrid",
    "Knut",
    "Solveig",
    "Bjørn",
]
LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Ali",
    "Khan",
    "Ahmed",
    "Hussein",
    "Nguyen",
    "Bakke",
    "Lie",
    "Moen",
    "Strand",
    "Solberg",
    "Kaur",
    "Rahimi",
    "Mohamed",
    "Iversen",
]
STREETS = [
    "Trondheimsveien",
    "Grønlandsleiret",
    "Tøyengata",
    "Kirkeveien",
    "Bygdøy",
    "allé",
    "Hasleveien",
    "Stovnerveien",
    "Furusetveien",
    "Lambertseterveien",
    "Holmlia",
    "senter",
    "vei",
    "Bjerkedalen",
    "Sognsveien",
    "Ullevålsveien",
    "Maridalsveien",
    "Sandakerveien",
    "Bogstadveien",
    "Hegermanns",
    "gate",
    "Vahls",
    "gate",
    "Jerikoveien",
    "Tvetenveien",
]
PLACE_WORDS = [
    "Alna",
    "Bjerke",
    "Frogner",
    "Gamle",
    "Oslo",
    "Grorud",
    "Grünerløkka",
    "Nordre",
    "Aker",
    "Nordstrand",
    "Sagene",
    "St.",
    "Hanshaugen",
    "Stovner",
    "Søndre",
    "Nordstrand",
    "Ullern",
    "Vestre",
    "Aker",
    "Østensjø",
    "Furuset",
    "Holmlia",
    "Romsås",
    "Tøyen",
    "Vålerenga",
    "Majorstuen",
    "Lambertseter",
    "Haugerud",
    "Tveita",
    "Ammerud",
    "Mortensrud",
    "Bøler",
    "Manglerud",
    "Kjelsås",
    "Ullevål",
]
ORG_KINDS = (
    "idrettslag",
    "korps",
    "kor",
    "velforening",
    "sjakklubb",
    "leksehjelp",
    "kulturforening",
    "seniorklubb",
    "speidergruppe",
    "ungdomsklubb",
    "turlag",
    "menighet",
    "innvandrerforening",
    "teatergruppe",
    "fotballklubb",
    "frivilligsentral",
)
WORDS = [
    "frivillig",
    "lokale",
    "tilskudd",
    "søknad",
    "aktivitet",
    "barn",
    "unge",
    "seniorer",
    "nabolag",
    "møte",
    "kurs",
    "trening",
    "skole",
    "gymsal",
    "bydel",
    "kommune",
    "organisasjon",
    "forening",
    "styre",
    "årsmøte",
    "medlemmer",
    "frist",
    "rapport",
    "inkludering",
    "mangfold",
    "idrett",
    "kultur",
    "musikk",
    "kor",
    "korps",
    "leksehjelp",
    "fritid",
    "sommer",
    "høst",
    "vår",
    "utstyr",
    "nøkkel",
    "leie",
    "gratis",
    "booking",
    "helg",
    "kveld",
    "ettermiddag",
    "tilgjengelig",
    "rullestol",
    "trapp",
    "dugnad",
    "nettverk",
    "samarbeid",
    "prosjekt",
    "budsjett",
    "regnskap",
    "politiattest",
    "forsikring",
    "arrangement",
]
ENGLISH_WORDS = [
    "volunteer",
    "venue",
    "grant",
    "application",
    "activity",
    "children",
    "youth",
    "seniors",
    "neighbourhood",
    "meeting",
    "course",
    "training",
    "school",
    "hall",
    "district",
    "municipality",
    "organisation",
    "association",
    "board",
    "members",
    "deadline",
    "report",
    "inclusion",
    "diversity",
    "sport",
    "culture",
    "music",
    "choir",
    "homework",
    "leisure",
    "summer",
]


class Text:
    """Cheap Norwegian-looking text from a fixed vocabulary (Faker is too slow per row)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, count: int, vocabulary: Sequence[str] = WORDS) -> str:
        return " ".join(self.rng.choices(vocabulary, k=count))

    def sentence(self, low: int = 6, high: int = 14, vocabulary: Sequence[str] = WORDS) -> str:
        text = self.words(self.rng.randint(low, high), vocabulary)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int = 4, vocabulary: Sequence[str] = WORDS) -> str:
        return " ".join(self.sentence(vocabulary=vocabulary) for _ in range(sentences))

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def email(self, name: str, number: int) -> str:
        local = slugify(name).replace("-", ".") or "person"
        return f"{local}.{number}@example.org"

    def phone(self) -> str:
        return f"{self.rng.choice('49')}{self.rng.randint(0, 9_999_999):07d}"


def organisation_number(rng: random.Random, used: set[str]) -> str:
    """A nine-digit number with a valid modulus-11 check digit, not used before."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        digits = [rng.choice("89")] + [str(rng.randint(0, 9)) for _ in range(7)]
        remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check == 10:
            continue
        number = "".join(digits) + str(check)
        if number not in used:
            used.add(number)
            return number


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(count)]


# ---------------------------------------------------------------------------------------
# COPY through the models' tables


class Loader:
    """Writes rows with COPY, allocating primary keys up front so rows can point at each other."""

    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout
        self.next_ids: dict[type[models.Model], int] = {}

    def reserve_ids(self, model: type[models.Model], count: int) -> range:
        if model not in self.next_ids:
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
                self.next_ids[model] = cursor.fetchone()[0]
        start = self.next_ids[model]
        self.next_ids[model] = start + count
        return range(start, start + count)

    def copy(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """COPY `rows` (values for `fields`, in order) into `model`'s table. Fields not named
        get the model's default (computed once), so a field added later with a default needs
        no change here; a unique field without a value is an error."""
        meta = model._meta
        named = [meta.get_field(name) for name in fields]
        extra = []
        for field in meta.concrete_fields:
            if field in named or getattr(field, "generated", False):
                continue
            if field.primary_key:
                continue
            if field.unique:
                raise ValueError(f"{meta.label}.{field.name} is unique: give each row a value")
            if field.null and not field.has_default():
                continue
            default = field.get_default()
            if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
                default = timezone.now()
            elif isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
                default = timezone.localdate()
            extra.append((field, field.get_db_prep_save(default, connection)))
        columns = [field.column for field in named] + [field.column for field, _ in extra]
        tail = tuple(value for _, value in extra)
        count = 0
        sql = f"COPY {meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row((*row, *tail))
                count += 1
        return count

    def finish_sequences(self) -> None:
        with connection.cursor() as cursor:
            for model in self.next_ids:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT GREATEST(MAX(id), 1) FROM {table}))"
                )


# ---------------------------------------------------------------------------------------
# The generator


def oslo_datetime(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=OSLO)


def terms_around(today: date) -> list[tuple[date, date]]:
    """School terms from a year back to half a year ahead (autumn mid-August to just before
    Christmas; spring early January to mid-June)."""
    terms = []
    for year in range(today.year - 1, today.year + 2):
        terms.append((date(year, 1, 5), date(year, 6, 19)))
        terms.append((date(year, 8, 17), date(year, 12, 18)))
    earliest = today - timedelta(days=400)
    latest = today + timedelta(days=200)
    return [(start, end) for start, end in terms if end >= earliest and start <= latest]


class Generator:
    def __init__(self, scale: Scale, *, seed: int, stdout: TextIO) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.text = Text(self.rng)
        self.loader = Loader(stdout)
        self.stdout = stdout
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.districts = list(Unit.objects.districts().order_by("pk").values_list("pk", flat=True))
        self.units = list(Unit.objects.order_by("pk").values_list("pk", flat=True))
        self.staff = list(User.objects.filter(is_staff=True).values_list("pk", flat=True)) or [None]
        self.used_org_numbers: set[str] = set(
            Organisation.objects.exclude(organisation_number="").values_list(
                "organisation_number", flat=True
            )
        )
        self.tag = secrets.token_hex(3)  # keeps slugs unique when the generator runs twice

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def run(self) -> None:
        for step in (
            self.organisations,
            self.venues_and_rooms,
            self.bookings,
            self.schemes,
            self.articles,
            self.enquiries,
            self.events,
        ):
            started = datetime.now()
            # One transaction per step keeps the deferred foreign-key checks of a step together.
            with transaction.atomic(), pgtrigger.ignore():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")  # sets pgtrigger.ignore for this transaction
                step()
            self.say(f"  {step.__name__}: {(datetime.now() - started).total_seconds():.1f} s")
        with transaction.atomic():
            self.loader.finish_sequences()
        # COPY sends no signals: whatever the shared cache keeps about these tables is stale.
        for model in django_apps.get_models():
            shared_cache.changed(model._meta.app_label)
            shared_cache.changed(model._meta.label_lower)
        with connection.cursor() as cursor:
            # VACUUM sets the visibility map (index-only scans); not possible in a transaction.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")

    # -- organisations -------------------------------------------------------------------
    def organisations(self) -> None:
        count = self.scale.organisations
        ids = self.loader.reserve_ids(Organisation, count)
        self.organisation_ids = list(ids)
        self.organisation_names: dict[int, str] = {}
        rng, text = self.rng, self.text
        areas, groups = ActivityArea.values, TargetGroup.values

        def rows() -> Iterator[tuple]:
            for pk in ids:
                place = rng.choice(PLACE_WORDS)
                name = f"{place} {rng.choice(ORG_KINDS)} {pk}"
                self.organisation_names[pk] = name
                new = rng.random() < 0.1
                status = rng.choices(["approved", "pending", "rejected"], [90, 7, 3])[0]
                created = self.now - timedelta(days=rng.randint(0, 3650))
                yield (
                    pk,
                    name,
                    f"{slugify(name)}-{self.tag}",
                    "" if new else organisation_number(rng, self.used_org_numbers),
                    new,
                    rng.sample(areas, rng.randint(1, 3)),
                    rng.sample(groups, rng.randint(0, 2)),
                    f"https://{slugify(name)}.example.org" if rng.random() < 0.6 else "",
                    text.paragraph(rng.randint(1, 4)),
                    f"post@{slugify(name)}.example.org",
                    status,
                    secrets.token_urlsafe(32),
                    created,
                    created + timedelta(days=3) if status == "approved" else None,
                )

        self.loader.copy(
            Organisation,
            [
                "id",
                "name",
                "slug",
                "organisation_number",
                "is_new_initiative",
                "activity_areas",
                "target_groups",
                "website",
                "description",
                "contact_email",
                "status",
                "edit_token",
                "created_at",
                "approved_at",
            ],
            rows(),
        )
        through = Organisation.districts.through
        self.loader.copy(
            through,
            ["organisation_id", "unit_id"],
            (
                (pk, district)
                for pk in ids
                for district in rng.sample(self.districts, rng.choice((1, 1, 1, 2, 3)))
            ),
        )

    # -- venues, rooms, lending hours ----------------------------------------------------
    def venues_and_rooms(self) -> None:
        rng, text = self.rng, self.text
        venue_ids = self.loader.reserve_ids(Venue, self.scale.venues)
        self.venue_ids = list(venue_ids)
        kinds = VenueKind.values
        kind_weights = [55, 12, 10, 6, 8, 5, 4]  # mostly schools
        venue_rows = []
        self.venue_district: dict[int, int] = {}
        for pk in venue_ids:
            kind = rng.choices(kinds, kind_weights)[0]
            place = rng.choice(PLACE_WORDS)
            label = {
                "school": "skole",
                "district_house": "bydelshus",
                "library": "bibliotek",
                "culture_house": "kulturhus",
                "youth_club": "fritidsklubb",
                "sports_hall": "idrettshall",
                "other": "aktivitetshus",
            }[kind]
            name = f"{place} {label} {pk}"
            district = rng.choice(self.districts)
            self.venue_district[pk] = district
            venue_rows.append(
                (
                    pk,
                    name,
                    f"{slugify(name)}-{self.tag}",
                    kind,
                    district if rng.random() < 0.85 else rng.choice(self.units),
                    district,
                    f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                    f"{rng.randint(150, 1295):04d}",
                    round(rng.uniform(59.85, 59.98), 6),
                    round(rng.uniform(10.65, 10.95), 6),
                    text.paragraph(rng.randint(2, 5)),
                    rng.random() < 0.7,
                    rng.random() < 0.6,
                    rng.random() < 0.4,
                    rng.random() < 0.3,
                    rng.random() < 0.85,
                    text.paragraph(2),
                    text.person(),
                    f"utleie{pk}@example.org",
                    text.phone(),
                    self.today - timedelta(days=rng.randint(0, 400)),
                )
            )
        self.loader.copy(
            Venue,
            [
                "id",
                "name",
                "slug",
                "kind",
                "unit",
                "district",
                "street_address",
                "postal_code",
                "latitude",
                "longitude",
                "description",
                "step_free_entrance",
                "accessible_toilet",
                "lift",
                "induction_loop",
                "free_for_children_and_youth",
                "lending_terms",
                "contact_name",
                "contact_email",
                "contact_phone",
                "last_confirmed_on",
            ],
            venue_rows,
        )

        # Rooms: every venue gets at least one; schools and halls get a gym hall in parts.
        # A "family" is a room with its parts: bookings are planned per family, so approved
        # times never clash (the exclusion constraint would refuse them).
        room_ids = iter(self.loader.reserve_ids(Room, self.scale.rooms))
        room_rows = []
        self.families: list[tuple[int, list[int]]] = []  # (venue, room ids)
        remaining = self.scale.rooms
        venues = list(venue_ids)
        per_venue = [1] * len(venues)
        for _ in range(max(0, remaining - len(venues))):
            per_venue[rng.randrange(len(venues))] += 1
        room_kinds = RoomKind.values
        facilities = Facility.values
        for venue, count in zip(venues, per_venue, strict=True):
            used = 0
            number = 0
            while used < count:
                number += 1
                if count - used >= 3 and rng.random() < 0.3:
                    hall = next(room_ids)
                    parts = [next(room_ids) for _ in range(min(3, count - used) - 1)]
                    room_rows.append(
                        (
                            hall,
                            venue,
                            None,
                            f"Gymsal {number}",
                            f"gymsal-{number}",
                            RoomKind.GYM_HALL,
                            rng.choice((120, 150, 200, 300)),
                            rng.randint(200, 800),
                            ["changing_rooms", "sports_equipment"],
                            text.sentence(),
                            True,
                        )
                    )
                    for index, part in enumerate(parts, start=1):
                        room_rows.append(
                            (
                                part,
                                venue,
                                hall,
                                f"Gymsal {number}, del {index}",
                                f"gymsal-{number}-del-{index}",
                                RoomKind.GYM_HALL,
                                rng.choice((30, 40, 60)),
                                rng.randint(80, 250),
                                ["changing_rooms"],
                                text.sentence(),
                                True,
                            )
                        )
                    self.families.append((venue, [hall, *parts]))
                    used += 1 + len(parts)
                else:
                    room = next(room_ids)
                    kind = rng.choice(room_kinds)
                    room_rows.append(
                        (
                            room,
                            venue,
                            None,
                            f"Rom {number}",
                            f"rom-{number}",
                            kind,
                            rng.choice((8, 12, 20, 30, 50, 80, 120)),
                            rng.randint(15, 200) if rng.random() < 0.8 else None,
                            rng.sample(facilities, rng.randint(0, 4)),
                            text.sentence(),
                            rng.random() < 0.95,
                        )
                    )
                    self.families.append((venue, [room]))
                    used += 1
        self.room_venue = {row[0]: row[1] for row in room_rows}
        self.room_parent = {row[0]: row[2] for row in room_rows}
        self.loader.copy(
            Room,
            [
                "id",
                "venue",
                "parent",
                "name",
                "slug",
                "kind",
                "capacity",
                "area_square_metres",
                "facilities",
                "description",
                "is_bookable",
            ],
            room_rows,
        )

        # Lending windows: each term, Monday–Friday 17–22 and Saturday 10–16.
        terms = terms_around(self.today)
        window_ids = iter(self.loader.reserve_ids(LendingWindow, len(venues) * len(terms)))
        windows = []
        hours = []
        for venue in venues:
            for start, end in terms:
                window = next(window_ids)
                season = "Vår" if start.month < 7 else "Høst"
                windows.append((window, venue, f"{season} {start.year}", start, end))
                for weekday in range(5):
                    hours.append((window, weekday, time(17), time(22)))
                hours.append((window, 5, time(10), time(16)))
        self.loader.copy(LendingWindow, ["id", "venue", "name", "starts_on", "ends_on"], windows)
        self.loader.copy(WeeklyHours, ["window", "weekday", "opens_at", "closes_at"], hours)

    # -- booking requests, occurrences, occupancy -----------------------------------------
    def bookings(self) -> None:
        rng, text = self.rng, self.text
        target = self.scale.occurrences
        # Popular venues take most of the bookings (Zipf over a shuffled order).
        families = self.families[:]
        rng.shuffle(families)
        cumulative = list(accumulate(zipf_weights(len(families), 0.7)))
        family_range = range(len(families))
        terms = terms_around(self.today)
        # Evening slots that never overlap, so a family's approved times never clash.
        slots = [(time(17), time(18, 30)), (time(18, 30), time(20)), (time(20), time(21, 30))]
        taken: set[tuple[int, int, int, int]] = set()  # (family, weekday, slot, term)
        requests = []
        occurrences = []
        occupancy = []
        request_ids = self.loader.reserve_ids(BookingRequest, target)  # more than needed
        request_iter = iter(request_ids)
        occurrence_ids = iter(self.loader.reserve_ids(BookingOccurrence, target + 64))
        produced = 0
        attempts = 0
        while produced < target and attempts < target * 4:
            attempts += 1
            family_index = rng.choices(family_range, cum_weights=cumulative)[0]
            venue, rooms = families[family_index]
            term_index = rng.randrange(len(terms))
            weekly = rng.random() < 0.85
            if weekly:
                weekday = rng.randrange(5)
                slot = rng.randrange(len(slots))
                key = (family_index, weekday, slot, term_index)
                if key in taken:
                    continue
                taken.add(key)
                term_start, term_end = terms[term_index]
                first = term_start + timedelta(days=(weekday - term_start.weekday()) % 7)
                last = first + timedelta(weeks=rng.randint(6, 18))
                last = min(last, term_end - timedelta(days=(term_end.weekday() - weekday) % 7))
                days = []
                day = first
                while day <= last:
                    days.append(day)
                    day += timedelta(weeks=1)
                start_at, end_at = slots[slot]
            else:
                # One Saturday daytime booking; the Saturday slot key keeps them apart.
                term_start, term_end = terms[term_index]
                saturday = term_start + timedelta(days=(5 - term_start.weekday()) % 7)
                week = rng.randrange(max(1, (term_end - saturday).days // 7))
                day = saturday + timedelta(weeks=week)
                key = (family_index, 5, week, term_index)
                if key in taken:
                    continue
                taken.add(key)
                days = [day]
                start_at, end_at = time(11), time(15)
            if not days:
                continue
            # Whole hall or one of its parts; a family's times never overlap one another.
            room = rng.choice(rooms)
            request = next(request_iter)
            created = oslo_datetime(days[0], time(12)) - timedelta(days=rng.randint(10, 120))
            created = min(created, self.now)
            organisation = rng.choice(self.organisation_ids) if rng.random() < 0.7 else None
            name = (
                self.organisation_names[organisation]
                if organisation
                else f"{rng.choice(PLACE_WORDS)} {rng.choice(ORG_KINDS)}"
            )
            contact = text.person()
            requests.append(
                (
                    request,
                    secrets.token_urlsafe(32),
                    room,
                    organisation,
                    name,
                    contact,
                    text.email(contact, request),
                    text.phone(),
                    text.sentence(),
                    rng.randint(5, 60),
                    rng.choice(AgeGroup.values),
                    weekly,
                    days[0],
                    days[-1],
                    start_at,
                    end_at,
                    "nb" if rng.random() < 0.9 else "en",
                    created,
                )
            )
            future = days[0] > self.today
            decision = rng.random()
            if future and decision < 0.35:
                status = "requested"
            elif decision < 0.9:
                status = "approved"
            elif decision < 0.96:
                status = "declined"
            else:
                status = "cancelled"
            decider = rng.choice(self.staff) if status in ("approved", "declined") else None
            for day in days:
                if produced >= target:
                    break
                occurrence = next(occurrence_ids)
                during = DateTimeTZRange(
                    oslo_datetime(day, start_at), oslo_datetime(day, end_at), "[)"
                )
                occurrences.append(
                    (
                        occurrence,
                        request,
                        room,
                        during,
                        status,
                        "Lokalet er opptatt." if status == "declined" else "",
                        created + timedelta(days=2) if decider else None,
                        decider,
                    )
                )
                produced += 1
                if status == "approved":
                    occupancy.append((occurrence, room, during, NumericRange(None, None)))
                    ancestor = self.room_parent.get(room)
                    while ancestor is not None:
                        occupancy.append(
                            (occurrence, ancestor, during, NumericRange(room, room + 1, "[)"))
                        )
                        ancestor = self.room_parent.get(ancestor)
        self.loader.copy(
            BookingRequest,
            [
                "id",
                "token",
                "room",
                "organisation",
                "organisation_name",
                "contact_name",
                "contact_email",
                "contact_phone",
                "activity",
                *BOOKING_FIELDS,
                "language",
                "created_at",
            ],
            requests,
        )
        self.loader.copy(
            BookingOccurrence,
            [
                "id",
                "request",
                "room",
                "during",
                "status",
                "decline_reason",
                "decided_at",
                "decided_by",
            ],
            occurrences,
        )
        self.loader.copy(Occupancy, ["occurrence", "room", "during", "scope"], occupancy)
        self.say(
            f"  {len(requests)} requests, {len(occurrences)} times, {len(occupancy)} occupancy rows"
        )

    # -- grant schemes -------------------------------------------------------------------
    def schemes(self) -> None:
        rng, text = self.rng, self.text
        ids = self.loader.reserve_ids(GrantScheme, self.scale.schemes)
        self.scheme_ids = list(ids)
        self.deadline_days: list[date] = []
        rows = []
        deadlines = []
        themes = (
            "Tilskudd til frivillig aktivitet",
            "Aktivitetsmidler for barn og unge",
            "Driftstilskudd",
            "Tilskudd til nabolagstiltak",
            "Inkluderingsmidler",
            "Kulturmidler",
            "Seniortilskudd",
            "Sommeraktiviteter",
            "Tilskudd til integreringstiltak",
        )
        for pk in ids:
            name = f"{rng.choice(themes)} {rng.choice(PLACE_WORDS)} {pk}"
            low = rng.choice((5_000, 10_000, 20_000, 50_000))
            rows.append(
                (
                    pk,
                    name,
                    f"{slugify(name)}-{self.tag}",
                    rng.choice(self.units),
                    text.sentence(8, 20),
                    text.paragraph(3),
                    text.paragraph(2),
                    rng.sample(TargetGroup.values, rng.randint(1, 3)),
                    rng.sample(ActivityArea.values, rng.randint(1, 3)),
                    low * rng.randint(10, 100),
                    low,
                    low * rng.randint(2, 10),
                    "https://soknad.example.org/",
                    rng.choices(["active", "closed_for_season", "discontinued"], [85, 10, 5])[0],
                    rng.choice(self.staff),
                    self.today - timedelta(days=rng.randint(0, 300)),
                )
            )
            kind = rng.choices(["yearly", "dated", "rolling"], [60, 25, 15])[0]
            if kind == "rolling":
                deadlines.append((pk, "rolling", None, ""))
                continue
            for _ in range(rng.choice((1, 1, 2))):
                # Deadlines cluster on a few favourite dates (1 March, 15 September, …).
                month, day = rng.choice(((3, 1), (3, 15), (9, 15), (10, 1), (4, 15), (11, 1)))
                year = self.today.year + (rng.choice((-1, 0, 0, 1)) if kind == "dated" else -1)
                when = date(year, month, day)
                self.deadline_days.append(when)
                deadlines.append((pk, kind, when, rng.choice(("", "Vårrunde", "Høstrunde"))))
        self.loader.copy(
            GrantScheme,
            [
                "id",
                "name",
                "slug",
                "owner",
                "summary",
                "purpose",
                "who_can_apply",
                "target_groups",
                "activity_areas",
                "total_amount",
                "amount_min",
                "amount_max",
                "application_url",
                "status",
                "responsible_editor",
                "last_checked_on",
            ],
            rows,
        )
        self.loader.copy(GrantDeadline, ["scheme", "kind", "date", "label"], deadlines)
        through = GrantScheme.districts.through
        self.loader.copy(
            through,
            ["grantscheme_id", "unit_id"],
            (
                (pk, district)
                for pk in ids
                if rng.random() < 0.3
                for district in rng.sample(self.districts, rng.randint(1, 3))
            ),
        )

    # -- guidance articles ---------------------------------------------------------------
    def articles(self) -> None:
        rng, text = self.rng, self.text
        ids = self.loader.reserve_ids(GuidanceArticle, self.scale.articles)
        editor = next((pk for pk in self.staff if pk is not None), None)
        if editor is None:
            editor = User.objects.create(username=f"bench-editor-{self.tag}", is_staff=True).pk
        rows = []
        for pk in ids:
            title = text.sentence(3, 7)[:-1]
            english = rng.random() < 0.6
            rows.append(
                (
                    pk,
                    f"{slugify(title)[:100]}-{pk}",
                    rng.choice(Topic.values),
                    title,
                    text.sentence(3, 7, ENGLISH_WORDS)[:-1] if english else "",
                    text.sentence(8, 20)[:300],
                    text.sentence(8, 20, ENGLISH_WORDS)[:300] if english else "",
                    "\n\n".join(text.paragraph(4) for _ in range(rng.randint(3, 8))),
                    "\n\n".join(text.paragraph(4, ENGLISH_WORDS) for _ in range(3))
                    if english
                    else "",
                    self.today - timedelta(days=rng.randint(0, 500)),
                    editor,
                    rng.random() < 0.95,
                )
            )
        self.loader.copy(
            GuidanceArticle,
            [
                "id",
                "slug",
                "topic",
                "title_nb",
                "title_en",
                "summary_nb",
                "summary_en",
                "body_nb",
                "body_en",
                "last_checked",
                "responsible_editor",
                "is_published",
            ],
            rows,
        )

    # -- enquiries -----------------------------------------------------------------------
    def enquiries(self) -> None:
        rng, text = self.rng, self.text
        count = self.scale.enquiries
        ids = self.loader.reserve_ids(Enquiry, count)
        officers = [pk for pk in self.staff if pk is not None]
        # Received over two years, peaking in the three weeks before grant deadlines and
        # before the premises rounds (1 June, 1 November).
        peaks = list(self.deadline_days) + [
            date(year, month, 1)
            for year in (self.today.year - 1, self.today.year)
            for month in (6, 11)
        ]
        span_start = self.today - timedelta(days=730)
        counters: dict[int, int] = dict(ReferenceCounter.objects.values_list("year", "last_number"))
        received_list = []
        for _ in range(count):
            if peaks and rng.random() < 0.45:
                peak = rng.choice(peaks)
                day = peak - timedelta(days=int(rng.triangular(0, 21, 0)))
            else:
                day = span_start + timedelta(days=rng.randrange(730))
            day = min(max(day, span_start), self.today)
            received_list.append(oslo_datetime(day, time(rng.randint(7, 22), rng.randrange(60))))
        received_list.sort()
        organisation_names = list(self.organisation_names.values())
        rows = []
        messages = []
        for pk, received in zip(ids, received_list, strict=True):
            year = received.year
            counters[year] = counters.get(year, 0) + 1
            age = (self.now - received).days
            if age > 30:
                status = rng.choices(["closed", "answered", "waiting"], [60, 38, 2])[0]
            elif age > 7:
                status = rng.choices(
                    ["answered", "in_progress", "waiting", "closed"], [50, 30, 10, 10]
                )[0]
            else:
                status = rng.choices(["new", "in_progress", "answered"], [50, 35, 15])[0]
            due = received.date() + timedelta(days=7)
            answered = (
                received + timedelta(days=rng.randint(0, 9))
                if status in ("answered", "closed")
                else None
            )
            officer = rng.choice(officers) if officers and status != "new" else None
            contact = text.person()
            topic = rng.choices(Topic.values, [35, 30, 10, 10, 5, 10])[0]
            rows.append(
                (
                    pk,
                    f"FK-{year}-{counters[year]:05d}",
                    secrets.token_urlsafe(32),
                    uuid.uuid4(),
                    topic,
                    rng.choice(self.districts) if rng.random() < 0.8 else None,
                    rng.choice(organisation_names) if rng.random() < 0.6 else "",
                    contact,
                    text.email(contact, pk),
                    text.phone() if rng.random() < 0.5 else "",
                    text.paragraph(rng.randint(1, 5)),
                    "nb" if rng.random() < 0.85 else "en",
                    status,
                    officer,
                    rng.choice(self.venue_ids)
                    if topic == "premises" and rng.random() < 0.4
                    else None,
                    rng.choice(self.scheme_ids)
                    if topic == "grants" and rng.random() < 0.4
                    else None,
                    received,
                    due,
                    received.date() if status == "waiting" else None,
                    answered,
                    answered + timedelta(days=14) if status == "closed" else None,
                )
            )
            messages.append((pk, "from_person", None, rows[-1][10], received))
            if answered is not None:
                messages.append((pk, "reply", officer, text.paragraph(3), answered))
        self.loader.copy(
            Enquiry,
            [
                "id",
                "reference",
                "token",
                "submission_key",
                "topic",
                "district",
                "organisation_name",
                "contact_name",
                "email",
                "phone",
                "message",
                "language",
                "status",
                "assigned_officer",
                "venue",
                "grant_scheme",
                "received_at",
                "due_date",
                "paused_on",
                "first_answered_at",
                "closed_at",
            ],
            rows,
        )
        self.loader.copy(
            EnquiryMessage, ["enquiry", "kind", "author", "body", "created_at"], messages
        )
        with connection.cursor() as cursor:
            for year, last in counters.items():
                cursor.execute(
                    "INSERT INTO henvendelser_referencecounter (year, last_number) VALUES (%s, %s)"
                    " ON CONFLICT (year) DO UPDATE SET last_number = GREATEST("
                    "henvendelser_referencecounter.last_number, EXCLUDED.last_number)",
                    [year, last],
                )

    # -- events and registrations --------------------------------------------------------
    def events(self) -> None:
        rng, text = self.rng, self.text
        count = self.scale.events
        ids = list(self.loader.reserve_ids(Event, count))
        per_event = [0] * count
        # Popular events draw most registrations.
        weights = zipf_weights(count, 0.6)
        for index in rng.choices(range(count), weights, k=self.scale.registrations):
            per_event[index] += 1
        registration_ids = iter(self.loader.reserve_ids(Registration, self.scale.registrations))
        events = []
        registrations = []
        titles = (
            "Nettverksmøte for frivillige",
            "Kurs i søknadsskriving",
            "Frivillighetsmarked",
            "Informasjonsmøte om tilskudd",
            "Åpen møteplass",
            "Styrekurs for foreninger",
        )
        for pk, wanted in zip(ids, per_event, strict=True):
            starts = self.now + timedelta(days=rng.randint(-500, 180), hours=rng.randint(0, 10))
            starts = starts.replace(minute=0, second=0, microsecond=0)
            ends = starts + timedelta(hours=rng.choice((1, 2, 3)))
            capacity = max(10, int(wanted * rng.uniform(0.7, 1.3)) + 5)
            confirmed_total = 0
            cancelled = rng.random() < 0.03
            for _ in range(wanted):
                name = text.person()
                party = rng.choices((1, 2, 3, 4), (70, 18, 8, 4))[0]
                created = starts - timedelta(days=rng.randint(1, 60), minutes=rng.randrange(1440))
                if rng.random() < 0.08:
                    status, confirmed, waiting = "cancelled", 0, 0
                else:
                    confirmed = max(0, min(party, capacity - confirmed_total))
                    waiting = party - confirmed
                    confirmed_total += confirmed
                    status = (
                        "confirmed"
                        if waiting == 0
                        else ("waiting" if confirmed == 0 else "partly_waiting")
                    )
                reg = next(registration_ids)
                registrations.append(
                    (
                        reg,
                        pk,
                        name,
                        text.email(name, reg),
                        party,
                        status,
                        confirmed,
                        waiting,
                        secrets.token_urlsafe(32),
                        created,
                        created + timedelta(days=1) if status == "cancelled" else None,
                    )
                )
            title = f"{rng.choice(titles)} {rng.choice(PLACE_WORDS)}"
            venue = rng.choice(self.venue_ids) if rng.random() < 0.6 else None
            events.append(
                (
                    pk,
                    rng.choice(EventKind.values),
                    title,
                    f"{slugify(title)}-{pk}-{self.tag}",
                    text.paragraph(3),
                    starts,
                    ends,
                    rng.choice(self.units),
                    self.venue_district.get(venue) if venue else rng.choice(self.districts),
                    venue,
                    "" if venue else f"{rng.choice(STREETS)} {rng.randint(1, 99)}",
                    rng.sample(TargetGroup.values, rng.randint(0, 2)),
                    rng.choice(EventLanguage.values),
                    capacity,
                    confirmed_total,
                    "cancelled" if cancelled else "planned",
                    "Avlyst på grunn av sykdom." if cancelled else "",
                    starts - timedelta(days=rng.randint(60, 120)),
                )
            )
        self.loader.copy(
            Event,
            [
                "id",
                "kind",
                "title",
                "slug",
                "description",
                "starts_at",
                "ends_at",
                "unit",
                "district",
                "venue",
                "place",
                "target_groups",
                "language",
                "capacity",
                "confirmed_places",
                "state",
                "state_message",
                "created_at",
            ],
            events,
        )
        self.loader.copy(
            Registration,
            [
                "id",
                "event",
                "name",
                "email",
                "party_size",
                "status",
                "confirmed_places",
                "waiting_places",
                "cancel_token",
                "created_at",
                "cancelled_at",
            ],
            registrations,
        )


def generate(*, scale: str, seed: int = 2026, stdout: TextIO) -> None:
    """Add `scale` worth of data on top of what is in the database (run load_demo first)."""
    Generator(scale_named(scale), seed=seed, stdout=stdout).run()
