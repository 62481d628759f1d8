"""Logging in to the back office cannot be abused by strangers: the same answer for a wrong
password and a wrong code, lockout per username and real address (behind the load
balancer), a limit per address across usernames, and staff sessions that end."""

import re
import time
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from frivilligkontor.staff_sessions import LAST_SEEN, STARTED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "riktig-passord-2026"
LOAD_BALANCER = "10.0.0.1"


@pytest.fixture
def staff() -> Any:
    user = UserFactory(username="sondrenordstrand", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def device(staff: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=staff, name="telefon", confirmed=True)


def code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code(device)) + 1) % 10**device.digits:0{device.digits}d}"


def post_login(client: Client, username: str, password: str, token: str, **extra: str) -> Any:
    return client.post(
        LOGIN, {"username": username, "password": password, "otp_token": token}, **extra
    )


def visible(response: Any) -> str:
    """The page without its CSRF token and CSP nonces (which differ between any two pages)."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return re.sub(r'nonce="[^"]+"', "", page)


@pytest.fixture
def otp_and_lockout(settings: Any) -> None:
    settings.ADMIN_REQUIRE_OTP = True
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1


def test_login__wrong_password_and_wrong_code_get_the_same_answer(
    otp_and_lockout: None, staff: Any, device: TOTPDevice
) -> None:
    wrong_password = post_login(Client(), staff.username, "feil-passord", "123456")
    wrong_token = post_login(Client(), staff.username, PASSWORD, wrong_code(device))
    assert wrong_password.status_code == wrong_token.status_code == 200
    assert visible(wrong_password) == visible(wrong_token)
    assert "engangskode" in visible(wrong_token)  # the one message, in bokmål
    assert 'name="otp_device"' not in visible(wrong_token)


def test_login__right_password_and_code__logs_in(
    otp_and_lockout: None, staff: Any, device: TOTPDevice
) -> None:
    client = Client()
    response = post_login(client, staff.username, PASSWORD, code(device))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_lockout__guessing_codes_with_the_right_password_locks_like_wrong_passwords(
    otp_and_lockout: None, staff: Any, device: TOTPDevice, settings: Any
) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, staff.username, PASSWORD, wrong_code(device))
    response = post_login(client, staff.username, PASSWORD, code(device))
    assert response.status_code in (403, 429)
    assert not Client().get("/admin/").wsgi_request.user.is_authenticated


def test_lockout__forged_forwarded_addresses_lock_only_the_attackers_real_address(
    otp_and_lockout: None, staff: Any, device: TOTPDevice, settings: Any
) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT + 3):
        post_login(
            Client(),
            staff.username,
            f"gjett-{attempt}",
            "000000",
            REMOTE_ADDR=LOAD_BALANCER,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}, 198.51.100.66",
        )
    attacker = post_login(
        Client(),
        staff.username,
        PASSWORD,
        code(device),
        REMOTE_ADDR=LOAD_BALANCER,
        HTTP_X_FORWARDED_FOR="203.0.113.200, 198.51.100.66",
    )
    assert attacker.status_code in (403, 429)
    real_user = post_login(
        Client(),
        staff.username,
        PASSWORD,
        code(device),
        REMOTE_ADDR=LOAD_BALANCER,
        HTTP_X_FORWARDED_FOR="192.0.2.10",
    )
    assert real_user.status_code == 302


def test_login__one_address_trying_many_usernames_is_stopped(
    otp_and_lockout: None, settings: Any
) -> None:
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 10
    answers = [
        post_login(Client(), f"bruker{number}", "x", "1", REMOTE_ADDR="192.0.2.50").status_code
        for number in range(11)
    ]
    assert answers[:10] == [200] * 10
    assert answers[10] == 429
    other_address = post_login(Client(), "bruker99", "x", "1", REMOTE_ADDR="192.0.2.51")
    assert other_address.status_code == 200


@pytest.mark.parametrize(
    ("started_ago", "last_seen_ago", "logged_in"),
    [
        (60, 60, True),
        (3600, 31 * 60, False),  # idle for more than 30 minutes
        (11 * 3600, 60, False),  # active, but logged in more than 10 hours ago
    ],
)
def test_staff_session__ends_after_the_idle_and_the_absolute_limit(
    client: Client, staff: Any, started_ago: int, last_seen_ago: int, logged_in: bool
) -> None:
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    session = client.session
    now = int(time.time())
    session[STARTED] = now - started_ago
    session[LAST_SEEN] = now - last_seen_ago
    session.save()
    assert (client.get("/admin/").status_code == 200) is logged_in
