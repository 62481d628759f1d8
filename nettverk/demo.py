"""Demo data for nettverk: events past and upcoming, a weekly meeting place, registrations,
and the directory of voluntary organisations. Idempotent (keyed on slugs and names)."""

import datetime
from typing import TextIO

from django.utils import timezone

from frivilligkontor.models import Organisation, Unit
from frivilligkontor.validators import ORGANISATION_NUMBER_WEIGHTS
from nettverk.models import Event, MeetingPlace, Registration
from nettverk.services import generate_series_events


def demo_organisation_number(seed: int) -> str:
    """A valid (mod-11) but invented organisation number, the same for the same seed."""
    base = 921_000_00 + seed * 7919
    while True:
        digits = f"{base:08d}"[-8:]
        total = sum(int(d) * w for d, w in zip(digits, ORGANISATION_NUMBER_WEIGHTS, strict=True))
        remainder = 11 - total % 11
        if remainder != 10:
            return digits + str(0 if remainder == 11 else remainder)
        base += 1


# name, districts (without "Bydel "), activity areas, target groups, description, status,
# new initiative (no number), website
ORGANISATIONS = [
    (
        "Furuset Idrettsforening",
        ["Alna"],
        ["sport", "children_youth"],
        ["children_youth", "everyone"],
        "Fotball, håndball og allidrett for barn og unge på Furuset. Foreldre og frivillige trenere er alltid velkomne.",
        "approved",
        False,
        "https://www.furusetif.no",
    ),
    (
        "Haugerud Skolekorps",
        ["Alna"],
        ["culture", "children_youth"],
        ["children_youth"],
        "Skolekorps for elever på Haugerud og Tveita. Vi låner ut instrumenter og øver tirsdager i skolens aula.",
        "approved",
        False,
        "",
    ),
    (
        "Lindeberg Velforening",
        ["Alna"],
        ["neighbourhood", "outdoors"],
        ["everyone"],
        "Velforeningen arrangerer dugnad, 17. mai-feiring og julegrantenning på Lindeberg.",
        "approved",
        False,
        "",
    ),
    (
        "Leksehjelp Furuset",
        ["Alna"],
        ["education", "children_youth"],
        ["children_youth", "inclusion_diversity"],
        "Gratis leksehjelp for elever fra 5. til 10. trinn, mandag og onsdag på biblioteket. Frivillige studenter hjelper.",
        "approved",
        False,
        "",
    ),
    (
        "Somalisk Kvinneforening Alna",
        ["Alna", "Stovner"],
        ["integration", "humanitarian"],
        ["inclusion_diversity"],
        "Møteplass, norskkafé og svømmekurs for somaliske kvinner og deres familier.",
        "approved",
        False,
        "",
    ),
    (
        "Trosterud Mødrekafé",
        ["Alna"],
        ["integration", "neighbourhood"],
        ["inclusion_diversity", "new_initiatives"],
        "En ny møteplass for mødre med små barn. Vi møtes på torsdager, med kaffe og lek.",
        "approved",
        True,
        "",
    ),
    (
        "Stovner Sportsklubb",
        ["Stovner"],
        ["sport"],
        ["children_youth", "everyone"],
        "Bryting, judo og turn for alle aldre. Vi har egen hall på Stovner.",
        "approved",
        False,
        "",
    ),
    (
        "Vestli Beboerforening",
        ["Stovner"],
        ["neighbourhood"],
        ["everyone"],
        "Beboerforening for Vestli og Rommen: dugnader, nabolagsfester og samarbeid med bydelen.",
        "approved",
        False,
        "",
    ),
    (
        "Rommen Ungdomsklubb Venner",
        ["Stovner"],
        ["children_youth", "culture"],
        ["children_youth"],
        "Foreldre og naboer som støtter aktiviteter på Rommen scene og ungdomsklubben.",
        "pending",
        True,
        "",
    ),
    (
        "Grorud Turn og Idrett",
        ["Grorud"],
        ["sport"],
        ["children_youth"],
        "Turn, friidrett og sommerskole for barn på Grorud.",
        "approved",
        False,
        "",
    ),
    (
        "Romsås Historielag",
        ["Grorud"],
        ["culture", "neighbourhood"],
        ["seniors", "everyone"],
        "Vi samler bilder og fortellinger fra Romsås og holder byvandringer.",
        "approved",
        False,
        "",
    ),
    (
        "Ammerud Leksehjelp",
        ["Grorud"],
        ["education"],
        ["children_youth", "inclusion_diversity"],
        "Leksehjelp og mattekafé for elever på Ammerud skole.",
        "pending",
        False,
        "",
    ),
    (
        "Holmlia Sportsklubb",
        ["Søndre Nordstrand"],
        ["sport", "children_youth"],
        ["children_youth", "inclusion_diversity"],
        "Fotball og basket for barn og unge på Holmlia. Ingen skal stå utenfor på grunn av økonomi.",
        "approved",
        False,
        "https://www.holmliask.no",
    ),
    (
        "Mortensrud Skolekorps",
        ["Søndre Nordstrand"],
        ["culture", "children_youth"],
        ["children_youth"],
        "Korps for elever ved Mortensrud og Bjørndal skoler. Vi øver onsdager.",
        "approved",
        False,
        "",
    ),
    (
        "Bjørndal Nabolagshage",
        ["Søndre Nordstrand"],
        ["outdoors", "neighbourhood"],
        ["everyone", "new_initiatives"],
        "En dyrkehage for naboer på Bjørndal: vi dyrker grønnsaker og deler høsten.",
        "approved",
        True,
        "",
    ),
    (
        "Tamilsk Kultursenter Oslo",
        ["Søndre Nordstrand", "Alna"],
        ["integration", "culture"],
        ["inclusion_diversity"],
        "Tamilskole, dans og musikk for barn og unge, og kulturkvelder for hele familien.",
        "approved",
        False,
        "",
    ),
    (
        "Prinsdal Velforening",
        ["Søndre Nordstrand"],
        ["neighbourhood"],
        ["everyone"],
        "Velforeningen for Prinsdal og Hauketo.",
        "approved",
        False,
        "",
    ),
    (
        "Frogner Seniorsenter Venner",
        ["Frogner"],
        ["health", "humanitarian"],
        ["seniors"],
        "Besøksvenner og turgrupper for eldre på Frogner og Majorstuen.",
        "approved",
        False,
        "",
    ),
    (
        "Skillebekk Nabolagsforening",
        ["Frogner"],
        ["neighbourhood"],
        ["everyone"],
        "Nabolagsforening som arrangerer loppemarked og julemarked i Skillebekk.",
        "approved",
        False,
        "",
    ),
    (
        "Uranienborg Skolekorps",
        ["Frogner"],
        ["culture", "children_youth"],
        ["children_youth"],
        "Et av Oslos eldste skolekorps, for elever på Uranienborg skole.",
        "approved",
        False,
        "",
    ),
    (
        "Frogner Sjakklubb",
        ["Frogner"],
        ["culture", "other"],
        ["everyone"],
        "Sjakk for nybegynnere og viderekomne, torsdager på biblioteket.",
        "rejected",
        False,
        "",
    ),
    (
        "Tøyen Sportsklubb",
        ["Gamle Oslo"],
        ["sport", "children_youth"],
        ["children_youth", "inclusion_diversity"],
        "Gratis fotball for alle barn på Tøyen, med foreldrekaffe på sidelinjen.",
        "approved",
        False,
        "https://www.toyensk.no",
    ),
    (
        "Gamlebyen Beboerforening",
        ["Gamle Oslo"],
        ["neighbourhood"],
        ["everyone"],
        "Beboerforening for Gamlebyen og Kampen.",
        "approved",
        False,
        "",
    ),
    (
        "Grønland Leksehjelp",
        ["Gamle Oslo"],
        ["education"],
        ["children_youth", "inclusion_diversity"],
        "Leksehjelp for videregående elever, tirsdag og torsdag på Deichman Grønland.",
        "approved",
        False,
        "",
    ),
    (
        "Kurdisk Kvinneforum",
        ["Gamle Oslo", "Grünerløkka"],
        ["integration", "humanitarian"],
        ["inclusion_diversity"],
        "Nettverk, norskopplæring og kulturaktiviteter for kurdiske kvinner.",
        "approved",
        False,
        "",
    ),
    (
        "Vaterland Bydelsmødre",
        ["Gamle Oslo"],
        ["integration", "health"],
        ["inclusion_diversity", "new_initiatives"],
        "Bydelsmødre som hjelper andre kvinner å finne fram i tjenestene i Oslo.",
        "pending",
        True,
        "",
    ),
    (
        "Grünerløkka Ballklubb",
        ["Grünerløkka"],
        ["sport"],
        ["children_youth"],
        "Fotball for jenter og gutter i alle aldre på Grünerløkka.",
        "approved",
        False,
        "",
    ),
    (
        "Sofienberg Parkvenner",
        ["Grünerløkka"],
        ["outdoors", "neighbourhood"],
        ["everyone"],
        "Vi rydder, planter og holder konserter i Sofienbergparken.",
        "approved",
        False,
        "",
    ),
    (
        "Løkka Seniordans",
        ["Grünerløkka"],
        ["health", "culture"],
        ["seniors"],
        "Dans og trim for seniorer hver mandag formiddag.",
        "approved",
        True,
        "",
    ),
    (
        "Sagene Hagelag",
        ["Sagene"],
        ["outdoors"],
        ["everyone", "seniors"],
        "Hagelag med parseller langs Akerselva og kurs i dyrking.",
        "approved",
        False,
        "",
    ),
    (
        "Bjølsen Skolekorps",
        ["Sagene"],
        ["culture", "children_youth"],
        ["children_youth"],
        "Korps for elever på Bjølsen og Sagene skoler.",
        "approved",
        False,
        "",
    ),
    (
        "Torshov Leksehjelp",
        ["Sagene"],
        ["education"],
        ["children_youth"],
        "Leksehjelp med frivillige lærere, onsdager på Torshov bibliotek.",
        "approved",
        False,
        "",
    ),
    (
        "St. Hanshaugen Turlag",
        ["St. Hanshaugen"],
        ["outdoors", "health"],
        ["everyone", "seniors"],
        "Ukentlige turer i nærmiljøet og i Nordmarka for alle som vil gå.",
        "approved",
        False,
        "",
    ),
    (
        "Bislett Velforening",
        ["St. Hanshaugen"],
        ["neighbourhood"],
        ["everyone"],
        "Velforening for Bislett og Adamstuen.",
        "approved",
        False,
        "",
    ),
    (
        "Ullern Idrettslag",
        ["Ullern"],
        ["sport"],
        ["children_youth", "everyone"],
        "Ski, fotball og friidrett i Ullern.",
        "approved",
        False,
        "",
    ),
    (
        "Skøyen Velforening",
        ["Ullern"],
        ["neighbourhood", "outdoors"],
        ["everyone"],
        "Velforening som holder Skøyen rent og grønt.",
        "approved",
        False,
        "",
    ),
    (
        "Røa Skolekorps",
        ["Vestre Aker"],
        ["culture", "children_youth"],
        ["children_youth"],
        "Korps for elever på Røa og Hovseter.",
        "approved",
        False,
        "",
    ),
    (
        "Vinderen Besøksvenner",
        ["Vestre Aker"],
        ["humanitarian", "health"],
        ["seniors"],
        "Besøksvenner for eldre som bor alene.",
        "approved",
        False,
        "",
    ),
    (
        "Nordberg Idrettsforening",
        ["Nordre Aker"],
        ["sport"],
        ["children_youth"],
        "Håndball, fotball og ski på Nordberg.",
        "approved",
        False,
        "",
    ),
    (
        "Tåsen Velforening",
        ["Nordre Aker"],
        ["neighbourhood"],
        ["everyone"],
        "Velforening for Tåsen, Berg og Nordberg.",
        "approved",
        False,
        "",
    ),
    (
        "Linderud Leksehjelp",
        ["Bjerke"],
        ["education"],
        ["children_youth", "inclusion_diversity"],
        "Leksehjelp for barneskoleelever på Linderud.",
        "approved",
        False,
        "",
    ),
    (
        "Veitvet Nærmiljøforening",
        ["Bjerke"],
        ["neighbourhood", "integration"],
        ["everyone", "inclusion_diversity"],
        "Festivaler, matkurs og dugnader for alle på Veitvet.",
        "approved",
        False,
        "",
    ),
    (
        "Bøler Idrettsforening",
        ["Østensjø"],
        ["sport"],
        ["children_youth", "everyone"],
        "Idrett for alle på Bøler, med egen tilrettelagt gruppe.",
        "approved",
        False,
        "",
    ),
    (
        "Østensjøvannets Venner",
        ["Østensjø"],
        ["outdoors"],
        ["everyone"],
        "Naturvandringer og fugletitting rundt Østensjøvannet.",
        "approved",
        False,
        "",
    ),
    (
        "Nordstrand Musikkorps",
        ["Nordstrand"],
        ["culture"],
        ["everyone", "seniors"],
        "Voksenkorps for alle som har spilt før og vil begynne igjen.",
        "approved",
        False,
        "",
    ),
    (
        "Ljan Velforening",
        ["Nordstrand"],
        ["neighbourhood"],
        ["everyone"],
        "Velforening for Ljan og Hvervenbukta.",
        "approved",
        False,
        "",
    ),
    (
        "Syrisk Kulturforening",
        ["Bjerke", "Alna"],
        ["integration", "culture"],
        ["inclusion_diversity", "new_initiatives"],
        "Kulturkvelder, arabiskundervisning og leksehjelp for syriske familier.",
        "pending",
        True,
        "",
    ),
    (
        "Unge Frivillige Oslo Øst",
        ["Stovner", "Grorud", "Alna"],
        ["children_youth", "humanitarian"],
        ["children_youth", "new_initiatives"],
        "Ungdom som rydder, hjelper eldre og lager arrangementer i Groruddalen.",
        "approved",
        True,
        "",
    ),
]

