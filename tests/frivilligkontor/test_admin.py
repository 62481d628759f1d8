"""The back office: second factor, lockout, and accessibility in a browser."""

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from frivilligkontor.models import Roles
from tests.conftest import admin_login

ADMIN = f"/{settings.ADMIN_URL}"


@pytest.mark.django_db
def test_admin__with_second_factor_required__refuses_a_password_alone(
    client, make_staff, staff_password, settings
):
    settings.ADMIN_REQUIRE_OTP = True
    user = make_staff(superuser=True)
    response = client.post(
        f"{ADMIN}login/", {"username": user.username, "password": staff_password}
    )
    assert response.status_code == 200
    assert client.get(ADMIN).status_code == 302  # still sent to the login page


@pytest.mark.django_db
def test_admin__with_second_factor_required__lets_in_with_a_valid_totp_code(
    client, make_staff, staff_password, settings
):
    settings.ADMIN_REQUIRE_OTP = True
    user = make_staff(superuser=True)
    device = TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    response = client.post(
        f"{ADMIN}login/",
        {
            "username": user.username,
            "password": staff_password,
            "otp_device": device.persistent_id,
            "otp_token": f"{token:06d}",
        },
    )
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_admin_login__after_five_failures__is_locked_out(client, make_staff, settings):
    settings.AXES_ENABLED = True
    user = make_staff(superuser=True)
    for _ in range(5):
        client.post(
            f"{ADMIN}login/",
            {"username": user.username, "password": "wrong"},
            REMOTE_ADDR="10.1.2.3",
        )
    response = client.post(
        f"{ADMIN}login/",
        {"username": user.username, "password": "correct-horse-battery-staple"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "innlogging sperret for denne brukeren" in page and "site-header" in page


@pytest.mark.django_db(transaction=True)
def test_admin_pages__pass_axe_for_a_case_officer(
    live_server, axe_page, make_staff, staff_password
):
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = make_staff(Roles.CASE_OFFICERS, superuser=True)
    page = axe_page.page
    # 1280 px wide (the width the lists must fit), and tall enough that axe need not judge
    # text cut by the bottom of the window (it reports that as unknown contrast).
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.goto(f"{live_server.url}{ADMIN}login/")
    axe_page.assert_accessible()
    admin_login(page, live_server.url, user.username, staff_password)
    assert page.url.rstrip("/").endswith(ADMIN.rstrip("/")), page.inner_text("#content")
    axe_page.assert_accessible()
    links = page.eval_on_selector_all(
        "#content-main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    # Every list and every add form the index links to (the apps' admin pages grow this).
    model_pages = sorted(
        {href for href in links if href.startswith(ADMIN) and href.count("/") >= 4}
    )
    assert any(href.endswith("/add/") for href in model_pages), "the admin index lists no models"
    failures = []
    for href in [*model_pages, f"{ADMIN}statistikk/", *_lokaler_staff_pages()]:
        response = page.goto(live_server.url + href)
        if response.status != 200:
            failures.append(f"{href}: status {response.status}")
        # The whole page in the window: axe reports text cut by the window's bottom edge as
        # of unknown contrast ("partially obscured"), and the Statistics page is long.
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": 1280, "height": max(2400, min(height + 100, 16000))})
        failures += [f"{href}: {problem}" for problem in axe_page.problems()]
        if href.endswith("/henvendelser/enquiry/"):
            # The triage list shows every column at 1280 px, without scrolling sideways.
            overflow = page.evaluate(
                "(() => { const r = document.querySelector('.results');"
                " return r.scrollWidth - r.clientWidth; })()"
            )
            if overflow > 0:
                failures.append(f"{href}: the list scrolls sideways by {overflow}px")
    # The message after "Lagre og fortsett å redigere" links to the object it saved.
    page.goto(live_server.url + _a_standard_answer_page())
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre og fortsett å redigere").click()
    failures += [f"after saving: {problem}" for problem in axe_page.problems()]
    assert not failures, "\n".join(failures)


def _a_standard_answer_page() -> str:
    from django.urls import reverse

    from henvendelser.models import StandardAnswer

    answer = StandardAnswer.objects.order_by("pk").first()
    return reverse("admin:henvendelser_standardanswer_change", args=[answer.pk])


def _lokaler_staff_pages() -> list[str]:
    """The venue owners' week calendars (in a week with requests) and a decide page."""
    from django.urls import reverse

    from lokaler.models import BookingOccurrence

    time = BookingOccurrence.objects.requested().select_related("room").order_by("during").first()
    week = f"?uke={time.start:%Y-%m-%d}"
    return [
        reverse("admin:lokaler_venue_unit_calendar") + week,
        reverse("admin:lokaler_venue_calendar", args=[time.room.venue_id]) + week,
        reverse("admin:lokaler_bookingrequest_decide", args=[time.request_id]),
    ]


@pytest.mark.django_db(transaction=True)
def test_front_page__at_400_percent_zoom__has_no_horizontal_scrolling(live_server, page):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/en/", "/personvern/", "/sok/?q=skole"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320 px width"
