"""Issue 12's journey in Chromium, by keyboard, with axe on every page: a person gets an
answer, clicks "Ja" in the e-mail and confirms on the page; rates a guidance article (on
the English page, so both languages are walked); a case officer sees both; the Statistics
page shows the satisfaction share, a chart and its table, and the table's CSV holds the
same numbers."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from frivilligkontor.models import Roles
from henvendelser import services
from henvendelser.models import ArticleFeedback, CaseFeedback
from tests.conftest import admin_login
from tests.henvendelser.factories import EnquiryFactory, GuidanceArticleFactory


@pytest.fixture
def staff_roles(live_server):
    """The staff groups (see tests/henvendelser/test_journey.py for why they may be gone)."""
    from django.contrib.auth.models import Group
    from django.core.management.sql import emit_post_migrate_signal

    if not Group.objects.filter(name=Roles.CASE_OFFICERS).exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def press(page, name):
    button = page.get_by_role("button", name=name)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_feedback_and_statistics_journey(
    live_server, staff_roles, axe_page, make_staff, staff_password
):
    page = axe_page.page
    officer = make_staff(Roles.CASE_OFFICERS, first_name="Ingrid", last_name="Haugen")
    article = GuidanceArticleFactory(title_nb="Slik søker du tilskudd", topic="grants")
    enquiry = EnquiryFactory(contact_name="Amina Hassan", email="amina@test.no", topic="grants")
    services.reply(enquiry=enquiry, officer=officer, body="Se tilskuddsoversikten.")

    # The e-mail's "Ja" link opens a page with the answer chosen and a button; nothing yet.
    answer_mail = [m for m in mail.outbox if m.to == ["amina@test.no"]][-1]
    yes_link = re.search(r"Ja: (https?://\S+)", answer_mail.body).group(1)
    page.goto(live_server.url + "/" + yes_link.split("/", 3)[3])
    assert page.get_by_role("radio", name="Ja").is_checked()
    assert not CaseFeedback.objects.exists()
    axe_page.assert_accessible()
    press(page, "Send svaret mitt")
    assert "Takk! Vi har registrert svaret ditt: Ja." in page.get_by_role("status").inner_text()
    assert CaseFeedback.objects.get().answer == "yes"
    axe_page.assert_accessible()

    # The person rates a guidance article with the keyboard, in English this time.
    page.goto(f"{live_server.url}/en{article.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("radio", name="Yes").focus()
    page.keyboard.press("Space")
    page.get_by_role("textbox", name="What could be better? (optional)").fill("Fint eksempel")
    press(page, "Send")
    assert "Thank you for your answer!" in page.get_by_role("status").inner_text()
    assert ArticleFeedback.objects.get().useful is True
    axe_page.assert_accessible()

    # The case officer sees both.
    admin_login(page, live_server.url, officer.username, staff_password)
    page.goto(f"{live_server.url}/admin/henvendelser/enquiry/{enquiry.pk}/change/")
    assert "Tilbakemelding fra personen: Ja" in page.locator("#feedback").inner_text()
    axe_page.assert_accessible()
    page.goto(f"{live_server.url}/admin/henvendelser/guidancearticle/{article.pk}/change/")
    assert "Nyttig: 1. Ikke nyttig: 0." in page.locator("#content").inner_text()
    assert "Fint eksempel" in page.locator("#content").inner_text()

    # The Statistics page: the satisfaction share, a chart with its table, and the CSV.
    today = timezone.localdate()
    page.goto(f"{live_server.url}/admin/")
    with page.expect_navigation():
        page.get_by_role("link", name="Statistikk til evalueringen").click()
    page.get_by_label("Fra", exact=True).fill(f"{today.year}-01-01")
    page.get_by_label("Til", exact=True).fill(today.isoformat())
    press(page, "Vis tall")
    key_figures = page.locator(
        "table", has=page.locator("caption", has_text="Henvendelser: nøkkeltall")
    )
    satisfaction = key_figures.get_by_role("row", name=re.compile("Fornøydhet"))
    assert satisfaction.locator("td").first.inner_text() == "100"
    chart = page.get_by_role("img", name=re.compile("Diagram: Henvendelser mottatt over tid"))
    assert chart.is_visible()
    axe_page.assert_accessible()
    table_rows = [
        [cell.inner_text() for cell in row.locator("th, td").all()]
        for row in key_figures.locator("tbody tr").all()
    ]
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned «Henvendelser: nøkkeltall» som CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [row[0] for row in rows[1:]] == [row[0] for row in table_rows]
    for csv_row, table_row in zip(rows[1:], table_rows, strict=True):
        shown = [cell.replace(",", ".").replace("–", "") for cell in table_row[1:]]
        assert [float(c) if c else None for c in csv_row[1:]] == [
            float(c) if c else None for c in shown
        ]