DEMO_PEOPLE = [
    ("Kari Hansen", "Furuset IF"),
    ("Mohammed Ali", "Leksehjelp Furuset"),
    ("Ingrid Olsen", ""),
    ("Sara Ahmed", "Somalisk Kvinneforening Alna"),
    ("Ola Nordmann", "Lindeberg Velforening"),
    ("Fatima Khan", ""),
    ("Per Berg", "Haugerud Skolekorps"),
    ("Hanne Larsen", "Tøyen Sportsklubb"),
    ("Ravi Kumar", "Tamilsk Kultursenter Oslo"),
    ("Emma Johansen", ""),
    ("Jonas Dahl", "Stovner Sportsklubb"),
    ("Amina Yusuf", "Vaterland Bydelsmødre"),
]


# Demo events' short names start with this, and demo organisations' addresses end with
# that; the figures leave them out by it.
EXAMPLE_EVENT_SLUG_PREFIX = "demo-"
EXAMPLE_ORGANISATION_DOMAIN = ".demo.example.org"
EXAMPLE_MEETING_PLACE_TITLE = "Frivilligkafé på Furuset"


def _district(name: str) -> Unit:
    return Unit.objects.get(name=f"Bydel {name}")


def _load_organisations(stdout: TextIO) -> int:
    now = timezone.now()
    created = 0
    for index, (name, districts, areas, groups, description, status, new, website) in enumerate(
        ORGANISATIONS
    ):
        organisation, was_created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "organisation_number": "" if new else demo_organisation_number(index + 1),
                "is_new_initiative": new,
                "activity_areas": areas,
                "target_groups": groups,
                "description": description,
                "status": status,
                "website": website,
                "frivillig_url": f"https://frivillig.no/{organisation_slug(name)}"
                if index % 3 == 0
                else "",
                "contact_email": f"post@{organisation_slug(name)}{EXAMPLE_ORGANISATION_DOMAIN}",
                "created_at": now - datetime.timedelta(days=400 - index * 7),
                "approved_at": now - datetime.timedelta(days=395 - index * 7)
                if status == "approved"
                else None,
            },
        )
        if was_created:
            organisation.districts.set([_district(d) for d in districts])
            created += 1
    return created


