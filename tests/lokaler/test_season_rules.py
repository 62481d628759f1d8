"""Oslo's lending rules, rule by rule, with the explanations people see, and the prices
checked against the published examples (41/155/458 kr per hour, set-up 931/473 kr,
supervision 250 kr and extra cleaning 297 kr per hour)."""

from decimal import Decimal

import pytest
from django.utils import translation

from lokaler.lending_rules import (
    TIER_FREE_YOUTH,
    TIER_OTHERS,
    TIER_SEASON_HOLDER,
    Borrower,
    Use,
    free_of_charge,
    price,
    season_priority,
)
from tests.lokaler.season_factories import PriceTableFactory


class Prices:
    """The published figures, without the database."""

    year = 2027
    room_up_to_100 = 41
    room_100_to_400 = 155
    room_over_400 = 458
    setup_fee_term = 931
    setup_fee_single = 473
    supervision_per_hour = 250
    cleaning_per_hour = 297


ADULTS = Borrower(age_group="adults", share_under_25=0)


@pytest.fixture(autouse=True)
def _bokmal():
    with translation.override("nb"):
        yield


def test_free__pupils_of_the_school__whatever_their_age():
    verdict = free_of_charge(Borrower(age_group="adults", is_for_pupils_of_the_school=True))
    assert verdict.is_free
    assert verdict.reason == "Gratis: aktivitet for skolens egne elever"


@pytest.mark.parametrize("age_group", ["children", "youth"])
def test_free__children_and_youth_under_25(age_group):
    verdict = free_of_charge(Borrower(age_group=age_group))
    assert verdict.is_free and verdict.is_youth_activity
    assert verdict.reason == "Gratis: aktivitet for barn og unge under 25 år"


def test_free__mixed_age_group_with_exactly_90_percent_under_25():
    verdict = free_of_charge(Borrower(age_group="all_ages", share_under_25=90))
    assert verdict.is_free
    assert "minst 90 %" in verdict.reason


def test_cost_price__mixed_age_group_with_89_percent_under_25():
    verdict = free_of_charge(Borrower(age_group="all_ages", share_under_25=89))
    assert not verdict.is_free
    assert "færre enn 90 %" in verdict.reason


def test_free__sports_for_people_with_intellectual_disabilities_regardless_of_age():
    verdict = free_of_charge(
        Borrower(age_group="adults", share_under_25=10, is_adapted_sports=True)
    )
    assert verdict.is_free
    assert "utviklingshemming" in verdict.reason


def test_free__approved_adult_education_organisation():
    verdict = free_of_charge(Borrower(age_group="adults", is_adult_education=True))
    assert verdict.is_free
    assert "studieforbund" in verdict.reason


def test_cost_price__adults_with_no_rule_for_free_lending():
    verdict = free_of_charge(Borrower(age_group="adults"))
    assert not verdict.is_free
    assert verdict.reason == "Kostpris: ingen regel om gratis utlån gjelder"


def test_cost_price__youth_at_a_venue_that_has_turned_free_lending_off():
    verdict = free_of_charge(Borrower(age_group="youth"), venue_free_for_youth=False)
    assert not verdict.is_free


def test_english_explanation():
    with translation.override("en"):
        assert (
            free_of_charge(Borrower(age_group="youth")).reason
            == "Free: activity for children and youth under 25"
        )


@pytest.mark.parametrize(
    ("area", "whole_school", "rate"),
    [
        (60, False, 41),
        (100, False, 41),
        (101, False, 155),
        (400, False, 155),
        (401, False, 458),
        (None, True, 458),
        (80, True, 458),
    ],
)
def test_price__hourly_rate_by_the_size_of_the_room(area, whole_school, rate):
    result = price(
        borrower=ADULTS,
        prices=Prices,
        uses=[Use(area_square_metres=area, hours=1, whole_school=whole_school)],
        is_term=False,
    )
    assert result.lines[0].amount == rate


