"""Two gunicorn servers on one database, behind one (pretend) load balancer: the login
lockout and the form limits are counted in the database, so they hold across servers
(one test: starting servers is slow)."""

from typing import Any

import pytest

from henvendelser.models import Enquiry
from nettverk.models import Registration
from tests.factories import UserFactory
from tests.faults.servers import (
    Browser,
    Gunicorn,
    database_url_of_tests,
    free_port,
    portal_environment,
)
from tests.nettverk.factories import EventFactory
from tilskudd.models import Subscription

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.faults]

PASSWORD = "riktig-passord-2026"


@pytest.fixture
def two_servers() -> Any:
    environment = portal_environment(
        database_url=database_url_of_tests(),
        smtp_port=free_port(),
        AXES_ENABLED="true",
        AXES_FAILURE_LIMIT="3",
        AXES_PROXY_COUNT="1",
        ADMIN_REQUIRE_OTP="false",
        PUBLIC_FORM_LIMIT_PER_EMAIL="3",
    )
    servers = [Gunicorn(environment, "first"), Gunicorn(environment, "second")]
    yield servers
    for server in servers:
        server.stop()


def test_lockout_and_form_limits__hold_across_two_app_servers(
    two_servers: Any, settings: Any
) -> None:
    first, second = two_servers
    # The servers run with the real password hasher, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    staff = UserFactory(username="sondrenordstrand", is_staff=True, is_superuser=True)
    staff.set_password(PASSWORD)
    staff.save()
    login = "/admin/login/?next=/admin/"

    # Three wrong passwords from one address, spread over both servers, and forged entries
    # in front of the address the load balancer appended.
    statuses = []
    for number, server in enumerate([first, second, first]):
        attacker = Browser(server.url, forwarded_for=f"203.0.113.{number}, 198.51.100.7")
        status, _ = attacker.submit(login, {"username": staff.username, "password": "feil"})
        statuses.append(status)
    assert statuses[:2] == [200, 200]  # the third failure is answered with the lockout
    locked = Browser(second.url, forwarded_for="203.0.113.99, 198.51.100.7")
    status, page = locked.submit(login, {"username": staff.username, "password": PASSWORD})
    assert status in (403, 429) and "/admin/logout/" not in page
    # The real user, from their own address, is not locked out.
    colleague = Browser(first.url, forwarded_for="192.0.2.10")
    status, page = colleague.submit(login, {"username": staff.username, "password": PASSWORD})
    assert status == 200 and "/admin/logout/" in page

    # One victim's address named from rotating client addresses, on both servers and
    # through four different forms: the one counter per recipient holds across them all.
    event = EventFactory(capacity=50)
    victim = "offer@example.org"
    sends = [
        (event.get_absolute_url(), {"name": "Navn", "email": victim, "party_size": "1"}),
        (
            "/henvendelser/ny/",
            {
                "topic": "grants",
                "message": "Et spørsmål om tilskudd.",
                "contact_name": "Navn",
                "email": victim,
                "language": "nb",
                "send": "1",
            },
        ),
        ("/tilskudd/varsler/", {"email": victim, "target_group": "seniors", "days_before": "7"}),
        ("/mine-saker/", {"email": victim}),
    ]
    answers = []
    for number, (path, data) in enumerate(sends):
        server = [first, second][number % 2]
        visitor = Browser(server.url, forwarded_for=f"192.0.2.{100 + number}")
        status, _ = visitor.submit(path, data)
        answers.append(status)
    assert answers == [200, 200, 200, 429]
    assert Registration.objects.filter(email=victim).count() == 1
    assert Enquiry.objects.filter(email=victim).count() == 1
    assert Subscription.objects.filter(email=victim).count() == 1
