"""Outreach: staff write to the organisations they choose, in each one's language, in
batches; one-click unsubscribe is honoured; a visitor writes to an organisation through
its page without learning its address."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from frivilligkontor.choices import ActivityArea
from frivilligkontor.models import Organisation, Roles
from nettverk import outreach
from nettverk.models import OrganisationContactLanguage
from nettverk.outreach_models import OutreachMessage, OutreachOptOut, OutreachRecipient
from tests.factories import district
from tests.nettverk.factories import EventFactory, make_organisation

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_URL}"
YOUTH = ActivityArea.CHILDREN_YOUTH


@pytest.fixture
def directory():
    alna, frogner = district("Alna"), district("Frogner")

    def org(name, districts, areas, **kwargs):
        organisation = make_organisation(
            name=name,
            activity_areas=areas,
            contact_email=f"{name.split()[0].lower()}@example.org",
            **kwargs,
        )
        organisation.districts.set(districts)
        return organisation

    found = {
        "korps": org("Furuset Skolekorps", [alna], [YOUTH, ActivityArea.CULTURE]),
        "leksehjelp": org("Leksehjelpen Alna", [alna, frogner], [YOUTH]),
        "english": org("Oslo International Youth", [alna], [YOUTH]),
        "sjakk": org("Alna Sjakklubb", [alna], [ActivityArea.CULTURE]),
        "frogner": org("Frogner Ungdom", [frogner], [YOUTH]),
        "pending": org("Ventende Lag", [alna], [YOUTH], status=Organisation.Status.PENDING),
        "no_address": org("Uten Adresse", [alna], [YOUTH]),
    }
    Organisation.objects.filter(pk=found["no_address"].pk).update(contact_email="")
    OrganisationContactLanguage.remember(found["english"], "en")
    return found


def draft(officer, *, districts, areas=(YOUTH,), **kwargs):
    message = OutreachMessage.objects.create(
        unit=kwargs.pop("unit", district("Alna")),
        activity_areas=list(areas),
        subject_nb="Kurs i frivillighetsledelse",
        body_nb="Velkommen til kurs.",
        subject_en="Course in volunteer management",
        body_en="Welcome to the course.",
        created_by=officer,
        **kwargs,
    )
    message.districts.set(districts)
    return message


def test_matching__district_activity_public_with_address_and_not_unsubscribed(directory):
    names = {
        organisation.name
        for organisation in outreach.matching_organisations(
            districts=[district("Alna")], activity_areas=[YOUTH]
        )
    }
    assert names == {"Furuset Skolekorps", "Leksehjelpen Alna", "Oslo International Youth"}
    outreach.unsubscribe(organisation=directory["korps"])
    english_only = outreach.matching_organisations(
        districts=[district("Alna")], activity_areas=[YOUTH], languages=["en"]
    )
    assert [o.name for o in english_only] == ["Oslo International Youth"]
    assert directory["korps"] not in outreach.matching_organisations(districts=[district("Alna")])


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send as the admin does; the batches run when the transaction commits."""

    def run(message, by):
        with django_capture_on_commit_callbacks(execute=True):
            return outreach.send_outreach(message=message, by=by)

    return run


def test_send__every_recipient_recorded_and_mailed_in_its_language_with_one_click_unsubscribe(
    directory, make_staff, settings, send
):
    officer = make_staff(Roles.CASE_OFFICERS)
    event = EventFactory(title="Kurs for frivillige ledere")
    message = draft(officer, districts=[district("Alna")], event=event)
    settings.SITE_URL = "https://frivillig.test"
    mail.outbox.clear()

    assert send(message, officer) == 3

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {
        "furuset@example.org",
        "leksehjelpen@example.org",
        "oslo@example.org",
    }
    english = by_address["oslo@example.org"]
    assert english.subject == "Course in volunteer management"
    assert "/en/nettverk/arrangementer/" in english.body
    norwegian = by_address["furuset@example.org"]
    assert norwegian.subject == "Kurs i frivillighetsledelse"
    assert f"https://frivillig.test/nettverk/arrangementer/{event.slug}/" in norwegian.body
    header = norwegian.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://frivillig.test/organisasjoner/avmeld/")
    assert norwegian.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert OutreachRecipient.objects.filter(message=message, sent_at__isnull=False).count() == 3
    message.refresh_from_db()
    assert message.sent_by == officer
    with pytest.raises(outreach.OutreachRefused):
        outreach.send_outreach(message=message, by=officer)


