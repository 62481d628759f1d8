"""Issue 11's "Done when", in Chromium, by keyboard, axe on every page, bokmål and English.

Three organisations apply in one round for overlapping Tuesday evenings in the same gym
(a season holder and a youth club in bokmål, an adult choir that pays in English); after the
deadline an Alna employee runs the proposal, sees the conflict and the reasons, moves the
choir to Wednesday and sends the decisions; each e-mail has its outcome, reason, price and
an iCal file; the times show as booked on the venue page; a single request for one of those
Tuesdays is refused; the round's figures show the hours applied for, allocated, declined;
the staff workspace passes axe in English too."""

import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from frivilligkontor.models import Roles
from lokaler.season.models import SeasonApplication, SeasonRound, SeasonWish
from tests.conftest import admin_login
from tests.factories import district, valid_organisation_number
from tests.lokaler.factories import RoomFactory, VenueFactory, open_evenings
from tests.lokaler.season_factories import (
    PriceTableFactory,
    SeasonRoundFactory,
    SeasonWishFactory,
    closed_round,
)

HOLDER_NUMBER = valid_organisation_number(11)


def press_enter_on(page, locator) -> None:
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def round_with_gym(db):
    venue = VenueFactory(name="Haugerud skole", unit=district("Alna"))
    open_evenings(venue)
    gym = RoomFactory(venue=venue, name="Gymsal", capacity=60, area_square_metres=300)
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        PriceTableFactory(year=year)
    season_round = SeasonRoundFactory(name="Sesongutlån våren, Bydel Alna", venues=[venue])
    # Furuset IF had Tuesday 18–20 in the gym last season.
    earlier = closed_round(
        name="Forrige sesong",
        venues=[venue],
        term_starts_on=today - timedelta(days=200),
        term_ends_on=today - timedelta(days=100),
        decisions_sent_at=timezone.now() - timedelta(days=150),
    )
    held = SeasonWishFactory(
        application__round=earlier,
        application__organisation_name="Furuset IF",
        application__organisation_number=HOLDER_NUMBER,
        application__is_new_initiative=False,
        room=gym,
    )
    SeasonWish.objects.filter(pk=held.pk).update(
        outcome="allocated",
        allocated_room=gym,
        allocated_weekday=1,
        allocated_start=time(18),
        allocated_end=time(20),
        reason="tildelt som søkt",
    )
    return season_round, gym


def apply(axe_page, base, season_round, gym, *, english, name, number, email, age, share, start):
    """Fill the application by keyboard, check it (the price shows), send it."""
    page = axe_page.page
    prefix = "/en" if english else ""
    page.goto(f"{base}{prefix}{season_round.get_absolute_url()}")
    axe_page.assert_accessible()
    press_enter_on(
        page,
        page.get_by_role(
            "link", name="Apply for season lending" if english else "Søk om sesongutlån"
        ),
    )
    page.locator("#id_organisation_name").fill(name)
    if number:
        page.locator("#id_organisation_number").fill(number)
    else:
        page.locator("#id_is_new_initiative").focus()
        page.keyboard.press("Space")
    page.locator("#id_contact_name").fill("Kontakt " + name)
    page.locator("#id_contact_email").fill(email)
    page.locator("#id_activity").fill("Trening og øving")
    page.locator("#id_age_group").select_option(age)
    page.locator("#id_share_under_25").fill(str(share))
    page.locator("#id_participants").fill("30")
    page.locator("#id_wish-0-place").select_option(f"room-{gym.pk}")
    page.locator("#id_wish-0-weekday").select_option("1")
    page.locator("#id_wish-0-start_time").fill(f"{start}:00")
    page.locator("#id_wish-0-end_time").fill(f"{start + 2}:00")
    press_enter_on(
        page,
        page.get_by_role("button", name="Check the application" if english else "Sjekk søknaden"),
    )
    axe_page.assert_accessible()
    press_enter_on(
        page,
        page.get_by_role("button", name="Send the application" if english else "Send søknaden"),
    )
    expect(
        page.get_by_role(
            "heading", name="Your season application" if english else "Sesongsøknaden din"
        )
    ).to_be_visible()
    axe_page.assert_accessible()