def organisation_slug(name: str) -> str:
    from frivilligkontor.slugs import slugify

    return slugify(name)


def _venue(name_part: str):  # noqa: ANN202 - lokaler.Venue or None
    from lokaler.models import Venue

    return Venue.objects.filter(name__icontains=name_part).first()


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


# slug, kind, title, days from today, start hour, hours long, district, organiser, place,
# venue name part, capacity, target groups, language, description, accessibility
EVENTS = [
    (
        "demo-frivillighetsmesse-furuset",
        "recruitment_fair",
        "Frivillighetsmesse på Furuset",
        12,
        12,
        4,
        "Alna",
        "Bydel Alna",
        "Furuset senter, Trygve Lies plass 1",
        "Furuset bydelshus",
        40,
        ["everyone", "inclusion_diversity"],
        "nb_en",
        "Møt over tjue lag og foreninger fra Groruddalen som trenger frivillige: idrettslag, korps, leksehjelp og besøkstjenester. Ta med familien – det blir aktiviteter for barn og gratis kaffe.",
        "Trinnfri adkomst fra T-banen, HC-toalett og teleslynge ved scenen. Tolk til somali og urdu kan bestilles ved påmelding.",
    ),
    (
        "demo-styrekurs-nye-foreninger",
        "course",
        "Styrekurs for nye foreninger",
        9,
        18,
        3,
        "Gamle Oslo",
        "Kulturetaten",
        "Frivilligkontoret, Tøyengata 51",
        "",
        25,
        ["new_initiatives"],
        "nb",
        "Hva gjør et styre? Vi går gjennom vedtekter, årsmøte, regnskap og ansvar, og hvordan dere registrerer foreningen i Brønnøysundregistrene og Frivillighetsregisteret.",
        "Trinnfri adkomst og heis. Si fra om du trenger tolk.",
    ),
    (
        "demo-soknadsskriving-frivillige",
        "course",
        "Søknadsskriving for frivillige",
        20,
        17,
        3,
        "Søndre Nordstrand",
        "Bydel Søndre Nordstrand",
        "Holmlia bydelshus",
        "Holmlia bydelshus",
        20,
        ["everyone", "new_initiatives"],
        "nb_easy",
        "Lær å skrive en god søknad om tilskudd: hva bydelen og kommunen ser etter, budsjett og rapportering. Ta gjerne med en søknad dere jobber med.",
        "Trinnfri adkomst. Kurset holdes på enkel norsk.",
    ),
    (
        "demo-nettverksmote-alna",
        "network_meeting",
        "Nettverksmøte for frivilligheten i Alna",
        30,
        18,
        2,
        "Alna",
        "Bydel Alna",
        "Bydelshuset, Strømsveien 102",
        "",
        60,
        ["everyone"],
        "nb",
        "Bydelen inviterer lag, foreninger og nye initiativ til å dele erfaringer og planlegge samarbeid. Frivilligkoordinator presenterer bydelens frivillighetsstrategi.",
        "Trinnfri adkomst, HC-toalett og teleslynge.",
    ),
    (
        "demo-informasjonsmote-meraapen-skole",
        "information_meeting",
        "Informasjonsmøte: lån av skolelokaler",
        16,
        18,
        1,
        "Stovner",
        "Utdanningsetaten",
        "",
        "",
        100,
        ["everyone"],
        "nb_en",
        "Hvordan låner foreningen rom på skolen etter skoletid? Utdanningsetaten og Frivilligkontoret forklarer ordningen med meråpne skoler, og svarer på spørsmål.",
        "Digitalt møte med teksting.",
    ),
    (
        "demo-nettverksmote-frogner",
        "network_meeting",
        "Frivillighetsforum Frogner",
        45,
        17,
        2,
        "Frogner",
        "Bydel Frogner",
        "Frogner seniorsenter, Bygdøy allé 53",
        "",
        35,
        ["seniors", "everyone"],
        "nb",
        "Forum for organisasjoner som jobber med eldre i bydelen: besøksvenner, turgrupper og seniorsentre.",
        "Heis og HC-toalett.",
    ),
    # Past events (archive, figures, anonymisation).
    (
        "demo-frivillighetsmesse-holmlia-2026",
        "recruitment_fair",
        "Frivillighetsmesse på Holmlia",
        -60,
        12,
        4,
        "Søndre Nordstrand",
        "Bydel Søndre Nordstrand",
        "Holmlia senter",
        "",
        50,
        ["everyone"],
        "nb_en",
        "Lag og foreninger i Søndre Nordstrand viste fram arbeidet sitt og rekrutterte nye frivillige.",
        "Trinnfri adkomst.",
    ),
    (
        "demo-styrekurs-host",
        "course",
        "Styrekurs for nye foreninger (høst)",
        -40,
        18,
        3,
        "Gamle Oslo",
        "Kulturetaten",
        "Frivilligkontoret, Tøyengata 51",
        "",
        25,
        ["new_initiatives"],
        "nb",
        "Grunnkurs i styrearbeid for nye foreninger.",
        "Trinnfri adkomst og heis.",
    ),
    (
        "demo-nettverksmote-stovner-var",
        "network_meeting",
        "Nettverksmøte for frivilligheten i Stovner",
        -20,
        18,
        2,
        "Stovner",
        "Kulturetaten",
        "Stovner bydelshus, Karl Fossums vei 4",
        "",
        40,
        ["everyone"],
        "nb",
        "Erfaringsdeling mellom lag og foreninger på Stovner.",
        "Trinnfri adkomst og teleslynge.",
    ),
]