def test_send__the_mail_has_the_portals_design_beside_its_plain_text(
    directory, make_staff, settings, send, django_capture_on_commit_callbacks
):
    """Each mail carries an HTML alternative in the portal's design, in the organisation's
    language, with the staff's text escaped, the event and the unsubscribe link; the plain
    text stays complete. Mails without a designed version stay plain."""
    officer = make_staff(Roles.CASE_OFFICERS)
    event = EventFactory(title="Kurs for frivillige ledere")
    message = draft(officer, districts=[district("Alna")], event=event)
    message.body_nb = "Velkommen til kurs <b>i dag</b>.\n\nAndre avsnitt."
    message.save()
    settings.SITE_URL = "https://frivillig.test"
    mail.outbox.clear()

    send(message, officer)

    by_address = {m.to[0]: m for m in mail.outbox}
    norwegian = by_address["furuset@example.org"]
    [(html, mimetype)] = norwegian.alternatives
    assert mimetype == "text/html"
    assert '<html lang="nb">' in html
    assert "Oslo kommune" in html and "Kurs i frivillighetsledelse" in html
    assert "<p>Velkommen til kurs &lt;b&gt;i dag&lt;/b&gt;.</p>" in html
    assert "<p>Andre avsnitt.</p>" in html
    assert f'href="https://frivillig.test/nettverk/arrangementer/{event.slug}/"' in html
    unsubscribe = norwegian.extra_headers["List-Unsubscribe"].strip("<>")
    assert f'href="{unsubscribe}"' in html
    assert "Ingen flere meldinger eller invitasjoner som dette" in html
    assert "Velkommen til kurs <b>i dag</b>." in norwegian.body
    english = by_address["oslo@example.org"]
    assert '<html lang="en">' in english.alternatives[0][0]
    assert "No more messages or invitations like this" in english.alternatives[0][0]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outreach.relay_contact_message(
            organisation=directory["korps"], name="Kari", email="kari@example.org", message="Hei"
        )
    [relayed] = mail.outbox
    assert relayed.alternatives == []


def test_unsubscribe__one_click_post_without_a_form_is_honoured_in_every_later_message(
    client, directory, make_staff, send
):
    officer = make_staff(Roles.CASE_OFFICERS)
    send(draft(officer, districts=[district("Alna")]), officer)
    korps_mail = next(m for m in mail.outbox if m.to == ["furuset@example.org"])
    url = korps_mail.extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1]
    path = "/" + url.split("/", 1)[1]
    assert client.get(path).status_code == 200  # a scanner's GET changes nothing
    assert not OutreachOptOut.objects.exists()
    client.handler.enforce_csrf_checks = True
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert OutreachOptOut.objects.filter(organisation=directory["korps"]).exists()

    mail.outbox.clear()
    send(draft(officer, districts=[district("Alna")]), officer)
    assert "furuset@example.org" not in {m.to[0] for m in mail.outbox}
    assert len(mail.outbox) == 2


def test_batch__an_organisation_that_unsubscribed_before_its_batch_is_skipped(
    directory, make_staff, monkeypatch, django_capture_on_commit_callbacks
):
    officer = make_staff(Roles.CASE_OFFICERS)
    message = draft(officer, districts=[district("Alna")])
    queued = []
    batch_task = outreach.send_outreach_batch

    class QueueOnly:
        def enqueue(self, **kwargs):
            queued.append(kwargs)

    monkeypatch.setattr(outreach, "send_outreach_batch", QueueOnly())
    monkeypatch.setattr(outreach, "BATCH_SIZE", 2)
    outreach.send_outreach(message=message, by=officer)
    assert [len(batch["recipient_ids"]) for batch in queued] == [2, 1]
    outreach.unsubscribe(organisation=directory["leksehjelp"])
    for batch in queued:
        with django_capture_on_commit_callbacks(execute=True):
            batch_task.call(**batch)
            batch_task.call(**batch)  # a retried batch sends nothing twice
    assert sorted(m.to[0] for m in mail.outbox) == ["furuset@example.org", "oslo@example.org"]
    skipped = OutreachRecipient.objects.get(organisation=directory["leksehjelp"])
    assert skipped.skipped_at is not None and skipped.sent_at is None
    assert skipped.skip_reason == OutreachRecipient.SkipReason.UNSUBSCRIBED


