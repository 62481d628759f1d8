"""Public pages: list and filters, scheme page, calendar, iCal feeds, reminders by e-mail."""

import datetime as dt
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from frivilligkontor.choices import TargetGroup
from tests.factories import UnitFactory, district
from tests.tilskudd.factories import GrantDeadlineFactory, GrantSchemeFactory, SubscriptionFactory
from tilskudd.models import GrantScheme, Subscription

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def test_scheme_list__sorted_by_next_deadline_with_plain_words(client):
    GrantSchemeFactory(name="Later scheme", deadline_in_days=40)
    GrantSchemeFactory(name="Soon scheme", deadline_in_days=12)
    response = client.get(reverse("tilskudd:scheme_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Soon scheme") < content.index("Later scheme")
    assert "Frist om 12 dager" in content


def test_scheme_list__in_english__says_deadline_in_days(client):
    GrantSchemeFactory(name="Soon scheme", deadline_in_days=12)
    response = client.get("/en/tilskudd/")
    assert "Deadline in 12 days" in response.content.decode()


def test_scheme_list__filters_children_and_youth_in_district_within_30_days(client):
    sondre = district("Søndre Nordstrand")
    match = GrantSchemeFactory(
        name="Aktivitetsmidler SN",
        owner=sondre,
        target_groups=["children_youth"],
        deadline_in_days=9,
    )
    GrantSchemeFactory(
        name="Seniors SN", owner=sondre, target_groups=["seniors"], deadline_in_days=9
    )
    GrantSchemeFactory(
        name="Youth Alna",
        owner=district("Alna"),
        target_groups=["children_youth"],
        deadline_in_days=9,
    )
    GrantSchemeFactory(
        name="Youth SN later",
        owner=sondre,
        target_groups=["children_youth"],
        deadline_in_days=45,
    )
    response = client.get(
        reverse("tilskudd:scheme_list"),
        {"target_group": "children_youth", "district": "sondre-nordstrand", "soon": "on"},
    )
    content = response.content.decode()
    assert match.name in content
    for other in ("Seniors SN", "Youth Alna", "Youth SN later"):
        assert other not in content


def test_scheme_list__search_words_use_prefixes(client):
    GrantSchemeFactory(name="Frivillighetsmidler Sagene")
    GrantSchemeFactory(
        name="Kunst og kultur", summary="Prosjektstøtte.", purpose="Kunst.", who_can_apply="Alle."
    )
    content = client.get(reverse("tilskudd:scheme_list"), {"q": "frivillig"}).content.decode()
    assert "Ingen frist kunngjort ennå" in content
    assert "Frivillighetsmidler Sagene" in content
    assert "Kunst og kultur" not in content


def test_scheme_list__unknown_filter_values__show_a_message_not_an_error(client):
    response = client.get(reverse("tilskudd:scheme_list"), {"district": "atlantis", "q": "x" * 300})
    assert response.status_code == 200


def test_scheme_list__discontinued_scheme_leaves_the_list_but_keeps_its_page(client):
    gone = GrantSchemeFactory(
        name="Integreringsmidler",
        status=GrantScheme.Status.DISCONTINUED,
        status_notice="Slått sammen med frivillighetsmidlene.",
    )
    assert "Integreringsmidler" not in client.get(reverse("tilskudd:scheme_list")).content.decode()
    page = client.get(gone.get_absolute_url())
    content = page.content.decode()
    assert page.status_code == 200
    assert "Denne ordningen er avviklet" in content
    assert "Slått sammen med frivillighetsmidlene." in content
    assert 'id="subscribe-form"' not in content


def test_scheme_detail__discontinued_with_a_deadline_left__shows_no_coming_round(client):
    gone = GrantSchemeFactory(
        name="Integreringsmidler", status=GrantScheme.Status.DISCONTINUED, deadline_in_days=12
    )
    GrantDeadlineFactory(scheme=gone, kind="rolling", date=None)
    content = client.get(gone.get_absolute_url()).content.decode()
    assert "Ingen flere søknadsrunder: ordningen er avviklet" in content
    assert "Frist om 12 dager" not in content
    assert "Løpende frist" not in content
    english = client.get("/en" + gone.get_absolute_url()).content.decode()
    assert "No more application rounds: the scheme is discontinued" in english


def test_scheme_list__closed_for_season_is_listed_and_says_so(client):
    GrantSchemeFactory(name="Sommeraktiviteter", status=GrantScheme.Status.CLOSED_FOR_SEASON)
    content = client.get(reverse("tilskudd:scheme_list")).content.decode()
    assert "Sommeraktiviteter" in content
    assert "Stengt for sesongen" in content


def test_scheme_list__query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, no_shared_cache
):
    for _ in range(3):
        GrantSchemeFactory(deadline_in_days=10)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("tilskudd:scheme_list"))
    for _ in range(20):
        scheme = GrantSchemeFactory(deadline_in_days=20, owner=UnitFactory())
        GrantDeadlineFactory(scheme=scheme, kind="rolling", date=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("tilskudd:scheme_list"), {"target_group": "everyone"})