def _load_events(stdout: TextIO) -> int:
    created = 0
    for (
        slug,
        kind,
        title,
        days,
        hour,
        hours,
        district,
        unit_name,
        place,
        venue_part,
        capacity,
        groups,
        language,
        description,
        accessibility,
    ) in EVENTS:
        if Event.objects.filter(slug=slug).exists():
            continue
        venue = _venue(venue_part) if venue_part else None
        starts_at = _at(days, hour)
        event = Event.objects.create(
            slug=slug,
            kind=kind,
            title=title,
            description=description,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=hours),
            registration_deadline=starts_at - datetime.timedelta(days=1),
            unit=Unit.objects.get(name=unit_name),
            district=_district(district),
            venue=venue,
            place="" if venue else place,
            online_url="https://meet.oslo.kommune.no/meraapen-skole" if not place else "",
            target_groups=groups,
            language=language,
            accessibility=accessibility,
            capacity=capacity,
            created_at=starts_at - datetime.timedelta(days=45),
        )
        created += 1
        _add_registrations(event, past=days < 0)
    return created


def _add_registrations(event: Event, *, past: bool) -> None:
    """Fill events realistically; the Furuset fair is left with exactly two places."""
    if event.slug == "demo-frivillighetsmesse-furuset":
        wanted = event.capacity - 2
    elif past:
        wanted = int(event.capacity * 0.7)
    else:
        wanted = event.capacity // 3
    taken = 0
    number = 0
    registrations = []
    while taken < wanted:
        name, organisation = DEMO_PEOPLE[number % len(DEMO_PEOPLE)]
        size = min(1 + number % 3, wanted - taken)
        registration = Registration(
            event=event,
            name=name,
            email=f"deltaker{number + 1}@example.org",
            organisation_name=organisation,
            party_size=size,
            created_at=event.created_at + datetime.timedelta(days=1 + number % 20),
            attended=(number % 5 != 0) if past else None,
        )
        registration.set_places(size)
        registrations.append(registration)
        taken += size
        number += 1
    Registration.objects.bulk_create(registrations)
    event.confirmed_places = taken
    event.save(update_fields=["confirmed_places"])