def test_admin__preview_with_count_then_confirm_then_send(
    client, directory, make_staff, django_capture_on_commit_callbacks
):
    officer = make_staff(Roles.CASE_OFFICERS)
    client.force_login(officer)
    response = client.post(
        f"{ADMIN}nettverk/outreachmessage/add/",
        {
            "unit": district("Alna").pk,
            "districts": [district("Alna").pk],
            "activity_areas": [YOUTH],
            "subject_nb": "Invitasjon",
            "body_nb": "Hei!",
            "subject_en": "Invitation",
            "body_en": "Hello!",
        },
    )
    message = OutreachMessage.objects.get()
    assert response["Location"].endswith(f"/outreachmessage/{message.pk}/change/")
    page = client.get(response["Location"]).content.decode()
    assert "3 organisasjoner" in page
    assert "Furuset Skolekorps" in page and "Frogner Ungdom" not in page
    send_url = reverse("admin:nettverk_outreachmessage_send", args=[message.pk])
    confirm = client.get(send_url).content.decode()
    assert "Send til 3 organisasjoner" in confirm
    # Both versions are shown before sending, as they will be sent.
    norwegian, english = confirm.split('id="outreach-sample-en"')
    assert "Invitasjon" in norwegian and "Hei!" in norwegian and "Hello!" not in norwegian
    assert "Invitation" in english and "Hello!" in english and "Hei!" not in english
    assert "To Furuset Skolekorps," in english
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url)
    assert len(mail.outbox) == 3
    assert client.post(send_url).status_code == 403  # sent once only


def test_admin__unit_staff_write_only_to_their_own_districts(client, directory, make_staff):
    alna_staff = make_staff(Roles.UNIT_STAFF, units=(district("Alna"),))
    client.force_login(alna_staff)
    add = client.get(f"{ADMIN}nettverk/outreachmessage/add/").content.decode()
    assert "Bydel Alna" in add and "Bydel Frogner" not in add
    refused = client.post(
        f"{ADMIN}nettverk/outreachmessage/add/",
        {
            "unit": district("Alna").pk,
            "districts": [district("Frogner").pk],
            "subject_nb": "x",
            "body_nb": "y",
        },
    )
    assert refused.status_code == 200
    assert not OutreachMessage.objects.exists()
    officer = make_staff(Roles.CASE_OFFICERS)
    frogner_message = draft(officer, districts=[district("Frogner")], unit=district("Frogner"))
    send_url = reverse("admin:nettverk_outreachmessage_send", args=[frogner_message.pk])
    assert client.post(send_url).status_code == 404
    own = draft(officer, districts=[district("Alna"), district("Frogner")])
    own_url = reverse("admin:nettverk_outreachmessage_send", args=[own.pk])
    assert client.post(own_url).status_code == 403
    assert mail.outbox == []


def test_contact__relayed_to_the_organisation_without_showing_its_address(
    client, directory, django_capture_on_commit_callbacks, settings
):
    organisation = directory["korps"]
    detail = client.get(organisation.get_absolute_url()).content.decode()
    assert organisation.contact_email not in detail
    url = reverse("nettverk:organisation_contact", kwargs={"slug": organisation.slug})
    form = client.get(url).content.decode()
    assert organisation.contact_email not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"name": "Per Hansen", "email": "per@example.org", "message": "Kan vi spille?"}
        )
    assert response.status_code == 302
    sent = client.get(response["Location"]).content.decode()
    assert organisation.contact_email not in sent
    assert len(mail.outbox) == 1
    relayed = mail.outbox[0]
    assert relayed.to == [organisation.contact_email]
    assert relayed.reply_to == ["per@example.org"]
    assert "> Kan vi spille?" in relayed.body and "per@example.org" in relayed.body
    # Where to report abuse is written out.
    assert settings.OFFICE_EMAIL in relayed.body


def test_contact__the_visitors_text_cannot_pass_for_the_offices_own(
    client, directory, django_capture_on_commit_callbacks
):
    url = reverse("nettverk:organisation_contact", kwargs={"slug": directory["korps"].slug})
    forged = (
        "Hei\n----\n\nFrivilligkontoret: oppføringen slettes. Logg inn: https://svindel.example"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "name": "Per\r\nBcc: offer@example.org\r\n\r\nFrivilligkontoret",
                "email": "per@example.org",
                "message": forged,
            },
        )
    assert response.status_code == 302
    (relayed,) = mail.outbox
    assert "\n" not in relayed.subject and relayed.bcc == []
    assert relayed.body.startswith("Per Bcc: offer@example.org Frivilligkontoret (per@example.org)")
    body_lines = relayed.body.splitlines()
    for line in forged.splitlines():
        assert f"> {line}".rstrip() in body_lines
        if line:
            assert line not in body_lines  # never on a line of its own, unquoted


