"""Demo grant schemes: realistic Oslo schemes, marked as example data. Idempotent.

Deadlines are placed relative to the day the demo is loaded, so some always fall within
the next 30 days, some are rolling, one scheme is closed for the season and one is
discontinued. A scheme that exists already is left alone (an editor may have changed it).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import TextIO

from django.utils import timezone

from frivilligkontor.choices import ActivityArea as A
from frivilligkontor.choices import TargetGroup as T
from frivilligkontor.models import Unit, User
from tilskudd.models import GrantDeadline, GrantScheme, same_day_in_year

GUIDE_URL = "https://www.oslo.kommune.no/tilskudd-legater-og-stipend/"
PORTAL_URL = "https://www.oslo.kommune.no/tilskudd-legater-og-stipend/"

FRIVILLIGHET_PURPOSE = (
    "Frivillighetsmidlene skal styrke det frivillige arbeidet i bydelen og gjøre det lettere "
    "for flere å delta i fritidsaktiviteter, møteplasser og nærmiljøtiltak. Bydelen prioriterer "
    "tiltak som når grupper som deltar lite i dag, og nye initiativ."
)
FRIVILLIGHET_WHO = (
    "Frivillige organisasjoner, foreninger, lag og uorganiserte grupper med aktivitet i bydelen. "
    "Organisasjoner må være registrert i Frivillighetsregisteret eller Enhetsregisteret; "
    "uorganiserte grupper kan søke sammen med en voksen kontaktperson. Private virksomheter og "
    "politiske partier kan ikke søke."
)


@dataclass
class Demo:
    slug: str
    name: str
    owner: str
    summary: str
    target_groups: list[str]
    activity_areas: list[str]
    deadlines: list[tuple[str, int | None, str]]  # (kind, days from today, label)
    purpose: str = FRIVILLIGHET_PURPOSE
    who_can_apply: str = FRIVILLIGHET_WHO
    total: int | None = None
    amount: tuple[int | None, int | None] = (None, None)
    status: str = GrantScheme.Status.ACTIVE
    status_notice: str = ""
    editor: str = "redaktor"
    checked_days_ago: int = 20
    contact: str = "Frivillighetskoordinator i bydelen"
    districts: list[str] = field(default_factory=list)


def schemes() -> list[Demo]:
    D, Y, R = GrantDeadline.Kind.DATED, GrantDeadline.Kind.YEARLY, GrantDeadline.Kind.ROLLING
    return [
        Demo(
            "frivillighetsmidler-sondre-nordstrand",
            "Frivillighetsmidler – Bydel Søndre Nordstrand",
            "Bydel Søndre Nordstrand",
            "Støtte til frivillige lag og foreninger som skaper aktivitet og møteplasser på "
            "Holmlia, Mortensrud, Bjørndal, Stovner og Hauketo.",
            [T.CHILDREN_YOUTH, T.INCLUSION_DIVERSITY, T.EVERYONE],
            [A.NEIGHBOURHOOD, A.CHILDREN_YOUTH, A.CULTURE],
            [(D, 18, "")],
            total=1_200_000,
            amount=(5_000, 60_000),
            editor="sondrenordstrand",
        ),
        Demo(
            "aktivitetsmidler-barn-unge-sondre-nordstrand",
            "Aktivitetsmidler for barn og unge – Søndre Nordstrand",
            "Bydel Søndre Nordstrand",
            "Midler til gratis og lavterskel fritidsaktiviteter for barn og unge 6–18 år "
            "i bydelen, i helger og skoleferier.",
            [T.CHILDREN_YOUTH],
            [A.CHILDREN_YOUTH, A.SPORT, A.CULTURE],
            [(D, 9, "Vinterrunden")],
            purpose=(
                "Aktivitetsmidlene skal gi flere barn og unge i Søndre Nordstrand et godt "
                "fritidstilbud, uansett familiens økonomi. Tiltak i skoleferier og helger og "
                "tiltak som inkluderer barn som ikke deltar i organisert fritid i dag "
                "prioriteres."
            ),
            total=800_000,
            amount=(10_000, 80_000),
            editor="sondrenordstrand",
        ),
        Demo(
            "frivillighetsmidler-alna",
            "Frivillighetsmidler – Bydel Alna",
            "Bydel Alna",
            "Bydel Alnas frivillighetsmidler til lag og foreninger på Furuset, Lindeberg, "
            "Trosterud, Haugerud, Tveita og Hellerud.",
            [T.EVERYONE, T.INCLUSION_DIVERSITY, T.NEW_INITIATIVES],
            [A.NEIGHBOURHOOD, A.INTEGRATION, A.HUMANITARIAN],
            [(D, 25, "")],
            total=1_000_000,
            amount=(5_000, 50_000),
            editor="alna",
        ),
        Demo(
            "sommeraktiviteter-barn-unge-alna",
            "Sommeraktiviteter for barn og unge – Bydel Alna",
            "Bydel Alna",
            "Tilskudd til aktiviteter for barn og unge som er i Oslo i sommerferien.",
            [T.CHILDREN_YOUTH],
            [A.CHILDREN_YOUTH, A.OUTDOORS, A.SPORT],
            [(Y, 144, "")],
            status=GrantScheme.Status.CLOSED_FOR_SEASON,
            status_notice=(
                "Ordningen er stengt for sesongen. Neste søknadsrunde åpner i mars, med frist i april."
            ),
            amount=(5_000, 40_000),
            editor="alna",
        ),
        Demo(
            "integreringsmidler-alna",
            "Integreringsmidler – Bydel Alna",
            "Bydel Alna",
            "Støtte til tiltak som fremmet inkludering og norskopplæring gjennom frivillig arbeid.",
            [T.INCLUSION_DIVERSITY],
            [A.INTEGRATION, A.EDUCATION],
            [(D, -200, "")],
            status=GrantScheme.Status.DISCONTINUED,
            status_notice=(
                "Integreringsmidlene er lagt ned fra 2026 og slått sammen med bydelens "
                "frivillighetsmidler. Søk frivillighetsmidler i stedet."
            ),
            editor="alna",
        ),
        Demo(
            "frivillighetsmidler-grunerlokka",
            "Frivillighetsmidler – Bydel Grünerløkka",
            "Bydel Grünerløkka",
            "Støtte til frivillig aktivitet og nabolagsarbeid på Grünerløkka, Sofienberg, "
            "Rodeløkka og Løren.",
            [T.EVERYONE, T.SENIORS],
            [A.NEIGHBOURHOOD, A.CULTURE],
            [(D, 40, "")],
            total=900_000,
            amount=(5_000, 50_000),
        ),
        Demo(
            "nye-initiativ-grunerlokka",
            "Tilskudd til nye initiativ – Bydel Grünerløkka",
            "Bydel Grünerløkka",
            "Små beløp til naboer og grupper som vil starte noe nytt, uten å være en registrert "
            "forening.",
            [T.NEW_INITIATIVES, T.EVERYONE],
            [A.NEIGHBOURHOOD, A.OTHER],
            [(R, None, "")],
            amount=(1_000, 15_000),
            who_can_apply=(
                "Uorganiserte grupper og nye initiativ med minst to voksne kontaktpersoner "
                "som bor eller har aktivitet i bydelen."
            ),
        ),
        Demo(
            "frivillighetsmidler-gamle-oslo",
            "Frivillighetsmidler – Bydel Gamle Oslo",
            "Bydel Gamle Oslo",
            "Tilskudd til frivillige organisasjoner med aktiviteter i Gamle Oslo, blant annet på "
            "Tøyen, Grønland, Kampen og Vålerenga.",
            [T.INCLUSION_DIVERSITY, T.EVERYONE],
            [A.NEIGHBOURHOOD, A.INTEGRATION, A.HUMANITARIAN],
            [(D, 55, "")],
            total=1_100_000,
            amount=(5_000, 60_000),
        ),
        Demo(
            "lokale-kulturmidler-gamle-oslo",
            "Lokale kulturmidler – Bydel Gamle Oslo",
            "Bydel Gamle Oslo",
            "Støtte til lokale kulturarrangementer, konserter og forestillinger i bydelen.",
            [T.EVERYONE, T.CHILDREN_YOUTH],
            [A.CULTURE],
            [(D, 4, "Høstrunden"), (D, 130, "Vårrunden")],
            amount=(3_000, 30_000),
        ),
        Demo(
            "frivillighetsmidler-stovner",
            "Frivillighetsmidler – Bydel Stovner",
            "Bydel Stovner",
            "Midler til frivillige lag og foreninger på Vestli, Haugenstua, Rommen, Fossum og "
            "Stovner.",
            [T.CHILDREN_YOUTH, T.SENIORS, T.EVERYONE],
            [A.NEIGHBOURHOOD, A.SPORT, A.CHILDREN_YOUTH],
            [(D, 12, "")],
            total=700_000,
            amount=(5_000, 40_000),
        ),
        Demo(
            "frivillighetsmidler-sagene",
            "Frivillighetsmidler – Bydel Sagene",
            "Bydel Sagene",
            "Støtte til aktiviteter som skaper møteplasser og fellesskap på Sagene, Bjølsen, "
            "Sandaker og Torshov.",
            [T.EVERYONE],
            [A.NEIGHBOURHOOD, A.CULTURE],
            [(D, 33, "")],
            amount=(5_000, 40_000),
        ),
        Demo(
            "naermiljomidler-grorud",
            "Nærmiljømidler – Bydel Grorud",
            "Bydel Grorud",
            "Løpende støtte til dugnader, nabolagsfester og små nærmiljøtiltak i Grorud, "
            "Ammerud og Romsås.",
            [T.EVERYONE],
            [A.NEIGHBOURHOOD, A.OUTDOORS],
            [(R, None, "")],
            amount=(1_000, 20_000),
            checked_days_ago=260,
        ),
        Demo(
            "seniortiltak-nordstrand",
            "Tilskudd til seniortiltak – Bydel Nordstrand",
            "Bydel Nordstrand",
            "Støtte til møteplasser, turgrupper og aktiviteter for eldre i bydelen.",
            [T.SENIORS],
            [A.HEALTH, A.NEIGHBOURHOOD, A.OUTDOORS],
            [(Y, 99, "")],
            amount=(5_000, 30_000),
        ),
        Demo(
            "motesteder-seniorer-ostensjo",
            "Møteplasser for seniorer – Bydel Østensjø",
            "Bydel Østensjø",
            "Tilskudd til frivillige som driver seniortreff, turgrupper og digital hjelp for eldre.",
            [T.SENIORS, T.DISABILITIES],
            [A.HEALTH, A.EDUCATION],
            [(D, 21, "")],
            amount=(5_000, 25_000),
        ),
        Demo(
            "frivillighetsmidler-frogner",
            "Frivillighetsmidler – Bydel Frogner",
            "Bydel Frogner",
            "Støtte til frivillige tiltak for barn, unge og eldre i Frogner, Majorstuen og Skillebekk.",
            [T.CHILDREN_YOUTH, T.SENIORS],
            [A.NEIGHBOURHOOD, A.CHILDREN_YOUTH],
            [(D, 45, "")],
            amount=(5_000, 40_000),
            checked_days_ago=200,
        ),
        Demo(
            "tilskudd-til-frivillige-organisasjoner",
            "Tilskudd til frivillige organisasjoner",
            "Kulturetaten",
            "Driftsstøtte til frivillige organisasjoner som har aktivitet i hele Oslo.",
            [T.EVERYONE],
            [A.HUMANITARIAN, A.CULTURE, A.NEIGHBOURHOOD, A.OTHER],
            [(Y, 9, "")],
            purpose=(
                "Ordningen skal bidra til et mangfoldig og aktivt frivillig Oslo ved å gi "
                "driftsstøtte til organisasjoner med bred aktivitet for byens innbyggere."
            ),
            who_can_apply=(
                "Frivillige organisasjoner registrert i Frivillighetsregisteret, med aktivitet i "
                "flere bydeler og et demokratisk oppbygd styre."
            ),
            total=12_000_000,
            amount=(20_000, 400_000),
        ),
        Demo(
            "aktivitetsmidler-barn-og-unge",
            "Aktivitetsmidler for barn og unge",
            "Kulturetaten",
            "Tilskudd til fritidsaktiviteter som gjør det mulig for alle barn og unge å delta, "
            "uavhengig av foreldrenes økonomi.",
            [T.CHILDREN_YOUTH, T.INCLUSION_DIVERSITY],
            [A.CHILDREN_YOUTH, A.SPORT, A.CULTURE],
            [(D, 28, "")],
            purpose=(
                "Aktivitetsmidlene skal redusere økonomiske hindringer for barn og unges "
                "deltakelse i organiserte fritidsaktiviteter i hele byen."
            ),
            who_can_apply="Frivillige organisasjoner med aktiviteter for barn og unge under 18 år i Oslo.",
            total=6_000_000,
            amount=(10_000, 200_000),
        ),
        Demo(
            "arrangementsstotte",
            "Arrangementsstøtte",
            "Kulturetaten",
            "Støtte til åpne arrangementer i Oslo: festivaler, markeringer og kulturdager.",
            [T.EVERYONE],
            [A.CULTURE],
            [(R, None, "")],
            who_can_apply=(
                "Frivillige organisasjoner og arrangører med åpne arrangementer i Oslo. "
                "Søk senest åtte uker før arrangementet."
            ),
            amount=(5_000, 100_000),
        ),
        Demo(
            "tilskudd-til-kunst-og-kultur",
            "Tilskudd til kunst og kultur",
            "Kulturetaten",
            "Prosjektstøtte til kunst- og kulturprosjekter med publikum i Oslo.",
            [T.EVERYONE],
            [A.CULTURE],
            [(D, 70, "")],
            total=15_000_000,
            amount=(20_000, 300_000),
            who_can_apply="Kunstnere, kulturaktører og frivillige kulturorganisasjoner i Oslo.",
        ),
        Demo(
            "barne-og-ungdomstiltak",
            "Barne- og ungdomstiltak",
            "Kulturetaten",
            "Tilskudd til barne- og ungdomsorganisasjoner og tiltak der unge selv er med og "
            "bestemmer.",
            [T.CHILDREN_YOUTH],
            [A.CHILDREN_YOUTH, A.EDUCATION],
            [(D, 100, "")],
            total=4_000_000,
            amount=(10_000, 150_000),
        ),
        Demo(
            "tilskudd-funksjonsnedsettelse",
            "Tilskudd til tiltak for personer med funksjonsnedsettelse",
            "Kulturetaten",
            "Støtte til fritids- og kulturtilbud som er tilrettelagt for personer med "
            "funksjonsnedsettelse.",
            [T.DISABILITIES, T.CHILDREN_YOUTH],
            [A.HEALTH, A.CULTURE, A.SPORT],
            [(D, 60, "")],
            amount=(10_000, 120_000),
        ),
        Demo(
            "naermiljotilskudd",
            "Nærmiljøtilskudd",
            "Bymiljøetaten",
            "Tilskudd til frivillig arbeid som gjør nærmiljøet grønnere, tryggere og triveligere: "
            "parker, turstier, dugnader og nabolagshager.",
            [T.EVERYONE, T.NEW_INITIATIVES],
            [A.OUTDOORS, A.NEIGHBOURHOOD],
            [(Y, 84, "")],
            total=3_000_000,
            amount=(5_000, 75_000),
        ),
    ]


def load(*, stdout: TextIO) -> None:
    today = timezone.localdate()
    units = {unit.name: unit for unit in Unit.objects.all()}
    users = {user.username: user for user in User.objects.filter(is_staff=True)}
    created_count = 0
    for demo in schemes():
        owner = units[demo.owner]
        scheme, created = GrantScheme.objects.get_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "owner": owner,
                "summary": demo.summary,
                "purpose": demo.purpose,
                "who_can_apply": demo.who_can_apply,
                "target_groups": [str(value) for value in demo.target_groups],
                "activity_areas": [str(value) for value in demo.activity_areas],
                "total_amount": demo.total,
                "amount_min": demo.amount[0],
                "amount_max": demo.amount[1],
                "application_url": PORTAL_URL,
                "guidelines_url": GUIDE_URL,
                "contact_name": demo.contact
                if owner.kind == Unit.Kind.DISTRICT
                else "Frivilligkontoret",
                "contact_phone": "21 80 21 80",
                "status": demo.status,
                "status_notice": demo.status_notice,
                "responsible_editor": users.get(demo.editor) or users.get("redaktor"),
                "review_interval_days": 180,
                "last_checked_on": today - dt.timedelta(days=demo.checked_days_ago),
                "is_example": True,
            },
        )
        if not created:
            continue
        created_count += 1
        if owner.kind == Unit.Kind.DISTRICT:
            scheme.districts.add(owner)
        for kind, days, label in demo.deadlines:
            day = None if days is None else today + dt.timedelta(days=days)
            if kind == GrantDeadline.Kind.YEARLY and day is not None:
                # Yearly deadlines were first set a year ago; the next one is `days` away.
                day = same_day_in_year(day, day.year - 1)
            GrantDeadline.objects.create(scheme=scheme, kind=kind, date=day, label=label)
    stdout.write(f"Grant schemes: {created_count} added ({len(schemes())} example schemes).")