def test_price__published_example__single_evening_in_a_300_m2_gym():
    """2 hours × 155 kr + set-up fee 473 kr for a single evening = 783 kr."""
    result = price(borrower=ADULTS, prices=Prices, uses=[Use(300, 2)], is_term=False)
    assert [line.amount for line in result.lines] == [310, 473]
    assert result.total == 783


def test_price__published_example__a_term_of_15_evenings_in_a_classroom():
    """15 evenings × 2 hours × 41 kr + set-up fee 931 kr for a term = 2161 kr."""
    result = price(borrower=ADULTS, prices=Prices, uses=[Use(70, 30)], is_term=True)
    assert result.total == 30 * 41 + 931 == 2161
    assert result.lines[0].label == "30 timer × 41 kr (rom opptil 100 m²)"


def test_price__published_example__whole_school_with_supervision_and_cleaning():
    """4 hours × (458 + 250 + 297) + 473 = 4493 kr."""
    result = price(
        borrower=ADULTS,
        prices=Prices,
        uses=[Use(None, 4, whole_school=True, requires_supervision=True, requires_cleaning=True)],
        is_term=False,
    )
    assert result.total == 4 * 458 + 4 * 250 + 4 * 297 + 473 == 4493


def test_price__two_rooms_in_one_agreement_pay_one_set_up_fee():
    result = price(
        borrower=ADULTS, prices=Prices, uses=[Use(300, 10), Use(80, Decimal("7.5"))], is_term=True
    )
    assert result.total == 10 * 155 + Decimal("7.5") * 41 + 931


def test_price__free_borrower_has_no_lines_and_says_why():
    result = price(
        borrower=Borrower(age_group="youth"), prices=Prices, uses=[Use(300, 30)], is_term=True
    )
    assert result.is_free and result.lines == [] and result.total == 0


@pytest.mark.parametrize("uses", [[], [Use(300, 0)]], ids=["no rooms", "no hours"])
def test_price__nothing_allocated__costs_nothing_not_even_the_set_up_fee(uses):
    result = price(borrower=ADULTS, prices=Prices, uses=uses, is_term=True)
    assert result.lines == [] and result.total == 0
    assert result.reason == "Ingenting å betale: ingen tid ble tildelt"


def test_price__without_a_price_table_says_so():
    result = price(borrower=ADULTS, prices=None, uses=[Use(300, 2)], is_term=False)
    assert not result.is_free and result.lines == []
    assert "ikke publisert" in result.reason


@pytest.mark.django_db
def test_price_table__newest_table_up_to_the_year_applies():
    from lokaler.season.models import PriceTable

    PriceTableFactory(year=2026, room_up_to_100=40)
    PriceTableFactory(year=2027)
    assert PriceTable.for_year(2026).room_up_to_100 == 40
    assert PriceTable.for_year(2028).year == 2027
    assert PriceTable.for_year(2025) is None


def test_priority__season_holder_comes_first_even_when_paying():
    priority = season_priority(borrower=ADULTS, held_season_before=True)
    assert priority.tier == TIER_SEASON_HOLDER
    assert priority.reason == "prioritert: sesonglåner forrige sesong"


def test_priority__free_activity_for_children_and_youth_comes_second():
    priority = season_priority(
        borrower=Borrower(age_group="all_ages", share_under_25=95), held_season_before=False
    )
    assert priority.tier == TIER_FREE_YOUTH
    assert priority.reason == "prioritert: gratis aktivitet for barn og unge"


def test_priority__free_for_another_reason_is_not_youth_priority():
    priority = season_priority(
        borrower=Borrower(age_group="adults", is_adult_education=True), held_season_before=False
    )
    assert priority.tier == TIER_OTHERS


def test_priority__others_come_last():
    assert season_priority(borrower=ADULTS, held_season_before=False).tier == TIER_OTHERS