def test_scheme_detail__shows_facts_example_notice_and_enquiry_link(client):
    scheme = GrantSchemeFactory(
        slug="aktivitetsmidler-test",
        is_example=True,
        amount_min=5000,
        amount_max=50000,
        deadline_in_days=12,
    )
    content = client.get(scheme.get_absolute_url()).content.decode()
    assert "Eksempeldata." in content
    assert "Frist om 12 dager" in content
    assert "offentleglova" in content
    assert "/henvendelser/ny/?tema=tilskudd&amp;ordning=aktivitetsmidler-test" in content
    assert "Informasjonen ble sist kontrollert" in content


def test_scheme_detail__query_count_does_not_grow_with_deadlines(
    client, django_assert_max_num_queries
):
    scheme = GrantSchemeFactory(deadline_in_days=3)
    with django_assert_max_num_queries(10) as small:
        client.get(scheme.get_absolute_url())
    for days in range(10, 200, 10):
        GrantDeadlineFactory(scheme=scheme, date=today() + dt.timedelta(days=days))
    scheme.districts.add(district("Alna"), district("Stovner"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(scheme.get_absolute_url())


def test_scheme_detail__unknown_slug__is_404(client):
    assert client.get("/tilskudd/finnes-ikke/").status_code == 404


def test_calendar__month_by_month_with_rolling_schemes(client):
    GrantSchemeFactory(name="Soon scheme", deadline_in_days=3)
    rolling = GrantSchemeFactory(name="Rolling scheme")
    GrantDeadlineFactory(scheme=rolling, kind="rolling", date=None)
    GrantSchemeFactory(
        name="Gone scheme", status=GrantScheme.Status.DISCONTINUED, deadline_in_days=5
    )
    content = client.get(reverse("tilskudd:calendar")).content.decode()
    assert content.count("<caption") >= 1
    assert "Soon scheme" in content
    assert "Rolling scheme" in content
    assert "Gone scheme" not in content
    assert 'scope="col"' in content


def test_calendar_feed__all_deadlines_as_ical(client):
    GrantSchemeFactory(name="Soon scheme", deadline_in_days=3)
    yearly = GrantSchemeFactory(name="Yearly scheme")
    GrantDeadlineFactory(scheme=yearly, kind="yearly", date=dt.date(2020, 3, 1))
    response = client.get(reverse("tilskudd:calendar_feed"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert "Frist: Soon scheme" in events
    assert events["Frist: Soon scheme"].decoded("dtstart") == today() + dt.timedelta(days=3)
    assert "RRULE" in events["Frist: Yearly scheme"]


def test_scheme_feed__only_this_schemes_deadlines(client):
    mine = GrantSchemeFactory(name="Mine", deadline_in_days=3)
    GrantSchemeFactory(name="Other", deadline_in_days=4)
    response = client.get(reverse("tilskudd:scheme_feed", kwargs={"slug": mine.slug}))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Frist: Mine"]


# --- Reminders: subscribe, confirm, unsubscribe ---------------------------------------


def _link(body: str, part: str) -> str:
    match = re.search(rf"https?://\S+/tilskudd/varsler/{part}/\S+/", body)
    assert match, body
    return match.group(0)


def test_subscribe__bad_email__message_beside_the_field_and_values_kept(client, mailoutbox):
    scheme = GrantSchemeFactory(deadline_in_days=10)
    response = client.post(
        reverse("tilskudd:scheme_subscribe", kwargs={"slug": scheme.slug}),
        {"email": "ikke-en-adresse", "days_before": "7"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email_error"' in content
    assert "Skriv inn en e-postadresse i riktig format" in content
    assert 'value="ikke-en-adresse"' in content
    assert Subscription.objects.count() == 0
    assert mailoutbox == []


def test_subscribe__overlong_email__is_refused_with_a_message(client):
    scheme = GrantSchemeFactory(deadline_in_days=10)
    response = client.post(
        reverse("tilskudd:scheme_subscribe", kwargs={"slug": scheme.slug}),
        {"email": "a" * 250 + "@example.no", "days_before": "7"},
    )
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()
    assert Subscription.objects.count() == 0


def test_subscribe__double_opt_in_then_confirm_twice_is_harmless(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    scheme = GrantSchemeFactory(name="Aktivitetsmidler", deadline_in_days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tilskudd:scheme_subscribe", kwargs={"slug": scheme.slug}),
            {"email": "leder@lag.example.no", "days_before": "7"},
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.days_before == 7
    assert len(mailoutbox) == 1
    assert "Aktivitetsmidler" in mailoutbox[0].subject
    confirm_url = _link(mailoutbox[0].body, "bekreft")
    path = confirm_url.split("127.0.0.1:8000")[-1] if "8000" in confirm_url else confirm_url
    shown = client.get(path)
    assert "Ja, send meg påminnelser" in shown.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # opening the link alone confirms nothing
    first = client.post(path)
    subscription.refresh_from_db()
    confirmed_at = subscription.confirmed_at
    second = client.post(path)
    assert "Påminnelser bekreftet" in first.content.decode()
    assert "Påminnelser bekreftet" in second.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active
    assert subscription.confirmed_at == confirmed_at


def test_confirm__get_by_a_mail_scanner_confirms_nothing_and_shows_a_button(client):
    subscription = SubscriptionFactory(confirmed_at=None)
    url = reverse("tilskudd:subscription_confirm", kwargs={"token": subscription.token})
    response = client.get(f"/en{url}")
    content = response.content.decode()
    assert "<h1>Confirm reminders</h1>" in content
    assert "Yes, send me reminders" in content
    assert 'name="csrfmiddlewaretoken"' in content
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert Subscription.objects.active().count() == 0


def test_confirm__after_unsubscribing__the_button_subscribes_again(client):
    subscription = SubscriptionFactory(unsubscribed_at=timezone.now())
    url = reverse("tilskudd:subscription_confirm", kwargs={"token": subscription.token})
    assert "Ja, send meg påminnelser" in client.get(url).content.decode()
    client.post(url)
    subscription.refresh_from_db()
    assert subscription.is_active


def test_subscribe__same_address_twice__one_subscription_and_no_leak(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    scheme = GrantSchemeFactory(deadline_in_days=10)
    url = reverse("tilskudd:scheme_subscribe", kwargs={"slug": scheme.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "leder@lag.example.no", "days_before": "7"})
        client.post(url, {"email": "Leder@lag.example.no", "days_before": "14"})
    assert Subscription.objects.count() == 1
    assert Subscription.objects.get().days_before == 14
    assert len(mailoutbox) == 1  # no second e-mail within ten minutes: no inbox flooding
    Subscription.objects.update(last_emailed_at=timezone.now() - dt.timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "leder@lag.example.no", "days_before": "14"})
    assert len(mailoutbox) == 2


def test_subscribe__discontinued_scheme__is_404(client):
    scheme = GrantSchemeFactory(status=GrantScheme.Status.DISCONTINUED)
    response = client.post(
        reverse("tilskudd:scheme_subscribe", kwargs={"slug": scheme.slug}),
        {"email": "leder@lag.example.no", "days_before": "7"},
    )
    assert response.status_code == 404


def test_group_subscribe__target_group_required_and_prefilled(client, mailoutbox):
    page = client.get(reverse("tilskudd:group_subscribe"), {"target_group": "seniors"})
    assert 'value="seniors" selected' in page.content.decode()
    response = client.post(
        reverse("tilskudd:group_subscribe"), {"email": "leder@lag.example.no", "days_before": "7"}
    )
    assert "Velg målgruppen du vil ha påminnelser for." in response.content.decode()


def test_group_subscribe__creates_a_target_group_subscription(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/tilskudd/varsler/",
            {"email": "leader@club.example.org", "target_group": "seniors", "days_before": "30"},
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.target_group == TargetGroup.SENIORS
    assert subscription.language == "en"
    assert "/en/tilskudd/varsler/bekreft/" in mailoutbox[0].body
    assert mailoutbox[0].subject.startswith("Confirm reminders")


def test_unsubscribe__get_shows_a_button_and_changes_nothing(client):
    subscription = SubscriptionFactory()
    url = reverse("tilskudd:subscription_unsubscribe", kwargs={"token": subscription.token})
    response = client.get(url)
    assert response.status_code == 200
    assert "Stopp påminnelsene" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active


def test_unsubscribe__post_twice_is_harmless(client):
    subscription = SubscriptionFactory()
    url = reverse("tilskudd:subscription_unsubscribe", kwargs={"token": subscription.token})
    assert client.post(url).status_code == 200
    subscription.refresh_from_db()
    stopped_at = subscription.unsubscribed_at
    assert stopped_at is not None
    second = client.post(url)
    assert second.status_code == 200
    assert "Påminnelser stoppet" in second.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at == stopped_at


def test_unsubscribe__one_click_post_from_a_mail_client_without_csrf_token():
    from django.test import Client

    subscription = SubscriptionFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("tilskudd:subscription_unsubscribe", kwargs={"token": subscription.token}),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_confirm_and_unsubscribe__unknown_token__is_404(client):
    assert client.get("/tilskudd/varsler/bekreft/feil-token/").status_code == 404
    assert client.post("/tilskudd/varsler/avmeld/feil-token/").status_code == 404


def test_scheme_list_json__open_data_of_listed_schemes(client):
    GrantSchemeFactory(name="Nærmiljøtilskudd", deadline_in_days=12)
    GrantSchemeFactory(name="Avviklet", status=GrantScheme.Status.DISCONTINUED)
    response = client.get(reverse("tilskudd:scheme_list_json"))
    data = response.json()["schemes"]
    assert [scheme["name"] for scheme in data] == ["Nærmiljøtilskudd"]
    assert data[0]["next_deadline"] == (today() + dt.timedelta(days=12)).isoformat()
    assert data[0]["url"].startswith("http://testserver/tilskudd/")


def test_subscribe__too_many_sign_ups_from_one_address__refused_with_a_message(
    client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_FORM_LIMIT_PER_ADDRESS = 3
    scheme = GrantSchemeFactory(deadline_in_days=10)
    url = reverse("tilskudd:scheme_subscribe", kwargs={"slug": scheme.slug})
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            response = client.post(url, {"email": f"person{number}@example.no", "days_before": 7})
            assert response.status_code == 302
        refused = client.post(url, {"email": "offer@example.no", "days_before": "7"})
        other_network = client.post(
            url, {"email": "annen@example.no", "days_before": "7"}, REMOTE_ADDR="10.1.2.3"
        )
    assert refused.status_code == 429
    content = refused.content.decode()
    assert "vent en time" in content.lower()
    assert 'value="offer@example.no"' in content
    assert other_network.status_code == 302
    assert not Subscription.objects.filter(email="offer@example.no").exists()
    assert len(mailoutbox) == 3 + 1


def test_group_subscribe__one_recipient_from_rotating_addresses__refused_in_english(
    client, settings
):
    settings.PUBLIC_FORM_LIMIT_PER_EMAIL = 2
    data = {"email": "leader@club.example.org", "target_group": "seniors", "days_before": "30"}
    for number, group in enumerate(["seniors", "children_youth"]):
        response = client.post(
            "/en/tilskudd/varsler/",
            {**data, "target_group": group},
            REMOTE_ADDR=f"192.0.2.{number}",
        )
        assert response.status_code == 302
    response = client.post(
        "/en/tilskudd/varsler/", {**data, "target_group": "everyone"}, REMOTE_ADDR="192.0.2.99"
    )
    assert response.status_code == 429
    content = response.content.decode()
    assert "Please wait an hour" in content
    assert 'value="leader@club.example.org"' in content
    assert Subscription.objects.count() == 2