@pytest.mark.django_db(transaction=True)
def test_three_organisations_apply_staff_allocate_and_decisions_become_bookings(
    axe_page, live_server, round_with_gym, make_staff, staff_password
):
    season_round, gym = round_with_gym
    page = axe_page.page
    base = live_server.url

    # 1. The round is listed; three organisations apply for Tuesday evening in the gym.
    page.goto(f"{base}{reverse('lokaler:season_list')}")
    expect(page.get_by_role("link", name=season_round.name)).to_be_visible()
    axe_page.assert_accessible()
    apply(
        axe_page,
        base,
        season_round,
        gym,
        english=False,
        name="Furuset IF",
        number=HOLDER_NUMBER,
        email="if@example.org",
        age="adults",
        share=10,
        start=18,
    )
    apply(
        axe_page,
        base,
        season_round,
        gym,
        english=False,
        name="Haugerud ungdomsklubb",
        number="",
        email="klubb@example.org",
        age="youth",
        share=100,
        start=19,
    )
    apply(
        axe_page,
        base,
        season_round,
        gym,
        english=True,
        name="Alna Adult Choir",
        number="",
        email="choir@example.org",
        age="adults",
        share=0,
        start=18,
    )
    expect(page.get_by_text("Cost price: fewer than 90 %")).to_be_visible()
    assert SeasonApplication.objects.filter(round=season_round).count() == 3

    # 2. The deadline passes.
    today = timezone.localdate()
    SeasonRound.objects.filter(pk=season_round.pk).update(
        opens_on=today - timedelta(days=40), closes_on=today - timedelta(days=1)
    )

    # 3. An Alna employee runs the proposal and sees the conflict and the reasons.
    alna = make_staff(Roles.UNIT_STAFF, units=(district("Alna"),), username="alna-sesong")
    admin_login(page, base, alna.username, staff_password)
    page.goto(f"{base}{reverse('admin:lokaler_seasonround_workspace', args=[season_round.pk])}")
    expect(page.get_by_text("Konflikt: 3 ønsker").first).to_be_visible()
    axe_page.assert_accessible()
    press_enter_on(page, page.get_by_role("button", name="Lag forslag"))
    expect(page.get_by_text("Forslag laget: 1 ønske(r) tildelt, 2 avslått.")).to_be_visible()
    expect(
        page.get_by_text("prioritert: samme tid forrige sesong; tildelt som søkt")
    ).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"avslått: Gymsal full Tirsdag 19:00–21:00"))
    ).to_be_visible()
    axe_page.assert_accessible()

    # 4. The choir is moved to Wednesday; the youth club stays declined with its reason.
    press_enter_on(page, page.get_by_role("link", name=re.compile("endre Alna Adult Choir")))
    axe_page.assert_accessible()
    page.get_by_label("Ukedag").select_option("2")
    press_enter_on(page, page.get_by_role("button", name="Tildel", exact=True))
    expect(page.get_by_text("Ønsket er tildelt.")).to_be_visible()
    # The reason is written in the choir's language, for its decision e-mail.
    expect(
        page.get_by_text("allocated with a change: Wednesday 18:00–20:00, Gymsal, Haugerud skole")
    ).to_be_visible()

    # 5. The figures show the hours applied for, allocated and declined.
    expect(
        page.get_by_text(
            re.compile(
                r"3 søknad\(er\)\. Timer per uke søkt om: 6[,.]0; tildelt: 4[,.]0; avslått: 2[,.]0"
            )
        )
    ).to_be_visible()

    # 6. The decisions are sent: one e-mail each, with outcome, reason, price and iCal.
    press_enter_on(page, page.get_by_role("link", name="Send vedtakene"))
    axe_page.assert_accessible()
    mail.outbox.clear()
    press_enter_on(page, page.get_by_role("button", name="Send vedtakene nå"))
    expect(page.get_by_text("Vedtakene er sendt til 3 søker(e)")).to_be_visible()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    choir = by_recipient["choir@example.org"]
    assert "allocated with a change: Wednesday 18:00–20:00" in choir.body
    assert "Cost price" in choir.body and "Total for the term:" in choir.body
    assert choir.attachments[0][0] == "sesong.ics"
    holder = by_recipient["if@example.org"]
    assert "prioritert: samme tid forrige sesong" in holder.body
    assert "Kostpris" in holder.body and "Til sammen for semesteret:" in holder.body
    assert holder.attachments[0][0] == "sesong.ics"
    club = by_recipient["klubb@example.org"]
    assert "Avslått" in club.body and "avslått: Gymsal full Tirsdag 19:00–21:00" in club.body
    assert "Gratis: aktivitet for barn og unge under 25 år" in club.body

    # 7. The allocated Tuesdays show as booked on the venue page.
    holder_booking = SeasonWish.objects.get(
        application__round=season_round, application__organisation_name="Furuset IF"
    ).booking
    tuesday = holder_booking.first_date
    page.goto(
        f"{base}{reverse('lokaler:venue_detail', kwargs={'slug': gym.venue.slug})}"
        f"?uke={tuesday.isoformat()}"
    )
    week = page.get_by_role("table", name=re.compile("^Haugerud skole, uke"))
    tuesday_row = week.get_by_role("row").nth(2)  # the rooms, Monday, Tuesday
    expect(tuesday_row).to_contain_text("Tirsdag")
    expect(tuesday_row.get_by_role("cell").first).to_contain_text("Booket 18:00–20:00")
    axe_page.assert_accessible()

    # 8. A single request for one of those Tuesdays is refused.
    page.goto(
        f"{base}{reverse('lokaler:booking_request_create', kwargs={'slug': gym.venue.slug, 'room_slug': gym.slug})}"
        f"?first_date={tuesday.isoformat()}&start_time=18:30&end_time=19:30"
    )
    page.get_by_label("Organisasjon eller initiativ").fill("Noen andre")
    page.get_by_label("Vi er et nytt initiativ").focus()
    page.keyboard.press("Space")
    page.get_by_label("Kontaktperson").fill("Ola")
    page.get_by_label("Kontakt-e-post").fill("ola@example.org")
    page.get_by_label("Aktivitet").fill("Bursdag")
    page.get_by_label("Forventet antall personer").fill("10")
    page.get_by_label("Aldersgruppe").select_option("adults")
    press_enter_on(page, page.get_by_role("button", name="Sjekk tidene"))
    expect(page.get_by_role("checkbox", name=re.compile("Allerede booket"))).to_have_count(1)
    press_enter_on(page, page.get_by_role("button", name="Send forespørselen"))
    expect(page.get_by_text("Noen av de valgte tidene er ikke ledige")).to_be_visible()
    axe_page.assert_accessible()

    # 9. The staff workspace in English as well (issue 11 asks for both languages): one
    # visit after the decisions, with its figures, and axe.
    with translation.override("en"):
        workspace = reverse("admin:lokaler_seasonround_workspace", args=[season_round.pk])
    page.goto(f"{base}{workspace}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(
        page.get_by_text(
            re.compile(
                r"3 application\(s\)\. Hours per week applied for: 6[,.]0; "
                r"allocated: 4[,.]0; declined: 2[,.]0"
            )
        )
    ).to_be_visible()
    axe_page.assert_accessible()
