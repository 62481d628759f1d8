"""Readable slugs (æ → ae, ø → o, å → a, é → e) and old addresses that redirect for good."""

import pytest

from frivilligkontor.models import Organisation, Unit, unique_slug
from frivilligkontor.slugs import readable_slugs, slugify
from lokaler.models import Room
from tests.factories import OrganisationFactory, district
from tests.henvendelser.factories import GuidanceArticleFactory
from tests.lokaler.factories import RoomFactory, VenueFactory
from tests.nettverk.factories import EventFactory
from tests.tilskudd.factories import GrantSchemeFactory


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Møterom Alna", "moterom-alna"),
        ("Gymsal, halvdel øst", "gymsal-halvdel-ost"),
        ("Bydel Østensjø", "bydel-ostensjo"),
        ("Ærfuglen Å-lag", "aerfuglen-a-lag"),
        ("Frivilligkafé på Grünerløkka", "frivilligkafe-pa-grunerlokka"),
        ("Łódź Straße Þór", "lodz-strasse-thor"),
    ],
)
def test_slugify__keeps_every_latin_letter_readable(text, slug):
    assert slugify(text) == slug


@pytest.mark.django_db
def test_new_rows__get_readable_slugs_everywhere_a_slug_is_made():
    venue = VenueFactory(name="Furuset bydelshus")
    assert RoomFactory(venue=venue, name="Møterom Alna").slug == "moterom-alna"
    assert RoomFactory(venue=venue, name="Møterom Alna").slug == "moterom-alna-2"
    assert VenueFactory(name="Bøler skole").slug == "boler-skole"
    assert OrganisationFactory(name="Tøyen Sportsklubb").slug == "toyen-sportsklubb"
    assert Unit.objects.create(name="Kulturetaten Øst", kind="agency").slug == "kulturetaten-ost"
    assert unique_slug(Organisation, "Tøyen Sportsklubb") == "toyen-sportsklubb-2"
    assert district("Østensjø").slug == "ostensjo"


@pytest.mark.django_db
def test_data_migration__lossy_slugs_become_readable_and_hand_made_ones_stay(client):
    venue = VenueFactory(name="Furuset bydelshus", slug="furuset-bydelshus")
    lossy = RoomFactory(venue=venue, name="Møterom Alna")
    typed = RoomFactory(venue=venue, name="Gymsal, halvdel øst")
    Room.objects.filter(pk=lossy.pk).update(slug="mterom-alna")
    Room.objects.filter(pk=typed.pk).update(slug="gymsal-ost-hand")

    readable_slugs(Room, lambda room: [room.name], max_length=150, scope="venue_id")

    lossy.refresh_from_db()
    typed.refresh_from_db()
    assert (lossy.slug, typed.slug) == ("moterom-alna", "gymsal-ost-hand")
    response = client.get("/lokaler/furuset-bydelshus/mterom-alna/lan/?first_date=2030-01-07")
    assert response.status_code == 301
    assert (
        response["Location"] == "/lokaler/furuset-bydelshus/moterom-alna/lan/?first_date=2030-01-07"
    )


@pytest.mark.django_db
def test_renamed_venue_and_room__old_addresses_redirect_permanently_in_one_step(client):
    room = RoomFactory(venue=VenueFactory(name="Gamle skolen"), name="Aula")
    venue = room.venue
    venue.slug = "nye-skolen"
    venue.save()
    room.slug = "storsal"
    room.save()

    detail = client.get("/en/lokaler/gamle-skolen/?uke=2030-01-07")
    assert detail.status_code == 301
    assert detail["Location"] == "/en/lokaler/nye-skolen/?uke=2030-01-07"
    booking = client.get("/lokaler/gamle-skolen/aula/lan/")
    assert (booking.status_code, booking["Location"]) == (301, "/lokaler/nye-skolen/storsal/lan/")
    assert client.get("/lokaler/nye-skolen/storsal/lan/").status_code == 200
    assert client.get("/lokaler/gamle-skolen/kalender.ics")["Location"] == (
        "/lokaler/nye-skolen/kalender.ics"
    )


@pytest.mark.django_db
def test_renamed_twice__the_first_address_leads_to_the_newest_and_a_new_owner_wins(client):
    venue = VenueFactory(name="A skole")
    for slug in ("b-skole", "c-skole"):
        venue.slug = slug
        venue.save()
    assert client.get("/lokaler/a-skole/")["Location"] == "/lokaler/c-skole/"
    assert client.get("/lokaler/b-skole/")["Location"] == "/lokaler/c-skole/"

    VenueFactory(name="B skole", slug="b-skole")
    assert client.get("/lokaler/b-skole/").status_code == 200
    assert client.get("/lokaler/ukjent-skole/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: OrganisationFactory(name="Bjørndal Nabolagshage"), "/organisasjoner/{}/"),
        (lambda: EventFactory(is_published=True), "/nettverk/arrangementer/{}/"),
        (lambda: GrantSchemeFactory(), "/tilskudd/{}/"),
        (lambda: GuidanceArticleFactory(is_published=True), "/veiledning/{}/"),
    ],
    ids=["organisation", "event", "grant scheme", "guidance article"],
)
def test_every_page_with_a_slug__old_address_redirects_permanently(client, make, path):
    thing = make()
    old = thing.slug
    thing.slug = f"{old}-ny"
    thing.save()
    response = client.get(path.format(old))
    assert (response.status_code, response["Location"]) == (301, path.format(thing.slug))
    assert client.get(path.format(thing.slug)).status_code == 200


@pytest.mark.django_db
def test_district_filter__an_old_district_slug_keeps_the_filter(client):
    alna = district("Alna")
    alna.slug = "alna-bydel"
    alna.save()
    RoomFactory(venue=VenueFactory(name="Filtrert skole", district=alna))
    RoomFactory(venue=VenueFactory(name="Annen skole", district=district("Frogner")))
    page = client.get("/lokaler/?district=alna").content.decode()
    assert "Filtrert skole" in page
    assert "Annen skole" not in page


@pytest.mark.django_db
def test_enquiry_link_with_an_old_scheme_slug__still_names_the_scheme(client):
    scheme = GrantSchemeFactory(name="Nærmiljømidler Alna", slug="nrmiljmidler-alna")
    scheme.slug = "naermiljomidler-alna"
    scheme.save()
    page = client.get("/henvendelser/ny/", {"tema": "tilskudd", "ordning": "nrmiljmidler-alna"})
    assert "Nærmiljømidler Alna" in page.content.decode()
    unknown = client.get("/henvendelser/ny/", {"tema": "tilskudd", "ordning": "finnes-ikke"})
    assert "Nærmiljømidler Alna" not in unknown.content.decode()