def test_contact__honeypot_sends_nothing_and_too_many_are_refused(
    client, directory, settings, django_capture_on_commit_callbacks
):
    cache.clear()  # the limit's counters live in the cache, which other tests may have used
    settings.PUBLIC_FORM_LIMIT_PER_ADDRESS = 5
    url = reverse("nettverk:organisation_contact", kwargs={"slug": directory["korps"].slug})
    data = {"name": "Bot", "email": "bot@example.org", "message": "Kjøp!"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "website": "http://spam"}).status_code == 302
    assert mail.outbox == []
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, data).status_code == 302
    refused = client.post(url, data)
    assert refused.status_code == 429
    assert "Kjøp!" in refused.content.decode()
    assert "vent en time" in refused.content.decode().lower()
    assert len(mail.outbox) == 5


def test_contact__mistakes_do_not_count_towards_the_limit(
    client, directory, settings, django_capture_on_commit_callbacks
):
    cache.clear()
    settings.PUBLIC_FORM_LIMIT_PER_ADDRESS = 5
    url = reverse("nettverk:organisation_contact", kwargs={"slug": directory["korps"].slug})
    for _ in range(6):
        mistyped = client.post(url, {"name": "Per", "email": "per@example", "message": "Hei"})
        assert mistyped.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": "Per", "email": "per@example.org", "message": "Hei"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_contact__one_organisation_cannot_be_flooded_from_many_networks(
    client, directory, monkeypatch, django_capture_on_commit_callbacks
):
    from nettverk import outreach_views

    cache.clear()
    monkeypatch.setattr(outreach_views, "CONTACT_MESSAGES_PER_ORGANISATION", 3)
    korps = reverse("nettverk:organisation_contact", kwargs={"slug": directory["korps"].slug})
    data = {"name": "Per", "email": "per@example.org", "message": "Hei"}
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post(korps, data, REMOTE_ADDR=f"192.0.2.{number}")
        assert sent.status_code == 302
    refused = client.post(korps, data, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert 'value="per@example.org"' in refused.content.decode()
    # Another organisation is not affected.
    sjakk = reverse("nettverk:organisation_contact", kwargs={"slug": directory["sjakk"].slug})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(sjakk, data, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert [m.to for m in mail.outbox].count([directory["korps"].contact_email]) == 3


def test_contact__invalid_input_is_kept_with_a_message_beside_the_field(client, directory):
    url = reverse("nettverk:organisation_contact", kwargs={"slug": directory["korps"].slug})
    response = client.post(url, {"name": "Per", "email": "ikke-adresse", "message": "Hei"})
    assert response.status_code == 400
    assert "ikke-adresse" in response.content.decode()
    assert mail.outbox == []


def test_contact__no_form_for_an_organisation_without_an_address(client, directory):
    url = reverse("nettverk:organisation_contact", kwargs={"slug": directory["no_address"].slug})
    assert client.get(url).status_code == 404


def test_event_page__links_to_an_invitation_with_the_event_chosen(client, directory, make_staff):
    client.force_login(make_staff(Roles.CASE_OFFICERS))
    event = EventFactory(
        title="Frivillighetsmesse", unit=district("Alna"), district=district("Alna")
    )
    page = client.get(reverse("admin:nettverk_event_change", args=[event.pk])).content.decode()
    add_url = reverse("admin:nettverk_outreachmessage_add") + f"?event={event.pk}"
    assert f'href="{add_url}"' in page
    form = client.get(add_url).content.decode()
    assert 'value="Invitasjon: Frivillighetsmesse"' in form


@pytest.mark.parametrize("language", ["nb", "en"])
def test_recruiting__frivillig_and_ungfritid_on_oslo_search_where_organisations_look(
    client, directory, language
):
    from henvendelser.models import Topic
    from tests.henvendelser.factories import GuidanceArticleFactory

    prefix = "/en" if language == "en" else ""
    recruiting = GuidanceArticleFactory(topic=Topic.VOLUNTEERS, slug="rekruttere-frivillige")
    grants = GuidanceArticleFactory(topic=Topic.GRANTS, slug="soke-tilskudd")
    frivillig = 'href="https://frivillig.no/oppdrag?sted=Oslo"'
    ungfritid = 'href="https://ungfritid.no/aktiviteter?sted=Oslo"'
    encouragement = {"nb": "Legg ut frivillige oppdrag", "en": "Publish your volunteer tasks"}
    pages = {
        "directory": f"{prefix}/organisasjoner/",
        "network": f"{prefix}/nettverk/",
        "guidance on recruiting": f"{prefix}/veiledning/{recruiting.slug}/",
        "after registering": f"{prefix}/organisasjoner/registrer/takk/",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert frivillig in page and ungfritid in page, name
    registered = client.get(pages["after registering"]).content.decode()
    assert encouragement[language].lower() in registered.lower()
    other = client.get(f"{prefix}/veiledning/{grants.slug}/").content.decode()
    assert frivillig not in other


def test_admin__an_invitation_to_an_event_cancelled_since_the_draft_is_not_sent(
    client, directory, make_staff, django_capture_on_commit_callbacks
):
    officer = make_staff(Roles.CASE_OFFICERS)
    client.force_login(officer)
    event = EventFactory(title="Kurs i frivillighetsledelse")
    message = draft(officer, districts=[district("Alna")], event=event)
    event.state = event.State.CANCELLED
    event.save()
    send_url = reverse("admin:nettverk_outreachmessage_send", args=[message.pk])
    confirm = client.get(send_url).content.decode()
    assert "ikke lenger åpent for påmelding" in confirm
    assert "Send til 3 organisasjoner" not in confirm
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(send_url)
    assert refused.status_code == 302
    assert "ikke lenger åpent for påmelding" in client.get(refused["Location"]).content.decode()
    message.refresh_from_db()
    assert not message.is_sent and not message.recipients.exists()
    assert mail.outbox == []


def test_batch__an_invitation_whose_event_closed_after_sending_began_is_not_sent_and_says_why(
    client, directory, make_staff, monkeypatch, django_capture_on_commit_callbacks
):
    officer = make_staff(Roles.CASE_OFFICERS)
    event = EventFactory(title="Kurs i frivillighetsledelse")
    message = draft(officer, districts=[district("Alna")], event=event)
    queued = []
    batch_task = outreach.send_outreach_batch

    class QueueOnly:
        def enqueue(self, **kwargs):
            queued.append(kwargs)

    monkeypatch.setattr(outreach, "send_outreach_batch", QueueOnly())
    monkeypatch.setattr(outreach, "BATCH_SIZE", 2)
    outreach.send_outreach(message=message, by=officer)
    first, second = queued
    with django_capture_on_commit_callbacks(execute=True):
        batch_task.call(**first)
    assert len(mail.outbox) == 2
    event.state = event.State.CANCELLED  # cancelled while the last batch waits in the queue
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        batch_task.call(**second)
    assert len(mail.outbox) == 2
    (skipped,) = OutreachRecipient.objects.filter(pk__in=second["recipient_ids"])
    assert skipped.sent_at is None and skipped.skipped_at is not None
    assert skipped.skip_reason == OutreachRecipient.SkipReason.EVENT_CLOSED
    # The record of what was sent to whom says why, in the staff member's language.
    client.force_login(officer)
    page = client.get(reverse("admin:nettverk_outreachmessage_change", args=[message.pk]))
    text = page.content.decode()
    assert "arrangementet var ikke lenger åpent for påmelding" in text
    assert "organisasjonen har meldt seg av" not in text
    with translation.override("en"):
        english = client.get(reverse("admin:nettverk_outreachmessage_change", args=[message.pk]))
    assert "the event was no longer open for registration" in english.content.decode()


def test_admin__a_sent_message_read_only_shows_labels_not_stored_values(
    client, directory, make_staff, send
):
    """A sent message is shown to read: its sets of choices by their labels, in the staff
    member's language (Django alone shows an array's stored values, "children_youth")."""
    officer = make_staff(Roles.CASE_OFFICERS)
    message = draft(officer, districts=[district("Alna")], areas=(YOUTH, ActivityArea.CULTURE))
    send(message, officer)
    client.force_login(officer)
    page = client.get(reverse("admin:nettverk_outreachmessage_change", args=[message.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"{ActivityArea.CHILDREN_YOUTH.label}, {ActivityArea.CULTURE.label}" in text
    assert "children_youth" not in text
