import json
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from frivilligkontor.models import Organisation, Roles, Unit
from frivilligkontor.validators import (
    normalise_phone_number,
    organisation_number_is_valid,
    validate_organisation_number,
)
from tests.factories import OrganisationFactory, valid_organisation_number


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("974760673", True),  # Brønnøysundregistrene
        ("958935420", True),  # Oslo kommune
        ("974760674", False),  # wrong check digit
        ("12345678", False),  # too short
        ("97476067a", False),
    ],
)
def test_organisation_number__mod11_rule(number, valid):
    assert organisation_number_is_valid(number) is valid


def test_organisation_number__remainder_ten__is_invalid():
    # 0000000 + digits whose weighted sum leaves remainder 1 → check digit 10: invalid for every last digit.
    candidates = [f"{n:08d}" for n in range(100, 400)]
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    base = next(
        c
        for c in candidates
        if 11 - sum(int(d) * w for d, w in zip(c, weights, strict=True)) % 11 == 10
    )
    assert not any(organisation_number_is_valid(base + str(last)) for last in range(10))


def test_validate_organisation_number__gives_a_clear_message():
    with pytest.raises(ValidationError) as error:
        validate_organisation_number("974760674")
    assert error.value.code == "organisation_number_checksum"


def test_phone_numbers__are_stored_in_e164():
    assert normalise_phone_number("22 86 00 00") == "+4722860000"
    assert normalise_phone_number("+47 912 34 567") == "+4791234567"
    with pytest.raises(ValidationError):
        normalise_phone_number("123")


@pytest.mark.django_db
def test_migrations__load_oslos_15_districts_and_the_staff_roles():
    districts = Unit.objects.districts()
    assert districts.count() == 15
    assert set(districts.values_list("district_number", flat=True)) == set(range(1, 16))
    assert districts.get(district_number=12).name == "Bydel Alna"
    from django.contrib.auth.models import Group

    assert set(Group.objects.filter(name__in=Roles.ALL).values_list("name", flat=True)) == set(
        Roles.ALL
    )


@pytest.mark.django_db
def test_organisation_number__is_unique_in_the_database():
    number = valid_organisation_number(1)
    OrganisationFactory(organisation_number=number)
    with pytest.raises(IntegrityError):
        OrganisationFactory(organisation_number=number)


@pytest.mark.django_db
def test_new_initiatives_without_number__may_be_many():
    OrganisationFactory(organisation_number="", is_new_initiative=True)
    OrganisationFactory(organisation_number="", is_new_initiative=True)
    assert Organisation.objects.filter(organisation_number="").count() == 2


@pytest.mark.django_db
def test_health__reports_database_ok_and_a_stale_worker_when_none_has_beaten(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["worker"] == "stale" and body["worker_last_heartbeat"] is None
    assert body["oldest_waiting_task_age_seconds"] == 0


@pytest.mark.django_db
def test_health__reports_the_last_heartbeat_and_the_oldest_waiting_task(client, settings):
    import datetime as dt

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from frivilligkontor.mail import queue_email
    from frivilligkontor.models import WorkerHeartbeat

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    WorkerHeartbeat.objects.create(worker_id="w", pid=1, last_seen_at=timezone.now())
    queue_email(
        to=["a@example.no"],
        template_prefix="henvendelser/email/receipt",
        context={"enquiry": None, "case_url": "x"},
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=10))

    body = json.loads(client.get("/health/").content)
    assert body["worker"] == "ok"
    assert body["worker_heartbeat_age_seconds"] < 60
    assert 590 <= body["oldest_waiting_task_age_seconds"] <= 700


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/health/", "/lokaler/", "/en/"])
def test_head__is_answered_wherever_get_is(client, path):
    assert client.head(path).status_code == client.get(path).status_code == 200


@pytest.mark.django_db
def test_front_page__shows_the_four_doors_in_norwegian_by_default(client):
    response = client.get("/")
    content = response.content.decode()
    assert '<html lang="nb">' in content
    for path in ["/veiledning/", "/lokaler/", "/tilskudd/", "/nettverk/"]:
        assert f'href="{path}"' in content


@pytest.mark.django_db
def test_front_page__in_english_under_en(client):
    response = client.get("/en/")
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert 'href="/en/lokaler/"' in content
    assert "Find and borrow premises" in content


@pytest.mark.django_db
def test_language_switch__remembers_the_choice(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"


@pytest.mark.django_db
def test_pages__carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_search__with_overlong_query__is_cut_not_an_error(client):
    response = client.get("/sok/", {"q": "x" * 5000})
    assert response.status_code == 200
    assert response.context["query"] == "x" * 200


@pytest.mark.django_db
def test_load_demo__is_idempotent():
    from django.core.management import call_command

    from frivilligkontor.models import User

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = {"users": User.objects.count(), "organisations": Organisation.objects.count()}
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == {"users": User.objects.count(), "organisations": Organisation.objects.count()}


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    import os

    full_env = {**os.environ, **env}
    full_env.pop("DJANGO_ENV", None)
    full_env.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; settings.INSTALLED_APPS",
        ],
        env={**full_env, "DJANGO_SETTINGS_MODULE": "frivilligkontor.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings__refuse_an_insecure_secret_key():
    result = run_settings(
        {
            "DJANGO_ENV": "production",
            "SECRET_KEY": "short",
            "ALLOWED_HOSTS": "x",
            "EMAIL_HOST": "smtp",
        }
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings__refuse_to_start_without_mail():
    result = run_settings(
        {
            "DJANGO_ENV": "production",
            "SECRET_KEY": "k" * 30 + "abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "x",
            "EMAIL_HOST": "",
        }
    )
    assert result.returncode != 0
    assert "EMAIL_HOST" in result.stderr


def test_client_address__trusts_only_the_configured_number_of_proxies(rf, settings):
    from frivilligkontor.network import address_hash, client_address

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert (
        client_address(request) == "203.0.113.9"
    )  # the one the load balancer added, not the spoofed one
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.2"
    assert address_hash("203.0.113.9", purpose="a") != address_hash("203.0.113.9", purpose="b")
    assert "203.0.113.9" not in address_hash("203.0.113.9", purpose="a")


@pytest.mark.django_db(transaction=True)
def test_value_over_limit__simultaneous_requests__never_pass_the_limit():
    """The shared limiter's counter takes turns per key, so a burst of simultaneous posts
    (on any app server) lets exactly `limit` through."""
    import threading

    from django.db import connection

    from frivilligkontor.throttle import value_over_limit

    barrier = threading.Barrier(8)
    answers = []

    def post() -> None:
        try:
            barrier.wait()
            answers.append(
                value_over_limit("offer@example.org", purpose="t", limit=3, window_seconds=3600)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [False] * 3 + [True] * 5
