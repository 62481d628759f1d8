"""The issue's "Done when" journey in Chromium, with the keyboard, and axe on each page."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from frivilligkontor.models import Roles
from tests.conftest import admin_login
from tests.factories import UnitFactory, district
from tests.tilskudd.factories import GrantDeadlineFactory, GrantSchemeFactory
from tilskudd.models import GrantScheme, Subscription


def press(locator, key: str = "Enter") -> None:
    locator.focus()
    locator.press(key)


@pytest.mark.django_db(transaction=True)
def test_journey__find_subscribe_confirm_ask_and_editor_marks_checked(
    live_server, axe_page, make_staff, staff_password
):
    today = timezone.localdate()
    sondre = district("Søndre Nordstrand")
    wanted = GrantSchemeFactory(
        name="Aktivitetsmidler for barn og unge – Søndre Nordstrand",
        slug="aktivitetsmidler-barn-unge-sondre-nordstrand",
        owner=sondre,
        target_groups=["children_youth"],
        deadline_in_days=9,
        is_example=True,
    )
    GrantSchemeFactory(
        name="Seniortreff Søndre Nordstrand",
        owner=sondre,
        target_groups=["seniors"],
        deadline_in_days=9,
    )
    GrantSchemeFactory(
        name="Sommerleir Søndre Nordstrand",
        owner=sondre,
        target_groups=["children_youth"],
        deadline_in_days=60,
    )
    GrantSchemeFactory(
        name="Ungdomsmidler Alna",
        owner=district("Alna"),
        target_groups=["children_youth"],
        deadline_in_days=9,
    )
    city_wide = GrantSchemeFactory(
        name="Aktivitetsmidler for barn og unge",
        owner=UnitFactory(name="Kulturetaten"),
        target_groups=["children_youth"],
        deadline_in_days=28,
    )
    stale = GrantSchemeFactory(
        name="Nærmiljømidler – Bydel Grorud",
        owner=district("Grorud"),
        last_checked_on=today - dt.timedelta(days=260),
    )
    GrantDeadlineFactory(scheme=stale, kind="rolling", date=None)

    page = axe_page.page
    # 1. Find: children and youth, Søndre Nordstrand, deadline within 30 days.
    page.goto(f"{live_server.url}/tilskudd/")
    axe_page.assert_accessible()
    page.get_by_label("Målgruppe").select_option("children_youth")
    page.get_by_label("For organisasjoner i bydel").select_option("sondre-nordstrand")
    press(page.get_by_label("Frist innen 30 dager"), "Space")
    press(page.get_by_role("button", name="Vis ordninger"))
    page.wait_for_url(re.compile(r"soon=on"))
    results = page.locator(".scheme-list")
    assert results.get_by_role("link", name=wanted.name, exact=True).is_visible()
    assert results.get_by_role("link", name=city_wide.name, exact=True).is_visible()
    for other in ("Seniortreff", "Sommerleir", "Ungdomsmidler Alna"):
        assert results.get_by_text(other).count() == 0
    assert page.get_by_text("Frist om 9 dager").first.is_visible()
    axe_page.assert_accessible()

    # 2. Open the scheme.
    press(results.get_by_role("link", name=wanted.name, exact=True))
    page.wait_for_url(f"**{wanted.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == wanted.name
    assert page.get_by_text("Eksempeldata.").is_visible()
    axe_page.assert_accessible()

    # 3. Subscribe: first a bad address, then a good one.
    email_field = page.get_by_label("E-postadressen din")
    email_field.fill("leder(at)lag")
    press(page.get_by_role("button", name="Send meg påminnelser"))
    page.wait_for_load_state()
    assert page.locator("#id_email_error").is_visible()
    assert page.get_by_label("E-postadressen din").input_value() == "leder(at)lag"
    axe_page.assert_accessible()
    page.get_by_label("E-postadressen din").fill("leder@ungdomslaget.example.no")
    page.get_by_label("Når vil du ha påminnelsen?").select_option("7")
    press(page.get_by_role("button", name="Send meg påminnelser"))
    page.wait_for_url(re.compile(r"/tilskudd/varsler/sendt/"))
    assert page.get_by_role("heading", name="Sjekk e-posten din").is_visible()
    axe_page.assert_accessible()

    # 4. Confirm from the e-mail.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/tilskudd/varsler/bekreft/\S+/", mail.outbox[0].body).group(0)
    page.goto(link.replace(settings.SITE_URL, live_server.url))
    assert page.get_by_role("heading", name="Bekreft påminnelser").is_visible()
    axe_page.assert_accessible()
    assert not Subscription.objects.get().is_active  # opening the link is not enough
    press(page.get_by_role("button", name="Ja, send meg påminnelser"))
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Påminnelser bekreftet").is_visible()
    axe_page.assert_accessible()
    subscription = Subscription.objects.get()
    assert subscription.is_active and subscription.scheme == wanted
    assert subscription.days_before == 7

    # 5. Ask a question about the scheme: the enquiry form opens prefilled with it.
    press(page.get_by_role("link", name=f"Tilbake til {wanted.name}"))
    page.wait_for_url(f"**{wanted.get_absolute_url()}")
    press(page.get_by_role("link", name="Spør oss om denne ordningen"))
    page.wait_for_url(re.compile(r"/henvendelser/ny/\?tema=tilskudd&ordning=" + wanted.slug))
    # The form belongs to henvendelser; it names the scheme it was opened from.
    assert wanted.name in page.locator("main").inner_text()

    # 6. An editor sees the stale scheme in the admin and marks it checked.
    editor = make_staff(Roles.CONTENT_EDITORS)
    admin_login(page, live_server.url, editor.username, staff_password)
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}tilskudd/grantscheme/")
    press(page.get_by_role("link", name="Passert dato for kontroll"))
    page.wait_for_url(re.compile(r"review=past"))
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert stale.name in rows.first.inner_text()
    axe_page.assert_accessible()
    press(page.locator(f"input[name=_selected_action][value='{stale.pk}']"), "Space")
    page.locator("select[name=action]").select_option("mark_checked_today")
    press(page.locator("button[name=index]"))
    page.wait_for_load_state()
    assert page.get_by_text("1 ordning merket som kontrollert i dag.").is_visible()
    stale.refresh_from_db()
    assert stale.last_checked_on == today
    assert not GrantScheme.objects.past_review_date(today).exists()