def _load_meeting_places(stdout: TextIO) -> int:
    today = timezone.localdate()
    place, _ = MeetingPlace.objects.get_or_create(
        title=EXAMPLE_MEETING_PLACE_TITLE,
        defaults={
            "description": "Åpen møteplass hver onsdag: kom og snakk med lag og foreninger om hvordan du kan bli frivillig, "
            "få hjelp til å starte en forening, eller bare ta en kaffe. Ingen påmelding nødvendig, men meld deg gjerne på "
            "så vi vet hvor mange som kommer.",
            "unit": Unit.objects.get(name="Bydel Alna"),
            "district": _district("Alna"),
            "venue": _venue("Deichman Furuset"),
            "place": "" if _venue("Deichman Furuset") else "Deichman Furuset, Trygve Lies plass 1",
            "weekday": MeetingPlace.Weekday.WEDNESDAY,
            "start_time": datetime.time(17, 0),
            "end_time": datetime.time(19, 0),
            "first_date": today - datetime.timedelta(days=21),
            "last_date": today + datetime.timedelta(days=70),
            "capacity": 30,
            "target_groups": ["everyone", "inclusion_diversity"],
            "language": "nb_easy",
            "accessibility": "Trinnfri adkomst, HC-toalett. Enkel norsk, og vi har ofte frivillige som snakker somali, urdu og arabisk.",
        },
    )
    return generate_series_events(meeting_place=place)


def load(*, stdout: TextIO) -> None:
    organisations = _load_organisations(stdout)
    events = _load_events(stdout)
    series_events = _load_meeting_places(stdout)
    stdout.write(
        f"Nettverk: {organisations} organisations, {events} events and "
        f"{series_events} meeting-place events added."
    )
