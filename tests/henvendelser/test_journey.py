"""The issue's "Done when" journey in a real browser, with axe on every page, and the
public pages' error states in both languages."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from frivilligkontor.models import Roles
from henvendelser.models import Enquiry
from tests.conftest import admin_login
from tests.henvendelser.factories import (
    EnquiryFactory,
    GuidanceArticleFactory,
    StandardAnswerFactory,
)


@pytest.fixture
def staff_roles(live_server):
    """The staff groups and their permissions.

    Works around a harness gap: in a browser test that runs after another transactional
    test, the data the migrations load is not restored (Playwright's event loop gives the
    test another connection object, without the serialized copy), so we recreate the
    groups and permissions the way `migrate` does.
    """
    from django.contrib.auth.models import Group
    from django.core.management.sql import emit_post_migrate_signal

    if not Group.objects.filter(name=Roles.CASE_OFFICERS).exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def press_button(page, name):
    button = page.get_by_role("button", name=name)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_enquiry_journey__person_asks_officer_answers_person_writes_back(
    live_server, staff_roles, axe_page, make_staff, staff_password
):
    page = axe_page.page
    GuidanceArticleFactory(title_nb="Slik finner dere riktig tilskudd", topic="grants")
    StandardAnswerFactory(
        title="Henvisning til tilskudd",
        body_nb="Hei {name}, se tilskuddsoversikten. Saksnummer {reference}. Hilsen {officer}",
    )
    officer = make_staff(Roles.CASE_OFFICERS, first_name="Ingrid", last_name="Haugen")

    # A person writes an enquiry with a mistake in the e-mail address.
    page.goto(f"{live_server.url}/henvendelser/ny/?tema=tilskudd")
    axe_page.assert_accessible()
    assert page.get_by_label("Tilskudd").is_checked()
    page.get_by_label("Navnet på organisasjonen").fill("Furuset Leksehjelp")
    page.get_by_role("textbox", name="Skriv spørsmålet ditt").fill(
        "Finnes det tilskudd til mat og bøker for leksehjelp på Furuset?"
    )
    page.locator("#id_contact_name").fill("Amina Hassan")
    page.get_by_label("E-post").fill("amina-eksempel.test")
    press_button(page, "Send henvendelsen")
    assert page.locator("[data-error-summary]").is_visible()
    assert "Oppgi en gyldig e-postadresse" in page.locator("[data-error-summary]").inner_text()
    axe_page.assert_accessible()
    assert Enquiry.objects.count() == 0

    # Fixes it: the summary links to the field, and nothing typed is lost.
    page.locator("[data-error-summary] a[href='#id_email']").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert page.locator("#id_contact_name").input_value() == "Amina Hassan"
    page.keyboard.press("Control+A")
    page.keyboard.type("amina@eksempel.test")
    press_button(page, "Send henvendelsen")

    # The receipt, and the e-mail with the secret link.
    enquiry = Enquiry.objects.get()
    assert enquiry.reference in page.locator("h1 + p").inner_text()
    axe_page.assert_accessible()
    receipt = next(m for m in mail.outbox if m.to == ["amina@eksempel.test"])
    link = re.search(r"https?://\S+/henvendelser/sak/\S+/", receipt.body).group(0)
    case_path = link.split("/henvendelser/", 1)[1]
    page.goto(f"{live_server.url}/henvendelser/{case_path}")
    assert "Ny" in page.locator("#status-heading").inner_text()
    assert "amina@eksempel.test" not in page.content()
    axe_page.assert_accessible()

    # An officer logs in, filters, assigns the case to herself and answers with a standard answer.
    admin_login(page, live_server.url, officer.username, staff_password)
    page.wait_for_url(re.compile(r".*/admin/$"))
    page.goto(f"{live_server.url}/admin/henvendelser/enquiry/")
    axe_page.assert_accessible()
    with page.expect_navigation():
        page.locator("#changelist-filter").get_by_role("link", name="Tilskudd", exact=True).click()
    assert "topic__exact=grants" in page.url
    with page.expect_navigation():
        page.get_by_role("link", name=enquiry.reference).click()
    axe_page.assert_accessible()
    press_button(page, "Tildel meg saken")
    enquiry.refresh_from_db()
    assert enquiry.assigned_officer == officer and enquiry.status == "in_progress"
    page.get_by_label("Standardsvar").select_option(label="Henvisning til tilskudd")
    press_button(page, "Bruk dette standardsvaret")
    reply_box = page.get_by_role("textbox", name="Svar til innsenderen")
    assert reply_box.input_value().startswith("Hei Amina Hassan, se tilskuddsoversikten.")
    assert enquiry.reference in reply_box.input_value()
    press_button(page, "Send svar")
    enquiry.refresh_from_db()
    assert enquiry.status == "answered"
    axe_page.assert_accessible()
    answer_mail = [m for m in mail.outbox if m.to == ["amina@eksempel.test"]][-1]
    assert "Hei Amina Hassan, se tilskuddsoversikten." in answer_mail.body

    # The person sees the answer on the status page and writes back: the case is open again.
    page.goto(f"{live_server.url}/henvendelser/{case_path}")
    assert "Hei Amina Hassan, se tilskuddsoversikten." in page.locator(".case-thread").inner_text()
    assert "Besvart" in page.locator("#status-heading").inner_text()
    page.get_by_role("textbox", name="Skriv til oss").fill("Takk! Når er søknadsfristen?")
    press_button(page, "Send melding")
    assert "Under behandling" in page.locator("#status-heading").inner_text()
    assert "Takk! Når er søknadsfristen?" in page.locator(".case-thread").inner_text()
    axe_page.assert_accessible()
    enquiry.refresh_from_db()
    assert enquiry.status == "in_progress" and enquiry.is_open


def test_case_page__choosing_standard_answer_with_arrow_keys__keeps_focus_and_typed_text(
    live_server, staff_roles, page, make_staff, staff_password
):
    StandardAnswerFactory(title="A først", body_nb="Hei {name}, første svar.")
    StandardAnswerFactory(title="B andre", body_nb="Hei {name}, andre svar.")
    officer = make_staff(Roles.CASE_OFFICERS, first_name="Ingrid", last_name="Haugen")
    enquiry = EnquiryFactory(contact_name="Amina Hassan", language="nb")
    admin_login(page, live_server.url, officer.username, staff_password)
    page.goto(f"{live_server.url}/admin/henvendelser/enquiry/{enquiry.pk}/change/")
    reply_box = page.get_by_role("textbox", name="Svar til innsenderen")
    select = page.get_by_label("Standardsvar")

    # Empty box: moving through the list with the arrow keys fills it, focus stays in the list.
    select.focus()
    page.keyboard.press("ArrowDown")
    expect(reply_box).to_have_value(re.compile("første svar"))
    assert page.evaluate("document.activeElement.id") == "reply_standard_answer"
    page.keyboard.press("ArrowDown")
    expect(reply_box).to_have_value(re.compile("andre svar"))
    assert page.evaluate("document.activeElement.id") == "reply_standard_answer"

    # Typed text is never replaced by choosing another answer.
    reply_box.fill("Mitt eget svar.")
    select.focus()
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(300)  # give a (wrong) fetch the chance to overwrite
    assert reply_box.input_value() == "Mitt eget svar."
    press_button(page, "Bruk dette standardsvaret")
    assert page.get_by_role("textbox", name="Svar til innsenderen").input_value() == (
        "Mitt eget svar.\n\nHei Amina Hassan, første svar."
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_pages_and_error_states__in_both_languages__pass_axe(
    live_server, axe_page, prefix, settings
):
    page = axe_page.page
    article = GuidanceArticleFactory(title_nb="Lån av skolelokaler", topic="premises")
    norwegian_only = GuidanceArticleFactory(
        title_nb="Kun på norsk", title_en="", summary_en="", body_en=""
    )
    enquiry = EnquiryFactory(status="answered")
    base = f"{live_server.url}{prefix}"

    for path in [
        "/veiledning/",
        "/veiledning/?q=skole&tema=premises",
        "/veiledning/?q=finnesikke",
        f"/veiledning/{article.slug}/",
        f"/veiledning/{norwegian_only.slug}/",
        "/henvendelser/ny/?tema=lokaler",
        enquiry.get_absolute_url().removeprefix("/en"),
        f"/henvendelser/sak/{enquiry.token}/kvittering/",
    ]:
        response = page.goto(base + path)
        assert response.status == 200, path
        axe_page.assert_accessible()

    # The form's error state: everything empty, then an over-long message.
    page.goto(f"{base}/henvendelser/ny/")
    page.locator("textarea[name=message]").fill("x" * 5001)
    with page.expect_navigation():
        page.locator("button[name=send]").click()
    assert page.locator("[data-error-summary]").is_visible()
    axe_page.assert_accessible()

    # The case page's error state: an empty reply.
    page.goto(base + enquiry.get_absolute_url().removeprefix("/en"))
    with page.expect_navigation():
        page.locator("#svar button[type=submit]").click()
    assert page.locator("[data-error-summary]").is_visible()
    axe_page.assert_accessible()

    # The polite refusal when one address has sent too many.
    settings.PUBLIC_FORM_LIMIT_PER_ADDRESS = 0
    page.goto(f"{base}/henvendelser/ny/")
    page.locator("input[name=topic][value=grants]").check()
    page.locator("textarea[name=message]").fill("Et spørsmål som ikke skal gå tapt.")
    page.locator("input[name=contact_name]").fill("Kari")
    page.locator("input[name=email]").fill("kari@eksempel.test")
    response_status = []
    page.on(
        "response",
        lambda r: response_status.append(r.status) if r.request.method == "POST" else None,
    )
    with page.expect_navigation():
        page.locator("button[name=send]").click()
    assert 429 in response_status
    assert (
        page.locator("textarea[name=message]").input_value() == "Et spørsmål som ikke skal gå tapt."
    )
    axe_page.assert_accessible()
