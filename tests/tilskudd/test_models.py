"""The rules of schemes and deadlines: next deadline in SQL and Python, lists, constraints."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from frivilligkontor.choices import TargetGroup
from tests.factories import UnitFactory, district
from tests.tilskudd.factories import GrantDeadlineFactory, GrantSchemeFactory
from tilskudd.models import GrantDeadline, GrantScheme, next_occurrence_expression
from tilskudd.services import describe_deadline

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    "today",
    [
        dt.date(2026, 11, 22),
        dt.date(2027, 2, 28),
        dt.date(2027, 3, 1),
        dt.date(2028, 2, 28),
        dt.date(2028, 2, 29),
        dt.date(2028, 3, 1),
        dt.date(2026, 12, 31),
    ],
)
def test_next_occurrence__database_and_python__agree(today):
    scheme = GrantSchemeFactory()
    for kind, day in [
        ("yearly", dt.date(2024, 2, 29)),
        ("yearly", dt.date(2020, 12, 1)),
        ("yearly", dt.date(2029, 1, 5)),
        ("yearly", today),
        ("dated", dt.date(2026, 11, 1)),
        ("dated", today),
        ("dated", dt.date(2030, 1, 1)),
        ("rolling", None),
    ]:
        GrantDeadlineFactory(scheme=scheme, kind=kind, date=day)
    rows = GrantDeadline.objects.filter(scheme=scheme).annotate(
        next_on=next_occurrence_expression(today)
    )
    for row in rows:
        assert row.next_on == row.next_occurrence(today), (row.kind, row.date)


def test_yearly_deadline__after_this_years_date__moves_to_next_year():
    deadline = GrantDeadline(kind="yearly", date=dt.date(2020, 3, 1))
    assert deadline.next_occurrence(TODAY) == dt.date(2027, 3, 1)
    assert deadline.next_occurrence(dt.date(2027, 3, 1)) == dt.date(2027, 3, 1)


def test_dated_deadline__in_the_past__has_no_next_occurrence():
    assert GrantDeadline(kind="dated", date=dt.date(2026, 1, 1)).next_occurrence(TODAY) is None
    assert GrantDeadline(kind="rolling").next_occurrence(TODAY) is None


def test_with_next_deadline__picks_the_soonest_coming_deadline():
    scheme = GrantSchemeFactory()
    GrantDeadlineFactory(scheme=scheme, date=TODAY - dt.timedelta(days=3))
    GrantDeadlineFactory(scheme=scheme, date=TODAY + dt.timedelta(days=40))
    GrantDeadlineFactory(scheme=scheme, kind="yearly", date=dt.date(2025, 12, 1))
    annotated = GrantScheme.objects.with_next_deadline(TODAY).get(pk=scheme.pk)
    assert annotated.next_deadline == dt.date(2026, 12, 1)
    assert annotated.has_rolling_deadline is False


def test_by_next_deadline__soonest_first_then_rolling_then_none():
    later = GrantSchemeFactory(name="B later")
    GrantDeadlineFactory(scheme=later, date=TODAY + dt.timedelta(days=30))
    sooner = GrantSchemeFactory(name="C sooner")
    GrantDeadlineFactory(scheme=sooner, date=TODAY + dt.timedelta(days=3))
    rolling = GrantSchemeFactory(name="D rolling")
    GrantDeadlineFactory(scheme=rolling, kind="rolling", date=None)
    nothing = GrantSchemeFactory(name="A nothing")
    ordered = list(GrantScheme.objects.with_next_deadline(TODAY).by_next_deadline())
    assert ordered == [sooner, later, rolling, nothing]


def test_listed__leaves_out_discontinued_schemes():
    active = GrantSchemeFactory()
    closed = GrantSchemeFactory(status=GrantScheme.Status.CLOSED_FOR_SEASON)
    gone = GrantSchemeFactory(status=GrantScheme.Status.DISCONTINUED)
    listed = set(GrantScheme.objects.listed())
    assert {active, closed} <= listed
    assert gone not in listed


def test_open_now__active_with_coming_or_rolling_deadline():
    open_dated = GrantSchemeFactory()
    GrantDeadlineFactory(scheme=open_dated, date=TODAY + dt.timedelta(days=5))
    open_rolling = GrantSchemeFactory()
    GrantDeadlineFactory(scheme=open_rolling, kind="rolling", date=None)
    past_only = GrantSchemeFactory()
    GrantDeadlineFactory(scheme=past_only, date=TODAY - dt.timedelta(days=5))
    closed = GrantSchemeFactory(status=GrantScheme.Status.CLOSED_FOR_SEASON)
    GrantDeadlineFactory(scheme=closed, kind="yearly", date=dt.date(2026, 4, 15))
    found = set(GrantScheme.objects.with_next_deadline(TODAY).open_now())
    assert found == {open_dated, open_rolling}


def test_deadline_within__30_days():
    soon = GrantSchemeFactory()
    GrantDeadlineFactory(scheme=soon, date=TODAY + dt.timedelta(days=30))
    late = GrantSchemeFactory()
    GrantDeadlineFactory(scheme=late, date=TODAY + dt.timedelta(days=31))
    found = set(GrantScheme.objects.with_next_deadline(TODAY).deadline_within(TODAY, 30))
    assert found == {soon}


def test_available_in_district__own_limited_and_city_wide_schemes():
    sondre = district("Søndre Nordstrand")
    alna = district("Alna")
    own = GrantSchemeFactory(owner=sondre)
    other_district = GrantSchemeFactory(owner=alna)
    city_wide = GrantSchemeFactory(owner=UnitFactory(name="Kulturetaten"))
    limited_elsewhere = GrantSchemeFactory(owner=UnitFactory(name="Bymiljøetaten"))
    limited_elsewhere.districts.add(alna)
    limited_here = GrantSchemeFactory(owner=UnitFactory(name="Utdanningsetaten"))
    limited_here.districts.add(sondre, alna)
    found = set(GrantScheme.objects.available_in_district(sondre))
    assert found == {own, city_wide, limited_here}
    assert other_district not in found


def test_for_target_group__matches_array_membership():
    youth = GrantSchemeFactory(target_groups=[TargetGroup.CHILDREN_YOUTH, TargetGroup.SENIORS])
    GrantSchemeFactory(target_groups=[TargetGroup.SENIORS])
    assert list(GrantScheme.objects.for_target_group(TargetGroup.CHILDREN_YOUTH)) == [youth]


def test_amount_range_upside_down__is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantSchemeFactory(amount_min=50_000, amount_max=5_000)


def test_rolling_deadline_with_a_date__is_refused_by_the_database():
    scheme = GrantSchemeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantDeadline.objects.create(scheme=scheme, kind="rolling", date=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantDeadline.objects.create(scheme=scheme, kind="dated", date=None)


def test_unknown_status__is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantSchemeFactory(status="paused")


def test_past_review_date__only_schemes_not_checked_within_their_interval():
    stale = GrantSchemeFactory(last_checked_on=TODAY - dt.timedelta(days=181))
    GrantSchemeFactory(last_checked_on=TODAY - dt.timedelta(days=180))
    GrantSchemeFactory(
        last_checked_on=TODAY - dt.timedelta(days=400), status=GrantScheme.Status.DISCONTINUED
    )
    assert list(GrantScheme.objects.past_review_date(TODAY)) == [stale]
    assert stale.is_past_review_date(TODAY)


def test_mark_checked__sets_last_checked_today():
    scheme = GrantSchemeFactory(last_checked_on=TODAY - dt.timedelta(days=300))
    scheme.mark_checked(today=TODAY)
    scheme.refresh_from_db()
    assert scheme.last_checked_on == TODAY
    assert not scheme.is_past_review_date(TODAY)


@pytest.mark.parametrize(
    ("language", "days", "expected"),
    [
        ("nb", 12, "frist om 12 dager, 4. desember"),
        ("nb", 1, "frist i morgen, 23. november"),
        ("nb", 0, "frist i dag, 22. november"),
        ("nb", 99, "frist om 99 dager, 1. mars 2027"),
        ("en", 12, "deadline in 12 days, 4 December"),
        ("en", 1, "deadline tomorrow, 23 November"),
        ("en", 99, "deadline in 99 days, 1 March 2027"),
    ],
)
def test_describe_deadline__plain_words_translated_and_pluralised(language, days, expected):
    with translation.override(language):
        assert describe_deadline(TODAY + dt.timedelta(days=days), TODAY) == expected


def test_describe_deadline__singular_day():
    # "in 1 day" never happens (that is "tomorrow"), but the plural forms must still fit.
    with translation.override("nb"):
        assert describe_deadline(TODAY + dt.timedelta(days=2), TODAY).startswith("frist om 2 dager")


def test_changes_to_a_scheme__are_kept_in_the_audit_trail():
    import pghistory.models

    scheme = GrantSchemeFactory(last_checked_on=TODAY - dt.timedelta(days=300))
    scheme.mark_checked(today=TODAY)
    events = pghistory.models.Events.objects.tracks(scheme)
    assert sorted(event.pgh_label for event in events) == ["insert", "update"]
    update = next(event for event in events if event.pgh_label == "update")
    assert update.pgh_data["last_checked_on"] == TODAY.isoformat()


def test_matching__combines_words_target_group_and_open_now_and_keeps_deadline_order():
    later = GrantSchemeFactory(
        name="Frivillighetsmidler for barn", target_groups=["children_youth"]
    )
    GrantDeadlineFactory(scheme=later, date=TODAY + dt.timedelta(days=20))
    sooner = GrantSchemeFactory(name="Frivillighetsmidler ungdom", target_groups=["children_youth"])
    GrantDeadlineFactory(scheme=sooner, date=TODAY + dt.timedelta(days=3))
    seniors = GrantSchemeFactory(name="Frivillighetsmidler eldre", target_groups=["seniors"])
    GrantDeadlineFactory(scheme=seniors, date=TODAY + dt.timedelta(days=3))
    closed = GrantSchemeFactory(name="Frivillighet stengt", target_groups=["children_youth"])
    GrantDeadlineFactory(scheme=closed, date=TODAY - dt.timedelta(days=3))
    GrantSchemeFactory(name="Kunstmidler", target_groups=["children_youth"])
    schemes = GrantScheme.objects.with_next_deadline(TODAY).by_next_deadline()
    found = schemes.matching(
        today=TODAY, text="frivillig", target_group="children_youth", open_now=True
    )
    assert list(found) == [sooner, later]
    soon = schemes.matching(today=TODAY, text="frivillig", deadline_within_days=10)
    assert list(soon) == [seniors, sooner]  # same deadline: by name
